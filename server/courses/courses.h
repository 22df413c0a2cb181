/*
 * courses: the courses/ folder imported into the database (issue #4,
 * docs/courses-format.md). `dysgu import-courses DIR` checks every file
 * (source.h), then writes in one transaction: new courses are inserted,
 * changed ones updated (a course whose files hash the same is left alone),
 * lessons are matched by name so progress survives reordering, and nothing
 * is ever deleted.
 *
 * The courses table has one owner, this folder: struct course is its one
 * row type and course_store_by_slug its one look-up by slug; other stores
 * read courses in their own statements only through COURSE_COLUMNS (below).
 *
 * Layers: source_*.c read and check the files, store.c holds every SQL
 * statement of the import and the course's own reads and writes (the
 * SQL_COURSE_* table), import.c decides what to write and reports it.
 */
#pragma once

#include <stddef.h>

#include "core/lang.h"
#include "courses/source.h"
#include "db/db.h"

struct arena;
struct req;
struct sbuf;
struct welshfold;

#define COURSE_SORTKEY_MAX 255       /* bytes: courses.sort_cy/sort_en VARBINARY(255) */
#define COURSE_FOLD_MAX    (1 << 20) /* bytes of a course's search_fold: far beyond its texts */

/*
 * A course as every feature reads it: the one struct for a row of the
 * courses table (this folder owns it). Texts in both languages, indexed by
 * enum lang; outcomes and audience are read only with COURSE_COLUMNS_FULL
 * (NULL otherwise), a text may be NULL where the course lacks it.
 */
struct course {
    long long id;
    const char *slug;
    const char *title[LANG__COUNT];
    const char *summary[LANG__COUNT];
    const char *role_family, *role, *level, *format; /* taxonomy codes (taxonomy.h) */
    int duration_minutes;
    int in_lang[LANG__COUNT]; /* taught in cy, in en */
    int published;
    int lesson_count;                  /* positioned lessons */
    long long enrolled_count;          /* active enrolments (enrol.h keeps it) */
    const char *outcomes[LANG__COUNT]; /* one outcome a line */
    const char *audience[LANG__COUNT];
};

/*
 * How another store reads courses into struct course in its own statements
 * (alias the table c): SELECT COURSE_COLUMNS FROM courses c ..., then
 * db_row_next(st, a, COURSE_SIG "...", COURSE_FIELDS(&row), ...more), so
 * a statement may add columns of its own after them. The _FULL forms add
 * outcomes and audience.
 */
#define COURSE_COLUMNS                                                                             \
    "c.id, c.slug, c.title_cy, c.title_en, c.summary_cy, c.summary_en, c.role_family, c.role, "    \
    "c.level, c.format, c.duration_minutes, c.in_cy, c.in_en, c.published, c.lesson_count, "       \
    "c.enrolled_count"
#define COURSE_SIG "lsssssssssibbbil"
#define COURSE_FIELDS(c)                                                                           \
    &(c)->id, &(c)->slug, &(c)->title[LANG_CY], &(c)->title[LANG_EN], &(c)->summary[LANG_CY],      \
        &(c)->summary[LANG_EN], &(c)->role_family, &(c)->role, &(c)->level, &(c)->format,          \
        &(c)->duration_minutes, &(c)->in_lang[LANG_CY], &(c)->in_lang[LANG_EN], &(c)->published,   \
        &(c)->lesson_count, &(c)->enrolled_count
#define COURSE_COLUMNS_FULL                                                                        \
    COURSE_COLUMNS ", c.outcomes_cy, c.outcomes_en, c.audience_cy, c.audience_en"
#define COURSE_SIG_FULL COURSE_SIG "ssss"
#define COURSE_FIELDS_FULL(c)                                                                      \
    COURSE_FIELDS(c), &(c)->outcomes[LANG_CY], &(c)->outcomes[LANG_EN], &(c)->audience[LANG_CY],   \
        &(c)->audience[LANG_EN]

/* What the import writes for a course besides its source. */
struct course_write {
    const struct course_src *src;
    const char *source_hash; /* 64 hex characters */
    unsigned char sortkey[LANG__COUNT][COURSE_SORTKEY_MAX];
    size_t sortkey_len[LANG__COUNT];
    const char *search_fold; /* course_search_fold() of the source */
};

/*
 * The courses.search_fold of a course (migration 0017): welshfold_text() of
 * both languages' titles and summaries, in that order, appended to out. The
 * catalogue searches it with MATCH (search_fold) AGAINST (welshfold_query()).
 * Every write of a course's text sets it from here (import, test fixtures).
 */
void course_search_fold(const struct welshfold *wf, const char *const title[LANG__COUNT],
                        const char *const summary[LANG__COUNT], struct sbuf *out);

/* --- store.c --------------------------------------------------------- */

/* The course with slug, published or not (whoever shows it decides who may
 * see an unpublished one), outcomes and audience too; DB_NOT_FOUND if none.
 * Strings in a. */
enum db_rc course_store_by_slug(struct db *db, struct arena *a, const char *slug,
                                struct course *out);

/*
 * Publish (1) or unpublish (0) course_id in one transaction with the audit
 * row "course_published" / "course_unpublished" (actor_id, ip, detail: the
 * slug); *changed 0 (nothing written) when it already was so.
 */
enum db_rc course_store_set_published(struct db *db, long long actor_id, long long course_id,
                                      const char *slug, int published, const char *ip,
                                      int *changed);

/* The course with slug: its id and source_hash (in a; "" while its
 * search_fold is empty, so a row from before migration 0017 is written
 * again). DB_NOT_FOUND if none. */
enum db_rc course_store_find(struct db *db, struct arena *a, const char *slug, long long *id,
                             char **source_hash);

/* Insert the course (published as the file says); *id is the new row's. */
enum db_rc course_store_insert(struct db *db, const struct course_write *w, long long *id);

/* Overwrite the course's content, keys and hash. published changes only when
 * the file says "published": false (an admin's unpublish survives imports). */
enum db_rc course_store_update(struct db *db, long long id, const struct course_write *w);

/* Take every lesson of the course out of the order (position NULL), so the
 * new order can be written without tripping UNIQUE (course_id, position). */
enum db_rc course_store_unplace_lessons(struct db *db, long long course_id);

/* Insert or update the lesson (course_id, ls->name) at ls->position with its
 * titles, Markdown, html[l] (NULL where the language has no file) and minutes. */
enum db_rc course_store_put_lesson(struct db *db, long long course_id, const struct lesson_src *ls,
                                   const char *const html[LANG__COUNT], int minutes);

/* lesson_count from the positioned lessons, and every enrolment's
 * lessons_done from its progress in positioned lessons (a removed lesson no
 * longer counts; its progress rows stay). */
enum db_rc course_store_recount(struct db *db, long long course_id);

/* The pathway with slug as stored: *id, its fields in *out (in a), its
 * course slugs joined by ' ' in *courses and *position. DB_NOT_FOUND if none. */
enum db_rc pathway_store_find(struct db *db, struct arena *a, const char *slug, long long *id,
                              struct pathway_src *out, char **courses, int *position);

enum db_rc pathway_store_insert(struct db *db, const struct pathway_src *p, int position,
                                long long *id);

enum db_rc pathway_store_update(struct db *db, long long id, const struct pathway_src *p,
                                int position);

/* Replace the pathway's courses with p's, in order (course slugs must exist). */
enum db_rc pathway_store_set_courses(struct db *db, long long id, const struct pathway_src *p);

/* --- lookup.c -------------------------------------------------------- */

/*
 * The course named by the route's {slug} (page_slug, course_store_by_slug):
 * 0 with *out filled, or the status the page answers (page_status): 404 for
 * a malformed slug or no such course, 503 or 500 when the database failed.
 * An unpublished course is found: whoever shows it decides who may see it.
 */
int course_from_route(struct req *r, struct course *out);

/* --- import.c -------------------------------------------------------- */

/*
 * The SHA-256 (64 hex characters and a NUL into hex) of c's files in a fixed
 * order (course.json, then lessons by file name), with the format version
 * and the versions of cmark and ICU, whose output (HTML, sort keys) the
 * import stores: a new version of either re-imports every course.
 */
void course_source_hash(const struct course_src *c, char hex[65]);

/*
 * dysgu import-courses DIR: check everything under dir; on any mistake print
 * every "FILE: FIELD: PROBLEM" line to stderr, write nothing and return 1.
 * Otherwise import in one transaction (retried when the database reports a
 * deadlock; each course's search_fold folded by wf), print "courses: N added, N updated, N
 * unchanged" and the slugs (pathways likewise) to stdout and return 0; 1 on a database failure.
 */
int courses_cli_import(struct db *db, const struct welshfold *wf, const char *dir);
