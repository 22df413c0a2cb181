/*
 * What a change to a webinar moves (issue 22): the webinars' generation,
 * which every kept page of the folder is read under (a webinar page's
 * registration box, the organisers' forms and people, the private calendar
 * feeds), and the generation of every person with a registration on it,
 * whose /me (learn/) and feed show it. Called after the commit, so the next
 * read is new and is kept at once (core/persongen.h).
 */
#include <stdatomic.h>

#include "core/log.h"
#include "core/persongen.h"
#include "webinars/webinars_impl.h"

/* Everyone holding a row of the webinar's, whatever its status: a
 * registration, a place in the queue (whose position moves), an offer, one
 * that has just lapsed or been cancelled. */
static const char *const sql_people =
    "SELECT user_id FROM webinar_registrations WHERE webinar_id = ?";

static atomic_ullong generation = 1;

unsigned long long webinar_gen(void)
{
    return atomic_load(&generation);
}

unsigned long long webinar_kept_gen(long long person_id)
{
    return persongen_get(person_id) * 1000003ULL + webinar_gen();
}

/* Everyone on webinar_id. */
static void touch_people(struct db *db, long long webinar_id)
{
    struct db_stmt *st = NULL;
    long long user_id;
    enum db_rc rc = db_query(db, &st, sql_people, "l", webinar_id);

    while (rc == DB_OK && (rc = db_row_next(st, NULL, "l", &user_id)) == DB_OK)
        persongen_touch(user_id);
    db_done(st);
    if (rc != DB_NOT_FOUND) { /* who they are is unknown: everyone reads again */
        log_warn("reading the people of webinar %lld to touch: %s", webinar_id, db_rc_name(rc));
        persongen_touch_all();
    }
}

void webinar_writes_touch(struct db *db, const struct webinar_mailer *m, long long webinar_id)
{
    size_t i;

    atomic_fetch_add(&generation, 1);
    if (webinar_id)
        touch_people(db, webinar_id);
    if (!m)
        return;
    if (m->n_moved > WEBINAR_SWEEP_BATCH) {
        persongen_touch_all();
        return;
    }
    for (i = 0; i < m->n_moved; i++)
        if (m->moved[i] != webinar_id)
            touch_people(db, m->moved[i]);
}
