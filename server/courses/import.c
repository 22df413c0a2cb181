/*
 * dysgu import-courses: the checked courses/ folder into the database in one
 * transaction (courses.h, docs/courses-format.md).
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>
#include <unicode/uversion.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/sbuf.h"
#include "courses/courses.h"
#include "view/collate.h"
#include "view/markdown.h"

#define FORMAT_VERSION   "dysgu-courses 1"
#define WORDS_PER_MINUTE 200

/* What one kind of thing (courses, pathways) did in an attempt. */
struct tally {
    size_t added, updated, unchanged;
    struct sbuf lines; /* "  added SLUG\n" ... */
};

static void hash_part(crypto_hash_sha256_state *h, const char *name, const char *data, size_t len)
{
    char head[160];
    int n = snprintf(head, sizeof(head), "%s\n%zu\n", name, len);

    crypto_hash_sha256_update(h, (const unsigned char *)head, (unsigned long long)n);
    crypto_hash_sha256_update(h, (const unsigned char *)data, len);
}

void course_source_hash(const struct course_src *c, char hex[65])
{
    crypto_hash_sha256_state h;
    unsigned char out[crypto_hash_sha256_BYTES];
    char icu[U_MAX_VERSION_STRING_LENGTH], md[64], head[160];
    UVersionInfo v;
    size_t i;
    int l, n;

    u_getVersion(v);
    u_versionToString(v, icu);
    markdown_version(md, sizeof(md));
    n = snprintf(head, sizeof(head), "%s\nicu %s\n%s\n", FORMAT_VERSION, icu, md);
    crypto_hash_sha256_init(&h);
    crypto_hash_sha256_update(&h, (const unsigned char *)head, (unsigned long long)n);
    hash_part(&h, "course.json", c->json, c->json_len);
    /* by position, Welsh before English: the order of the file names */
    for (i = 0; i < c->n_lessons; i++)
        for (l = LANG_CY; l < LANG__COUNT; l++)
            if (c->lessons[i].file[l])
                hash_part(&h, c->lessons[i].file[l], c->lessons[i].raw[l],
                          c->lessons[i].raw_len[l]);
    crypto_hash_sha256_final(&h, out);
    sodium_bin2hex(hex, 65, out, sizeof(out));
}

/* Minutes to read the lesson: its longer language at 200 words a minute, at least 1. */
static int lesson_minutes(const struct lesson_src *ls)
{
    unsigned words =
        ls->words[LANG_CY] > ls->words[LANG_EN] ? ls->words[LANG_CY] : ls->words[LANG_EN];

    return words / WORDS_PER_MINUTE > 1 ? (int)(words / WORDS_PER_MINUTE) : 1;
}

static enum db_rc write_lessons(struct db *db, struct arena *a, long long id,
                                const struct course_src *c)
{
    enum db_rc rc = course_store_unplace_lessons(db, id);
    size_t i;

    for (i = 0; rc == DB_OK && i < c->n_lessons; i++) {
        const struct lesson_src *ls = &c->lessons[i];
        const char *html[LANG__COUNT] = { NULL, NULL };
        int l;

        for (l = LANG_CY; l < LANG__COUNT; l++)
            if (ls->file[l])
                html[l] = markdown_html(a, ls->body[l], ls->body_len[l]);
        rc = course_store_put_lesson(db, id, ls, html, lesson_minutes(ls));
    }
    if (rc == DB_OK)
        rc = course_store_recount(db, id);
    return rc;
}

static enum db_rc import_course(struct db *db, const struct welshfold *wf,
                                const struct course_src *c, struct tally *t)
{
    struct course_write w;
    struct sbuf fold;
    struct arena a;
    char hash[65], *old = NULL;
    long long id = 0;
    enum db_rc rc;
    int l, added;

    arena_init(&a, 0);
    course_source_hash(c, hash);
    rc = course_store_find(db, &a, c->slug, &id, &old);
    if (rc != DB_OK && rc != DB_NOT_FOUND)
        goto out;
    if (rc == DB_OK && old && !strcmp(old, hash)) {
        t->unchanged++;
        goto out;
    }
    added = rc == DB_NOT_FOUND;
    memset(&w, 0, sizeof(w));
    w.src = c;
    w.source_hash = hash;
    sbuf_init(&fold, &a, COURSE_FOLD_MAX);
    course_search_fold(wf, c->title, c->summary, &fold);
    w.search_fold = fold.buf;
    if (sbuf_failed(&fold)) {
        log_error("cannot fold the search text of '%s': too long", c->slug);
        rc = DB_ERROR;
        goto out;
    }
    for (l = LANG_CY; l < LANG__COUNT; l++) {
        w.sortkey_len[l] =
            collate_sortkey((enum lang)l, c->title[l], w.sortkey[l], sizeof(w.sortkey[l]));
        if (w.sortkey_len[l] == 0) {
            log_error("cannot make the sort key of '%s': no ICU collator", c->slug);
            rc = DB_ERROR;
            goto out;
        }
    }
    rc = added ? course_store_insert(db, &w, &id) : course_store_update(db, id, &w);
    if (rc == DB_OK)
        rc = write_lessons(db, &a, id, c);
    if (rc != DB_OK)
        goto out;
    if (added)
        t->added++;
    else
        t->updated++;
    sbuf_addf(&t->lines, "  %s %s\n", added ? "added" : "updated", c->slug);
out:
    arena_release(&a);
    return rc;
}

static int same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* 1 if the stored pathway (cur, its courses joined by ' ') equals p. */
static int pathway_same(const struct pathway_src *p, const struct pathway_src *cur,
                        const char *courses)
{
    size_t i, off = 0, n;
    int l;

    for (l = LANG_CY; l < LANG__COUNT; l++)
        if (!same_text(p->title[l], cur->title[l]) || !same_text(p->summary[l], cur->summary[l]) ||
            !same_text(p->audience[l], cur->audience[l]))
            return 0;
    if (!same_text(p->community, cur->community) || !courses)
        return 0;
    for (i = 0; i < p->n_courses; i++) {
        n = strlen(p->courses[i]);
        if (strncmp(courses + off, p->courses[i], n) ||
            (courses[off + n] != ' ' && courses[off + n]))
            return 0;
        off += n + (courses[off + n] == ' ');
    }
    return courses[off] == '\0';
}

static enum db_rc import_pathway(struct db *db, const struct pathway_src *p, int position,
                                 struct tally *t)
{
    struct pathway_src cur;
    struct arena a;
    char *courses = NULL;
    long long id = 0;
    int cur_position = 0, added;
    enum db_rc rc;

    arena_init(&a, 0);
    rc = pathway_store_find(db, &a, p->slug, &id, &cur, &courses, &cur_position);
    if (rc != DB_OK && rc != DB_NOT_FOUND)
        goto out;
    added = rc == DB_NOT_FOUND;
    if (!added && cur_position == position && pathway_same(p, &cur, courses)) {
        t->unchanged++;
        goto out;
    }
    rc = added ? pathway_store_insert(db, p, position, &id)
               : pathway_store_update(db, id, p, position);
    if (rc == DB_OK)
        rc = pathway_store_set_courses(db, id, p);
    if (rc != DB_OK)
        goto out;
    if (added)
        t->added++;
    else
        t->updated++;
    sbuf_addf(&t->lines, "  %s %s\n", added ? "added" : "updated", p->slug);
out:
    arena_release(&a);
    return rc;
}

static void tally_reset(struct tally *t)
{
    t->added = t->updated = t->unchanged = 0;
    sbuf_reset(&t->lines);
}

/* The whole import, for its transaction (db_retry). */
struct import_unit {
    const struct course_tree *tree;
    const struct welshfold *wf;
    struct tally *courses, *pathways;
};

/* One attempt: everything in one transaction, rolled back on any failure. */
static enum db_rc import_all(struct db *db, void *arg)
{
    const struct import_unit *u = arg;
    enum db_rc rc = db_begin(db);
    size_t i;

    tally_reset(u->courses);
    tally_reset(u->pathways);
    for (i = 0; rc == DB_OK && i < u->tree->n_courses; i++)
        rc = import_course(db, u->wf, &u->tree->courses[i], u->courses);
    for (i = 0; rc == DB_OK && i < u->tree->n_pathways; i++)
        rc = import_pathway(db, &u->tree->pathways[i], (int)i + 1, u->pathways);
    if (rc == DB_OK)
        return db_commit(db);
    db_rollback(db);
    /* a concurrent import inserted the same slug first: this one runs again
     * and finds it, like after a deadlock */
    if (rc == DB_CONFLICT || rc == DB_STALE) {
        log_warn("importing courses: transaction lost (%s), trying again", db_rc_name(rc));
        rc = DB_STALE;
    }
    return rc;
}

static void tally_print(const char *what, const struct tally *t)
{
    fprintf(stdout, "%s: %zu added, %zu updated, %zu unchanged\n%s", what, t->added, t->updated,
            t->unchanged, t->lines.buf);
}

int courses_cli_import(struct db *db, const struct welshfold *wf, const char *dir)
{
    struct tally courses = { 0, 0, 0, SBUF_INIT }, pathways = { 0, 0, 0, SBUF_INIT };
    struct course_tree tree;
    struct import_unit u = { &tree, wf, &courses, &pathways };
    struct src_errors e;
    struct arena a;
    enum db_rc rc = DB_ERROR;
    int ret = 1;

    arena_init(&a, 0);
    src_errors_init(&e, &a);
    if (course_tree_load(&a, &e, dir, &tree)) {
        fputs(e.text.buf, stderr);
        if (sbuf_failed(&e.text))
            fputs("(more mistakes not shown)\n", stderr);
        fprintf(stderr, "%zu mistake%s in %s: nothing imported\n", e.n, e.n == 1 ? "" : "s", dir);
        goto out;
    }
    rc = db_retry(db, import_all, &u);
    if (rc != DB_OK) {
        log_error("cannot import the courses from '%s': %s", dir, db_rc_name(rc));
        goto out;
    }
    tally_print("courses", &courses);
    tally_print("pathways", &pathways);
    fflush(stdout);
    ret = 0;
out:
    sbuf_release(&courses.lines);
    sbuf_release(&pathways.lines);
    arena_release(&a);
    return ret;
}
