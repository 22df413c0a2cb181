/*
 * courses: the courses/ folder imported into the database (issue #4,
 * docs/courses-format.md). `dysgu import-courses DIR` checks every file
 * (source.h), then writes in one transaction: new courses are inserted,
 * changed ones updated (a course whose files hash the same is left alone),
 * lessons are matched by name so progress survives reordering, and nothing
 * is ever deleted.
 *
 * Layers: source_*.c read and check the files, store.c holds every SQL
 * statement of the import (the SQL_COURSE_* table), import.c decides what
 * to write and reports it.
 */
#pragma once

#include <stddef.h>

#include "core/lang.h"
#include "courses/source.h"
#include "db/db.h"

struct arena;

#define COURSE_SORTKEY_MAX 255 /* bytes: courses.sort_cy/sort_en VARBINARY(255) */

/* What the import writes for a course besides its source. */
struct course_write {
    const struct course_src *src;
    const char *source_hash; /* 64 hex characters */
    unsigned char sortkey[LANG__COUNT][COURSE_SORTKEY_MAX];
    size_t sortkey_len[LANG__COUNT];
};

/* --- store.c --------------------------------------------------------- */

/* The course with slug: its id and source_hash (in a). DB_NOT_FOUND if none. */
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
 * deadlock), print "courses: N added, N updated, N unchanged" and the slugs
 * (pathways likewise) to stdout and return 0; 1 on a database failure.
 */
int courses_cli_import(struct db *db, const char *dir);
