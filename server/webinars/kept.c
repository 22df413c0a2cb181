/*
 * What the webinar pages keep of one person's (issue 22, core/kepttable.h):
 * a signed-in reader's webinar and registration (the webinar page's mine
 * hook), and an organiser's webinar with its speakers (the edit form) or its
 * people (the people page and its export; the people kept once per
 * webinar, for all its organisers). Data only, never a view model: the
 * webinar page is rendered with the reader's CSRF token and ?done= each
 * time; the organisers' pages are rendered once from this data for all
 * their managers (pages_manage.c, app/page_kept.h page_kept_shared()), once
 * the reader's right to them is read here. Keyed by the person, what they
 * may do (admin) and the slug;
 * read under webinar_kept_gen() (writes.c), so their own change, and any
 * change to a webinar this process commits, shows at once; others (another
 * server, a person's new name on a people page) within PERSON_KEPT_TTL_MS.
 */
#include <string.h>

#include "auth/roles.h"
#include "auth/session.h"
#include "core/arena.h"
#include "core/kepttable.h"
#include "core/persongen.h"
#include "http/req.h"
#include "webinars/webinars_impl.h"

#define KEPT_SLOTS 1024

/* What a loader needs of the key. */
struct kept_arg {
    struct db *db;
    const char *slug;
    long long user_id, webinar_id;
    int admin, with_people;
};

/* The key: the person, the admin flag, which value, the slug; in a. */
static const void *key_of(struct arena *a, const struct kept_arg *k, size_t *len)
{
    size_t n = strlen(k->slug);
    unsigned char *key = arena_alloc(a, sizeof(k->user_id) + 2 + n);

    memcpy(key, &k->user_id, sizeof(k->user_id));
    key[sizeof(k->user_id)] = (unsigned char)k->admin;
    key[sizeof(k->user_id) + 1] = (unsigned char)k->with_people;
    memcpy(key + sizeof(k->user_id) + 2, k->slug, n);
    *len = sizeof(k->user_id) + 2 + n;
    return key;
}

static int load_mine(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct kept_arg *k = arg;
    struct webinar_loaded *l = arena_calloc(a, sizeof(*l));
    enum db_rc rc = webinar_store_get(k->db, a, k->slug, &l->w);

    if (rc == DB_OK)
        rc = webinar_store_mine(k->db, k->user_id, l->w.id, &l->m);
    *value = l;
    *size = sizeof(*l);
    return (int)rc;
}

static struct kept_table mine_kept = KEPT_TABLE_INIT(load_mine, PERSON_KEPT_TTL_MS, KEPT_SLOTS);

enum db_rc webinar_kept_mine(struct req *r, const char *slug, struct webinar_loaded *out)
{
    struct kept_arg k = { r->db, slug, r->user->id, 0, 0, 0 };
    const void *v = NULL;
    size_t len, size;
    const void *key = key_of(r->arena, &k, &len);
    int rc = kept_table_get(r->arena, &mine_kept, key, len, webinar_kept_gen(r->user->id), &k, &v,
                            &size);

    if (rc == DB_OK)
        *out = *(const struct webinar_loaded *)v;
    return (enum db_rc)rc;
}

static int load_owned(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct kept_arg *k = arg;
    struct webinar_owned *o = arena_calloc(a, sizeof(*o));
    enum db_rc rc = webinar_store_get_owned(k->db, a, k->slug, k->user_id, k->admin, &o->w);

    if (rc == DB_OK && !k->with_people)
        rc = webinar_store_speakers(k->db, a, o->w.id, o->speakers, &o->n_speakers);
    *value = o;
    *size = sizeof(*o);
    return (int)rc;
}

/* a people page of WEBINAR_PEOPLE_MAX rows is read into one chunk */
static struct kept_table owned_kept =
    KEPT_TABLE_INIT(load_owned, PERSON_KEPT_TTL_MS, KEPT_SLOTS, .chunk = 16384);

/* A webinar's people, the same for each of its organisers (each one's
 * right to see them is the webinar kept per person above): one read for all
 * of them, under the webinars' generation (every registration moves it). */
struct people {
    struct webinar_person *p;
    size_t n;
};

static int load_people(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct kept_arg *k = arg;
    struct people *o = arena_calloc(a, sizeof(*o));
    enum db_rc rc = webinar_store_people(k->db, a, k->webinar_id, &o->p, &o->n);

    *value = o;
    *size = sizeof(*o);
    return (int)rc;
}

static struct kept_table people_kept =
    KEPT_TABLE_INIT(load_people, PERSON_KEPT_TTL_MS, KEPT_SLOTS, .chunk = 16384);

/* o with the people of its webinar, in r->arena. */
static enum db_rc with_people_of(struct req *r, const struct webinar_owned **o)
{
    struct kept_arg k = { r->db, NULL, 0, (*o)->w.id, 0, 1 };
    struct webinar_owned *copy;
    const struct people *p;
    const void *v = NULL;
    size_t size;
    int rc = kept_table_get(r->arena, &people_kept, &(*o)->w.id, sizeof((*o)->w.id), webinar_gen(),
                            &k, &v, &size);

    if (rc != DB_OK)
        return (enum db_rc)rc;
    p = v;
    copy = arena_alloc(r->arena, sizeof(*copy));
    *copy = **o;
    copy->people = p->p;
    copy->n_people = p->n;
    *o = copy;
    return DB_OK;
}

enum db_rc webinar_kept_owned(struct req *r, const char *slug, int with_people,
                              const struct webinar_owned **out)
{
    struct kept_arg k = { r->db,      slug, r->user->id, 0, (r->user->roles & ROLE_ADMIN) != 0,
                          with_people };
    const void *v = NULL;
    size_t len, size;
    const void *key = key_of(r->arena, &k, &len);
    int rc = kept_table_get(r->arena, &owned_kept, key, len, webinar_kept_gen(r->user->id), &k, &v,
                            &size);

    *out = rc == DB_OK ? v : NULL;
    if (rc == DB_OK && with_people)
        rc = with_people_of(r, out);
    return (enum db_rc)rc;
}
