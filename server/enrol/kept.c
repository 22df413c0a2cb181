/*
 * A signed-in reader's own part of the course page kept in memory (issue 22,
 * core/kepttable.h): the course, their enrolment and its cohort, read in the
 * mine hook of every signed-in request (enrol_page_course_mine) and for the
 * page rendered in full. Data, not HTML: the page puts in the reader's
 * language, CSRF token and header per request.
 */
#include <string.h>

#include "auth/session.h"
#include "core/arena.h"
#include "core/kepttable.h"
#include "core/persongen.h"
#include "enrol/enrol.h"
#include "enrol/enrol_impl.h"
#include "http/req.h"

#define ENROL_KEPT_SLOTS 2048 /* (person, course) pairs seen within the ttl */

struct kept_arg {
    struct db *db;
    long long user_id;
    const char *slug;
};

static int load_mine(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct kept_arg *k = arg;
    struct enrol_kept *v = arena_calloc(a, sizeof(*v));
    enum db_rc rc = course_store_by_slug(k->db, a, k->slug, &v->c);

    if (rc == DB_OK)
        rc = enrol_store_mine(k->db, k->user_id, v->c.id, &v->mine);
    if (rc == DB_OK && v->mine.cohort_id && v->mine.status != ENROL_NONE) {
        rc = enrol_store_cohort(k->db, a, v->mine.cohort_id, &v->cohort);
        v->has_cohort = rc == DB_OK;
        if (rc == DB_NOT_FOUND)
            rc = DB_OK;
    }
    if (rc != DB_OK)
        return (int)rc;
    *value = v;
    *size = sizeof(*v);
    return 0;
}

static struct kept_table mine_kept =
    KEPT_TABLE_INIT(load_mine, PERSON_KEPT_TTL_MS, ENROL_KEPT_SLOTS);

enum db_rc enrol_kept_mine(struct req *r, const char *slug, const struct enrol_kept **out)
{
    struct kept_arg arg = { r->db, r->user->id, slug };
    size_t slug_len = strlen(slug), keylen = sizeof(long long) + slug_len;
    unsigned char *key = arena_alloc(r->arena, keylen);
    const void *v = NULL;
    size_t size = 0;
    int rc;

    memcpy(key, &arg.user_id, sizeof(long long));
    memcpy(key + sizeof(long long), slug, slug_len);
    rc = kept_table_get(r->arena, &mine_kept, key, keylen, persongen_get(arg.user_id), &arg, &v,
                        &size);
    *out = v;
    return (enum db_rc)rc;
}
