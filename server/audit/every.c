/*
 * audit: views audited at most once per actor, subject and detail every N
 * seconds (audit_write_every, audit.h; issue 22). The cohort page and the
 * apprentice's record are reloaded far more often than anyone reads their
 * audit rows: one INSERT and its commit on every GET was most of a repeated
 * view's cost (docs/benchmarks.md).
 */
#include <pthread.h>
#include <string.h>

#include "audit.h"
#include "core/clock.h"
#include "core/fnv.h"

#define EVERY_SLOTS 4096

static struct {
    pthread_mutex_t lock;

    struct seen {
        unsigned long long key; /* 0: empty */
        long long at_ms;
    } slot[EVERY_SLOTS];
} seen = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* FNV-1a over the event, the detail and the two ids; never 0. */
static unsigned long long key_of(const char *event, long long actor, long long subject,
                                 const char *detail)
{
    long long ids[2] = { actor, subject };
    unsigned long long h = fnv1a(FNV1A_START, event, strlen(event));

    h = fnv1a(h, "\xff", 1);
    if (detail)
        h = fnv1a(h, detail, strlen(detail));
    h = fnv1a(h, ids, sizeof(ids));
    return h ? h : 1;
}

static struct seen *slot_of(unsigned long long key)
{
    return &seen.slot[(key >> 20) % EVERY_SLOTS];
}

enum db_rc audit_write_every(struct db *db, int every_s, const char *event, long long actor_id,
                             long long subject_id, const char *ip, const char *detail)
{
    unsigned long long key = key_of(event ? event : "", actor_id, subject_id, detail);
    long long now = clock_ms();
    struct seen *s;
    int recent;
    enum db_rc rc;

    pthread_mutex_lock(&seen.lock);
    s = slot_of(key);
    recent = s->key == key && now - s->at_ms < every_s * 1000LL;
    pthread_mutex_unlock(&seen.lock);
    if (recent)
        return DB_OK;
    rc = audit_write(db, event, actor_id, subject_id, ip, detail);
    if (rc != DB_OK)
        return rc;
    pthread_mutex_lock(&seen.lock);
    s = slot_of(key);
    *s = (struct seen){ key, now };
    pthread_mutex_unlock(&seen.lock);
    return DB_OK;
}
