/*
 * audit: views audited at most once per actor, subject and detail every N
 * seconds (audit_write_every, audit.h; issue 22). The cohort page and the
 * apprentice's record are reloaded far more often than anyone reads their
 * audit rows: one INSERT and its commit on every GET was most of a repeated
 * view's cost (docs/benchmarks.md). What was written lately is kept in
 * core/recent's sets of four: with one slot a key, the bench's 200 viewers'
 * keys (ids a few apart) met in pairs and wrote a row on every view.
 */
#include <string.h>

#include "audit.h"
#include "core/clock.h"
#include "core/fnv.h"
#include "core/recent.h"

static struct recent seen = RECENT_INIT;

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

enum db_rc audit_write_every(struct db *db, int every_s, const char *event, long long actor_id,
                             long long subject_id, const char *ip, const char *detail)
{
    unsigned long long key = key_of(event ? event : "", actor_id, subject_id, detail);
    long long now = clock_ms();
    enum db_rc rc;

    if (recent_within(&seen, key, now, every_s * 1000LL))
        return DB_OK;
    rc = audit_write(db, event, actor_id, subject_id, ip, detail);
    if (rc == DB_OK)
        recent_note(&seen, key, now);
    return rc;
}
