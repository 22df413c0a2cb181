/*
 * course.json: the bilingual metadata of one course (docs/courses-format.md).
 */
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "courses/source.h"
#include "courses/source_impl.h"
#include "courses/taxonomy.h"

static const char *const course_keys[] = {
    "title", "summary", "outcomes",         "audience",  "role_family", "role",
    "level", "format",  "duration_minutes", "languages", "published",   NULL,
};

int course_slug_ok(const char *s, size_t len)
{
    size_t i;

    if (len < COURSE_SLUG_MIN || len > COURSE_SLUG_MAX || s[0] == '-' || s[len - 1] == '-')
        return 0;
    for (i = 0; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return 0;
    return 1;
}

void course_src_init(struct course_src *c, const char *slug)
{
    memset(c, 0, sizeof(*c));
    c->slug = slug;
    c->published = 1;
}

/* A code from a fixed list (the list's names go into the message). */
static const char *code(struct arena *a, struct src_errors *e, const char *file, json_t *root,
                        const char *key, int (*is_member)(const char *), const char *choices)
{
    json_t *v = json_object_get(root, key);
    const char *s = json_string_value(v);

    if (!v) {
        src_error(e, file, key, "missing");
        return NULL;
    }
    if (!s || !is_member(s)) {
        src_error(e, file, key, "must be one of %s", choices);
        return NULL;
    }
    return arena_strdup(a, s);
}

static int role_known(const char *role)
{
    size_t i;

    for (i = 0; i < taxonomy_n_roles; i++)
        if (!strcmp(role, taxonomy_roles[i].code))
            return 1;
    return 0;
}

static void family_and_role(struct arena *a, struct src_errors *e, const char *file, json_t *root,
                            struct course_src *c)
{
    json_t *v = json_object_get(root, "role");
    const char *role = json_string_value(v);

    c->role_family = code(a, e, file, root, "role_family", taxonomy_is_family,
                          "the role families in server/courses/taxonomy.c");
    if (!v)
        src_error(e, file, "role", "missing");
    else if (!role || !role_known(role))
        src_error(e, file, "role", "must be a role in server/courses/taxonomy.c or \"any\"");
    else if (c->role_family && !taxonomy_role_in_family(role, c->role_family))
        src_error(e, file, "role", "'%s' is not a role of the family '%s'", role, c->role_family);
    else if (c->role_family)
        c->role = arena_strdup(a, role);
}

/* outcomes: {"cy": [...], "en": [...]}, 1-10 one-line items, as many in each. */
static int outcomes(struct arena *a, struct src_errors *e, const char *file, json_t *root,
                    struct course_src *c)
{
    json_t *v = json_object_get(root, "outcomes");
    static const char *const langs[] = { "cy", "en", NULL };
    size_t n[LANG__COUNT] = { 0, 0 };
    int l, ret = 0;

    if (!v || !json_is_object(v)) {
        src_error(e, file, "outcomes", "%s",
                  v ? "must be {\"cy\": [...], \"en\": [...]}" : "missing");
        return -1;
    }
    for (l = LANG_CY; l < LANG__COUNT; l++) {
        const char *lc = lang_code((enum lang)l);
        json_t *list = json_object_get(v, lc);
        struct sbuf b;
        size_t i;
        json_t *item;

        if (!json_is_array(list) || json_array_size(list) < 1 ||
            json_array_size(list) > COURSE_OUTCOMES_MAX) {
            if (list)
                src_error(e, file, arena_printf(a, "outcomes.%s", lc),
                          "must be a list of 1 to %d outcomes", COURSE_OUTCOMES_MAX);
            else
                src_error(e, file, arena_printf(a, "outcomes.%s", lc), "missing");
            ret = -1;
            continue;
        }
        n[l] = json_array_size(list);
        sbuf_init(&b, a, (size_t)-1 / 2);
        json_array_foreach(list, i, item)
        {
            const char *s = src_string(a, e, file, arena_printf(a, "outcomes.%s[%zu]", lc, i), item,
                                       COURSE_OUTCOME_MAX, 1);

            if (!s) {
                ret = -1;
                continue;
            }
            if (i)
                sbuf_addc(&b, '\n');
            sbuf_adds(&b, s);
        }
        c->outcomes[l] = b.buf;
    }
    if (src_unknown_fields(e, file, "outcomes.", v, langs))
        ret = -1;
    if (n[LANG_CY] && n[LANG_EN] && n[LANG_CY] != n[LANG_EN]) {
        src_error(e, file, "outcomes", "%zu in Welsh but %zu in English: they must match",
                  n[LANG_CY], n[LANG_EN]);
        ret = -1;
    }
    c->n_outcomes = n[LANG_CY];
    return ret;
}

static int languages(struct src_errors *e, const char *file, json_t *root, struct course_src *c)
{
    json_t *v = json_object_get(root, "languages");
    json_t *item;
    size_t i;
    int ret = 0;

    if (!v || !json_is_array(v) || json_array_size(v) == 0) {
        src_error(e, file, "languages", "%s",
                  v ? "must be a list: [\"cy\", \"en\"], [\"cy\"] or [\"en\"]" : "missing");
        return -1;
    }
    json_array_foreach(v, i, item)
    {
        const char *s = json_string_value(item);
        int l = s && !strcmp(s, "cy") ? LANG_CY : s && !strcmp(s, "en") ? LANG_EN : -1;

        if (l < 0) {
            src_error(e, file, "languages", "item %zu is not \"cy\" or \"en\"", i);
            ret = -1;
        } else if (c->in_lang[l]) {
            src_error(e, file, "languages", "\"%s\" is listed twice", s);
            ret = -1;
        } else {
            c->in_lang[l] = 1;
        }
    }
    return ret;
}

static int scalars(struct src_errors *e, const char *file, json_t *root, struct course_src *c)
{
    json_t *v = json_object_get(root, "duration_minutes");
    int ret = 0;

    if (!v) {
        src_error(e, file, "duration_minutes", "missing");
        ret = -1;
    } else if (!json_is_integer(v) || json_integer_value(v) < COURSE_MINUTES_MIN ||
               json_integer_value(v) > COURSE_MINUTES_MAX) {
        src_error(e, file, "duration_minutes", "must be a whole number from %d to %d",
                  COURSE_MINUTES_MIN, COURSE_MINUTES_MAX);
        ret = -1;
    } else {
        c->duration_minutes = (int)json_integer_value(v);
    }
    v = json_object_get(root, "published");
    if (v && !json_is_boolean(v)) {
        src_error(e, file, "published", "must be true or false");
        ret = -1;
    } else if (v) {
        c->published = json_is_true(v);
        c->published_set = 1;
    }
    return ret;
}

int course_src_parse_json(struct arena *a, struct src_errors *e, struct course_src *c,
                          const char *text, size_t len)
{
    const char *file = arena_printf(a, "%s/course.json", c->slug);
    size_t before = e->n;
    json_t *root;

    c->json = text;
    c->json_len = len;
    if (len > COURSE_JSON_MAX) {
        src_error(e, file, "size", "%zu bytes, at most %d", len, COURSE_JSON_MAX);
        return -1;
    }
    root = src_json_load(e, file, text, len);
    if (!root)
        return -1;
    if (!json_is_object(root)) {
        src_error(e, file, "json", "must be an object: { \"title\": ... }");
        json_decref(root);
        return -1;
    }
    src_bilingual(a, e, file, "", "title", root, COURSE_TITLE_MAX, 1, c->title);
    src_bilingual(a, e, file, "", "summary", root, COURSE_TEXT_MAX, 0, c->summary);
    outcomes(a, e, file, root, c);
    src_bilingual(a, e, file, "", "audience", root, COURSE_TEXT_MAX, 0, c->audience);
    family_and_role(a, e, file, root, c);
    c->level = code(a, e, file, root, "level", taxonomy_is_level,
                    "awareness, working, practitioner, expert");
    c->format = code(a, e, file, root, "format", taxonomy_is_format,
                     "e-learning, classroom, webinar, blended");
    scalars(e, file, root, c);
    c->languages_ok = languages(e, file, root, c) == 0;
    src_unknown_fields(e, file, "", root, course_keys);
    json_decref(root);
    c->json_ok = e->n == before;
    return c->json_ok ? 0 : -1;
}
