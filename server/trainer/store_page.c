/*
 * trainer store: a cohort's page in one statement (trainer_sql_cohort_page,
 * store.c): the cohort with its figures and its sessions and messages sent
 * as JSON lists, read here into arrays.
 */
#include <string.h>

#include "core/arena.h"
#include "db/jsonrows.h"
#include "trainer/trainer_impl.h"

/* The rows of list text, each read by fn into an array of sz-byte items. */
static enum db_rc list(struct arena *a, const char *text, size_t sz, void **out, size_t *n,
                       enum db_rc (*fn)(const json_t *rows, size_t i, struct arena *a, void *item))
{
    json_t *rows = NULL;
    enum db_rc rc = db_json_rows(text, &rows);
    size_t cap = json_array_size(rows);
    char *v = arena_calloc(a, (cap ? cap : 1) * sz);

    *n = 0;
    while (rc == DB_OK && *n < cap && (rc = fn(rows, *n, a, v + *n * sz)) == DB_OK)
        (*n)++;
    json_decref(rows);
    *out = v;
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

static enum db_rc session_item(const json_t *rows, size_t i, struct arena *a, void *item)
{
    struct trainer_session *s = item;

    return db_json_row(rows, i, a, "ltisssiiib", &s->id, &s->starts_at, &s->minutes, &s->place,
                       &s->online_url, &s->lang, &s->present, &s->absent, &s->apologies,
                       &s->cancelled);
}

static enum db_rc sent_item(const json_t *rows, size_t i, struct arena *a, void *item)
{
    struct trainer_sent *m = item;

    return db_json_row(rows, i, a, "ltbsssl", &m->id, &m->sent_at, &m->at_risk_only, &m->subject_cy,
                       &m->subject_en, &m->sender, &m->recipients);
}

enum db_rc trainer_store_cohort_page(struct db *db, struct arena *a, long long user_id, int admin,
                                     long long id, struct trainer_cohort_page *out)
{
    struct db_stmt *st = NULL;
    char *lists[2] = { NULL, NULL };
    enum db_rc rc = db_query(db, &st, trainer_sql_cohort_page, "lil", id, admin ? 1 : 0, user_id);

    memset(out, 0, sizeof(*out));
    if (rc != DB_OK)
        return rc;
    rc = trainer_cohort_row(st, a, &out->cohort, lists);
    db_done(st);
    if (rc == DB_OK)
        rc = list(a, lists[0], sizeof(*out->sessions), (void **)&out->sessions, &out->n_sessions,
                  session_item);
    if (rc == DB_OK)
        rc = list(a, lists[1], sizeof(*out->sent), (void **)&out->sent, &out->n_sent, sent_item);
    return rc;
}
