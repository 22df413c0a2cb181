/*
 * What a learner's own pages read, kept in memory per person (issue 22,
 * core/kepttable.h): the dashboard's one statement and a lesson page's one
 * statement, each read again when the person's generation moves
 * (core/persongen.h) and never older than PERSON_KEPT_TTL_MS. The values are
 * the store's structs, the same in both languages: the pages render them per
 * request, with the reader's CSRF token and header.
 */
#include <string.h>

#include "auth/session.h"
#include "core/arena.h"
#include "core/kepttable.h"
#include "core/persongen.h"
#include "http/req.h"
#include "learn/learn.h"

#define LEARN_KEPT_SLOTS 2048 /* people (or lessons of people) seen within the ttl */

/* What a loader needs of the request and the key. */
struct learn_kept_arg {
    struct db *db;
    long long user_id;
    const char *slug;
    int position;
};

static int load_me(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct learn_kept_arg *k = arg;
    struct learn_me *me = arena_alloc(a, sizeof(*me));
    enum db_rc rc = learn_store_me(k->db, a, k->user_id, me);

    if (rc != DB_OK)
        return (int)rc;
    *value = me;
    *size = sizeof(*me);
    return 0;
}

static int load_lesson(struct arena *a, void *arg, const void **value, size_t *size)
{
    const struct learn_kept_arg *k = arg;
    struct learn_lesson_page *pg = arena_alloc(a, sizeof(*pg));
    enum db_rc rc = learn_store_lesson_page(k->db, a, k->user_id, k->slug, k->position, pg);

    if (rc != DB_OK)
        return (int)rc;
    *value = pg;
    *size = sizeof(*pg);
    return 0;
}

static struct kept_table me_kept = KEPT_TABLE_INIT(load_me, PERSON_KEPT_TTL_MS, LEARN_KEPT_SLOTS);
static struct kept_table lesson_kept = KEPT_TABLE_INIT(
    load_lesson, PERSON_KEPT_TTL_MS, LEARN_KEPT_SLOTS, .chunk = ARENA_DEFAULT_CHUNK);

enum db_rc learn_kept_me(struct req *r, const struct learn_me **out)
{
    struct learn_kept_arg arg = { r->db, r->user->id, NULL, 0 };
    const void *v = NULL;
    size_t size = 0;
    int rc = kept_table_get(r->arena, &me_kept, &arg.user_id, sizeof(arg.user_id),
                            persongen_get(arg.user_id), &arg, &v, &size);

    *out = v;
    return (enum db_rc)rc;
}

enum db_rc learn_kept_lesson_page(struct req *r, const char *slug, int position,
                                  const struct learn_lesson_page **out)
{
    struct learn_kept_arg arg = { r->db, r->user->id, slug, position };
    size_t slug_len = strlen(slug), keylen = sizeof(long long) + sizeof(int) + slug_len;
    unsigned char *key = arena_alloc(r->arena, keylen);
    const void *v = NULL;
    size_t size = 0;
    int rc;

    /* (person, position, slug): one value a lesson of a person's */
    memcpy(key, &arg.user_id, sizeof(long long));
    memcpy(key + sizeof(long long), &position, sizeof(int));
    memcpy(key + sizeof(long long) + sizeof(int), slug, slug_len);
    rc = kept_table_get(r->arena, &lesson_kept, key, keylen, persongen_get(arg.user_id), &arg, &v,
                        &size);
    *out = v;
    return (enum db_rc)rc;
}
