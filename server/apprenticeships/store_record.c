/*
 * The record page's lists, one statement each (one statement of JSON array
 * columns was measured on the full data and was slower: docs/benchmarks.md),
 * and the audit of a view, written at most once per viewer and record every
 * APPR_VIEWED_EVERY_S seconds (docs/decisions.md, issue 22).
 */
#include <pthread.h>
#include <stdio.h>

#include "apprenticeships/apprenticeships.h"
#include "audit/audit.h"
#include "core/clock.h"

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

/* The views recorded lately: one slot per (viewer, what) hash; a pair
 * pushed out by another is recorded again on its next view, which is safe. */
#define VIEWED_SLOTS 4096

static struct {
    pthread_mutex_t lock;

    struct seen {
        long long viewer, what, at_ms;
    } slot[VIEWED_SLOTS];
} viewed = { .lock = PTHREAD_MUTEX_INITIALIZER };

static struct seen *slot_of(long long viewer, long long what)
{
    unsigned long long h = (unsigned long long)viewer * 0x9E3779B97F4A7C15ULL ^
                           (unsigned long long)what * 0xC2B2AE3D27D4EB4FULL;

    return &viewed.slot[(h >> 20) % VIEWED_SLOTS];
}

/* Write event (subject, detail) unless viewer's view of what was written
 * in the last APPR_VIEWED_EVERY_S seconds. */
static enum db_rc audit_view(struct db *db, const char *event, long long viewer, long long what,
                             long long subject, const char *ip, const char *detail)
{
    long long now = clock_ms();
    struct seen *s;
    int recent;
    enum db_rc rc;

    pthread_mutex_lock(&viewed.lock);
    s = slot_of(viewer, what);
    recent =
        s->viewer == viewer && s->what == what && now - s->at_ms < APPR_VIEWED_EVERY_S * 1000LL;
    pthread_mutex_unlock(&viewed.lock);
    if (recent)
        return DB_OK;
    rc = audit_write(db, event, viewer, subject, ip, detail);
    if (rc != DB_OK)
        return rc;
    pthread_mutex_lock(&viewed.lock);
    s = slot_of(viewer, what);
    *s = (struct seen){ viewer, what, now };
    pthread_mutex_unlock(&viewed.lock);
    return DB_OK;
}

enum db_rc appr_store_viewed(struct db *db, long long viewer, const struct apprentice *p,
                             const char *ip)
{
    char detail[64];

    snprintf(detail, sizeof(detail), "apprentice=%lld", p->id);
    return audit_view(db, "apprentice_viewed", viewer, p->id, p->user_id, ip, detail);
}

enum db_rc appr_store_reports_viewed(struct db *db, long long viewer, const char *detail,
                                     const char *ip)
{
    /* a negative key (FNV-1a of the detail) never meets a record's id */
    unsigned long long h = 0xcbf29ce484222325ULL;
    const char *c;

    for (c = detail; *c; c++)
        h = (h ^ (unsigned char)*c) * 0x100000001b3ULL;
    return audit_view(db, "apprentice_reports_viewed", viewer, -(long long)(h >> 1) - 1, 0, ip,
                      detail);
}
