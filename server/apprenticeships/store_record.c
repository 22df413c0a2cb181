/*
 * The record page's data in one round trip (issue 22): store.c reads the
 * apprentice with its lists as JSON array columns (APPR_LISTS), parsed here;
 * and the audit of a view, written at most once per viewer and record every
 * APPR_VIEWED_EVERY_S seconds (docs/decisions.md).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "apprenticeships/apprenticeships.h"
#include "audit/audit.h"
#include "core/arena.h"
#include "core/clock.h"

/* Field i of a row as a string in the arena; JSON null is NULL. */
static const char *str(struct arena *a, json_t *row, size_t i)
{
    json_t *v = json_array_get(row, i);

    return json_is_string(v) ? arena_strndup(a, json_string_value(v), json_string_length(v)) : NULL;
}

static long long num(json_t *row, size_t i)
{
    return json_integer_value(json_array_get(row, i));
}

static void history(struct arena *a, json_t *row, struct appr_lists *l, size_t i)
{
    struct appr_history *h = &l->h[i];

    h->from = str(a, row, 0);
    h->to = str(a, row, 1);
    h->on = str(a, row, 2);
    h->reason = str(a, row, 3);
    h->actor = str(a, row, 4);
}

static void entry(struct arena *a, json_t *row, struct appr_lists *l, size_t i)
{
    struct appr_entry *e = &l->e[i];

    e->id = num(row, 0);
    e->worked_on = str(a, row, 1);
    e->activity = str(a, row, 2);
    e->comment = str(a, row, 3);
    e->decided_by = str(a, row, 4);
    e->tenths = (int)num(row, 5);
    e->category = (int)num(row, 6);
    e->state = (int)num(row, 7);
}

static void review(struct arena *a, json_t *row, struct appr_lists *l, size_t i)
{
    struct appr_review *v = &l->rv[i];

    v->id = num(row, 0);
    v->held_on = str(a, row, 1);
    v->reviewer = str(a, row, 2);
    v->notes = str(a, row, 3);
    v->actions = str(a, row, 4);
    v->next_on = str(a, row, 5);
    v->signed_on = str(a, row, 6);
    v->rating = (int)num(row, 7);
    v->employer_state = (int)num(row, 8);
    v->employer_name = str(a, row, 9);
    v->employer_on = str(a, row, 10);
    v->employer_reason = str(a, row, 11);
}

static void qual(struct arena *a, json_t *row, struct appr_lists *l, size_t i)
{
    struct appr_qual *q = &l->q[i];

    q->id = num(row, 0);
    q->name[0] = str(a, row, 1);
    q->name[1] = str(a, row, 2);
    q->kind = (int)num(row, 3);
    q->level = (int)num(row, 4);
    q->credits = (int)num(row, 5);
    q->achieved = (int)num(row, 6);
}

static void unit(struct arena *a, json_t *row, struct appr_lists *l, size_t i)
{
    struct appr_unit *u = &l->u[i];

    u->id = num(row, 0);
    u->qual_id = num(row, 1);
    u->title = str(a, row, 2);
    u->achieved_on = str(a, row, 3);
    u->recorded_by = str(a, row, 4);
    u->qual[0] = str(a, row, 5);
    u->qual[1] = str(a, row, 6);
    u->credits = (int)num(row, 7);
}

/* Each list: its rows' width, where it goes and how a row is read. */
static const struct list {
    size_t width, size;
    void **items;
    size_t *n;
    void (*row)(struct arena *, json_t *, struct appr_lists *, size_t);

} * lists_of(struct appr_lists *l, struct list out[APPR_LISTS_N])

{
    out[0] = (struct list){ 5, sizeof(*l->h), (void **)&l->h, &l->nh, history };
    out[1] = (struct list){ 8, sizeof(*l->e), (void **)&l->e, &l->ne, entry };
    out[2] = (struct list){ 12, sizeof(*l->rv), (void **)&l->rv, &l->nr, review };
    out[3] = (struct list){ 7, sizeof(*l->q), (void **)&l->q, &l->nq, qual };
    out[4] = (struct list){ 8, sizeof(*l->u), (void **)&l->u, &l->nu, unit };
    return out;
}

/* One column: NULL (no rows) or an array of arrays of the list's width (a
 * column cut at group_concat_max_len does not parse). */
static int parse_one(struct arena *a, const char *json, const struct list *k, struct appr_lists *l)
{
    json_t *arr, *row;
    size_t i;

    *k->items = NULL;
    *k->n = 0;
    if (!json)
        return 1;
    arr = json_loads(json, 0, NULL);
    if (!json_is_array(arr)) {
        json_decref(arr);
        return 0;
    }
    *k->items = arena_calloc(a, k->size * (json_array_size(arr) + 1));
    json_array_foreach(arr, i, row)
    {
        if (!json_is_array(row) || json_array_size(row) != k->width) {
            json_decref(arr);
            return 0;
        }
        k->row(a, row, l, i);
    }
    *k->n = json_array_size(arr);
    json_decref(arr);
    return 1;
}

int appr_lists_parse(struct arena *a, const char *const *json, struct appr_lists *l)
{
    struct list k[APPR_LISTS_N];
    size_t i;

    lists_of(l, k);
    for (i = 0; i < APPR_LISTS_N; i++)
        if (!parse_one(a, json[i], &k[i], l))
            return 0;
    return 1;
}

enum db_rc appr_store_lists(struct db *db, struct arena *a, long long id, struct appr_lists *l)
{
    enum db_rc rc = appr_store_history(db, a, id, &l->h, &l->nh);

    if (rc == DB_OK)
        rc = appr_store_entries(db, a, id, &l->e, &l->ne);
    if (rc == DB_OK)
        rc = appr_store_reviews(db, a, id, &l->rv, &l->nr);
    if (rc == DB_OK)
        rc = appr_store_quals(db, a, id, &l->q, &l->nq);
    if (rc == DB_OK)
        rc = appr_store_units(db, a, id, &l->u, &l->nu);
    return rc;
}

/* The views recorded lately: one slot per (viewer, record) hash; a pair
 * pushed out by another is recorded again on its next view, which is safe. */
#define VIEWED_SLOTS 4096

static struct {
    pthread_mutex_t lock;

    struct seen {
        long long viewer, id, at_ms;
    } slot[VIEWED_SLOTS];
} viewed = { .lock = PTHREAD_MUTEX_INITIALIZER };

static struct seen *slot_of(long long viewer, long long id)
{
    unsigned long long h = (unsigned long long)viewer * 0x9E3779B97F4A7C15ULL ^
                           (unsigned long long)id * 0xC2B2AE3D27D4EB4FULL;

    return &viewed.slot[(h >> 20) % VIEWED_SLOTS];
}

enum db_rc appr_store_viewed(struct db *db, long long viewer, const struct apprentice *p,
                             const char *ip)
{
    char detail[64];
    long long now = clock_ms();
    struct seen *s;
    int recent;
    enum db_rc rc;

    pthread_mutex_lock(&viewed.lock);
    s = slot_of(viewer, p->id);
    recent = s->viewer == viewer && s->id == p->id && now - s->at_ms < APPR_VIEWED_EVERY_S * 1000LL;
    pthread_mutex_unlock(&viewed.lock);
    if (recent)
        return DB_OK;
    snprintf(detail, sizeof(detail), "apprentice=%lld", p->id);
    rc = audit_write(db, "apprentice_viewed", viewer, p->user_id, ip, detail);
    if (rc != DB_OK)
        return rc;
    pthread_mutex_lock(&viewed.lock);
    s = slot_of(viewer, p->id);
    *s = (struct seen){ viewer, p->id, now };
    pthread_mutex_unlock(&viewed.lock);
    return DB_OK;
}
