/*
 * Every SQL statement on the courses table's own rows (courses.h): the
 * import, the look-up by slug and publishing.
 */
#include <string.h>

#include "audit/audit.h"
#include "core/arena.h"
#include "courses/courses.h"

enum course_sql {
    SQL_COURSE_FIND,
    SQL_COURSE_BY_SLUG,
    SQL_COURSE_LOCK_PUBLISHED,
    SQL_COURSE_SET_PUBLISHED,
    SQL_COURSE_INSERT,
    SQL_COURSE_UPDATE,
    SQL_COURSE_UNPLACE_LESSONS,
    SQL_COURSE_PUT_LESSON,
    SQL_COURSE_LESSON_COUNT,
    SQL_COURSE_LESSONS_DONE,
    SQL_PATHWAY_FIND,
    SQL_PATHWAY_INSERT,
    SQL_PATHWAY_UPDATE,
    SQL_PATHWAY_CLEAR_COURSES,
    SQL_PATHWAY_ADD_COURSE,
    SQL_COURSE__MAX,
};

static const char *const sql[SQL_COURSE__MAX] = {
    /* an empty fold (a row from before 0017) reads as no hash: written again */
    [SQL_COURSE_FIND] = "SELECT id, IF(search_fold = '', '', source_hash) FROM courses "
                        "WHERE slug = ? FOR UPDATE",
    [SQL_COURSE_BY_SLUG] = "SELECT " COURSE_COLUMNS_FULL " FROM courses c WHERE c.slug = ?",
    [SQL_COURSE_LOCK_PUBLISHED] = "SELECT published FROM courses WHERE id = ? FOR UPDATE",
    [SQL_COURSE_SET_PUBLISHED] =
        "UPDATE courses SET published = ?, updated_at = UTC_TIMESTAMP() WHERE id = ?",
    [SQL_COURSE_INSERT] =
        "INSERT INTO courses (slug, title_cy, title_en, summary_cy, summary_en, outcomes_cy, "
        "outcomes_en, audience_cy, audience_en, role_family, role, level, format, "
        "duration_minutes, in_cy, in_en, published, sort_cy, sort_en, source_hash, search_fold, "
        "created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "UTC_TIMESTAMP(), UTC_TIMESTAMP())",
    [SQL_COURSE_UPDATE] =
        "UPDATE courses SET title_cy = ?, title_en = ?, summary_cy = ?, summary_en = ?, "
        "outcomes_cy = ?, outcomes_en = ?, audience_cy = ?, audience_en = ?, role_family = ?, "
        "role = ?, level = ?, format = ?, duration_minutes = ?, in_cy = ?, in_en = ?, "
        "published = IF(?, 0, published), sort_cy = ?, sort_en = ?, source_hash = ?, "
        "search_fold = ?, updated_at = UTC_TIMESTAMP() WHERE id = ?",
    [SQL_COURSE_UNPLACE_LESSONS] = "UPDATE lessons SET position = NULL WHERE course_id = ?",
    [SQL_COURSE_PUT_LESSON] =
        "INSERT INTO lessons (course_id, name, position, title_cy, title_en, body_cy, body_en, "
        "html_cy, html_en, minutes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON DUPLICATE KEY UPDATE position = VALUES(position), title_cy = VALUES(title_cy), "
        "title_en = VALUES(title_en), body_cy = VALUES(body_cy), body_en = VALUES(body_en), "
        "html_cy = VALUES(html_cy), html_en = VALUES(html_en), minutes = VALUES(minutes)",
    [SQL_COURSE_LESSON_COUNT] = "UPDATE courses SET lesson_count = (SELECT COUNT(*) FROM lessons "
                                "WHERE course_id = ? AND position IS NOT NULL) WHERE id = ?",
    [SQL_COURSE_LESSONS_DONE] =
        "UPDATE enrolments e SET lessons_done = (SELECT COUNT(*) FROM lesson_progress p "
        "JOIN lessons l ON l.id = p.lesson_id WHERE p.user_id = e.user_id "
        "AND l.course_id = e.course_id AND l.position IS NOT NULL) WHERE e.course_id = ?",
    [SQL_PATHWAY_FIND] =
        "SELECT p.id, p.title_cy, p.title_en, p.summary_cy, p.summary_en, p.audience_cy, "
        "p.audience_en, p.community, p.position, COALESCE((SELECT GROUP_CONCAT(c.slug "
        "ORDER BY pc.position SEPARATOR ' ') FROM pathway_courses pc JOIN courses c "
        "ON c.id = pc.course_id WHERE pc.pathway_id = p.id), '') "
        "FROM pathways p WHERE p.slug = ? FOR UPDATE",
    [SQL_PATHWAY_INSERT] =
        "INSERT INTO pathways (slug, title_cy, title_en, summary_cy, summary_en, audience_cy, "
        "audience_en, community, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [SQL_PATHWAY_UPDATE] =
        "UPDATE pathways SET title_cy = ?, title_en = ?, summary_cy = ?, summary_en = ?, "
        "audience_cy = ?, audience_en = ?, community = ?, position = ? WHERE id = ?",
    [SQL_PATHWAY_CLEAR_COURSES] = "DELETE FROM pathway_courses WHERE pathway_id = ?",
    [SQL_PATHWAY_ADD_COURSE] = "INSERT INTO pathway_courses (pathway_id, position, course_id) "
                               "SELECT ?, ?, id FROM courses WHERE slug = ?",
};

enum db_rc course_store_find(struct db *db, struct arena *a, const char *slug, long long *id,
                             char **source_hash)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_COURSE_FIND], "s", slug);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "ls", id, source_hash);
    db_done(st);
    return rc;
}

enum db_rc course_store_by_slug(struct db *db, struct arena *a, const char *slug,
                                struct course *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_COURSE_BY_SLUG], "s", slug);

    memset(out, 0, sizeof(*out));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, COURSE_SIG_FULL, COURSE_FIELDS_FULL(out));
    db_done(st);
    return rc;
}

enum db_rc course_store_set_published(struct db *db, long long actor_id, long long course_id,
                                      const char *slug, int published, const char *ip, int *changed)
{
    struct db_stmt *st = NULL;
    int now = 0;
    enum db_rc rc = db_begin(db);

    *changed = 0;
    if (rc == DB_OK)
        rc = db_query(db, &st, sql[SQL_COURSE_LOCK_PUBLISHED], "l", course_id);
    if (rc == DB_OK) {
        rc = db_row_next(st, NULL, "b", &now);
        db_done(st);
    }
    if (rc == DB_OK && now != published) {
        rc = db_exec(db, sql[SQL_COURSE_SET_PUBLISHED], "bl", published, course_id);
        if (rc == DB_OK)
            rc = audit_write(db, published ? "course_published" : "course_unpublished", actor_id, 0,
                             ip, slug);
        *changed = rc == DB_OK;
    }
    if (rc == DB_OK)
        rc = db_commit(db);
    if (rc != DB_OK) {
        db_rollback(db);
        *changed = 0;
    }
    return rc;
}

enum db_rc course_store_insert(struct db *db, const struct course_write *w, long long *id)
{
    const struct course_src *c = w->src;
    enum db_rc rc;

    rc = db_exec(db, sql[SQL_COURSE_INSERT], "sssssssssssssibbbSSss", c->slug, c->title[LANG_CY],
                 c->title[LANG_EN], c->summary[LANG_CY], c->summary[LANG_EN], c->outcomes[LANG_CY],
                 c->outcomes[LANG_EN], c->audience[LANG_CY], c->audience[LANG_EN], c->role_family,
                 c->role, c->level, c->format, c->duration_minutes, c->in_lang[LANG_CY],
                 c->in_lang[LANG_EN], c->published, (const char *)w->sortkey[LANG_CY],
                 w->sortkey_len[LANG_CY], (const char *)w->sortkey[LANG_EN],
                 w->sortkey_len[LANG_EN], w->source_hash, w->search_fold);
    if (rc == DB_OK)
        *id = (long long)db_insert_id(db);
    return rc;
}

enum db_rc course_store_update(struct db *db, long long id, const struct course_write *w)
{
    const struct course_src *c = w->src;
    int unpublish = c->published_set && !c->published;

    return db_exec(db, sql[SQL_COURSE_UPDATE], "ssssssssssssibbbSSssl", c->title[LANG_CY],
                   c->title[LANG_EN], c->summary[LANG_CY], c->summary[LANG_EN],
                   c->outcomes[LANG_CY], c->outcomes[LANG_EN], c->audience[LANG_CY],
                   c->audience[LANG_EN], c->role_family, c->role, c->level, c->format,
                   c->duration_minutes, c->in_lang[LANG_CY], c->in_lang[LANG_EN], unpublish,
                   (const char *)w->sortkey[LANG_CY], w->sortkey_len[LANG_CY],
                   (const char *)w->sortkey[LANG_EN], w->sortkey_len[LANG_EN], w->source_hash,
                   w->search_fold, id);
}

enum db_rc course_store_unplace_lessons(struct db *db, long long course_id)
{
    return db_exec(db, sql[SQL_COURSE_UNPLACE_LESSONS], "l", course_id);
}

enum db_rc course_store_put_lesson(struct db *db, long long course_id, const struct lesson_src *ls,
                                   const char *const html[LANG__COUNT], int minutes)
{
    return db_exec(db, sql[SQL_COURSE_PUT_LESSON], "lsissSSssi", course_id, ls->name, ls->position,
                   ls->title[LANG_CY], ls->title[LANG_EN], ls->body[LANG_CY], ls->body_len[LANG_CY],
                   ls->body[LANG_EN], ls->body_len[LANG_EN], html[LANG_CY], html[LANG_EN], minutes);
}

enum db_rc course_store_recount(struct db *db, long long course_id)
{
    enum db_rc rc = db_exec(db, sql[SQL_COURSE_LESSON_COUNT], "ll", course_id, course_id);

    if (rc != DB_OK)
        return rc;
    return db_exec(db, sql[SQL_COURSE_LESSONS_DONE], "l", course_id);
}

enum db_rc pathway_store_find(struct db *db, struct arena *a, const char *slug, long long *id,
                              struct pathway_src *out, char **courses, int *position)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_PATHWAY_FIND], "s", slug);
    char *t[LANG__COUNT] = { NULL, NULL }, *s[LANG__COUNT] = { NULL, NULL };
    char *au[LANG__COUNT] = { NULL, NULL }, *community = NULL;
    int l;

    memset(out, 0, sizeof(*out));
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, a, "lsssssssis", id, &t[LANG_CY], &t[LANG_EN], &s[LANG_CY], &s[LANG_EN],
                     &au[LANG_CY], &au[LANG_EN], &community, position, courses);
    db_done(st);
    out->slug = slug;
    for (l = LANG_CY; l < LANG__COUNT; l++) {
        out->title[l] = t[l];
        out->summary[l] = s[l];
        out->audience[l] = au[l];
    }
    out->community = community;
    return rc;
}

enum db_rc pathway_store_insert(struct db *db, const struct pathway_src *p, int position,
                                long long *id)
{
    enum db_rc rc = db_exec(db, sql[SQL_PATHWAY_INSERT], "ssssssssi", p->slug, p->title[LANG_CY],
                            p->title[LANG_EN], p->summary[LANG_CY], p->summary[LANG_EN],
                            p->audience[LANG_CY], p->audience[LANG_EN], p->community, position);

    if (rc == DB_OK)
        *id = (long long)db_insert_id(db);
    return rc;
}

enum db_rc pathway_store_update(struct db *db, long long id, const struct pathway_src *p,
                                int position)
{
    return db_exec(db, sql[SQL_PATHWAY_UPDATE], "sssssssil", p->title[LANG_CY], p->title[LANG_EN],
                   p->summary[LANG_CY], p->summary[LANG_EN], p->audience[LANG_CY],
                   p->audience[LANG_EN], p->community, position, id);
}

enum db_rc pathway_store_set_courses(struct db *db, long long id, const struct pathway_src *p)
{
    enum db_rc rc = db_exec(db, sql[SQL_PATHWAY_CLEAR_COURSES], "l", id);
    size_t i;

    for (i = 0; rc == DB_OK && i < p->n_courses; i++) {
        rc = db_exec(db, sql[SQL_PATHWAY_ADD_COURSE], "lis", id, (int)i + 1, p->courses[i]);
        if (rc == DB_OK && db_affected_rows(db) != 1)
            rc = DB_ERROR;
    }
    return rc;
}
