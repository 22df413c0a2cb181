/*
 * pathways.json: ordered sets of courses (docs/courses-format.md).
 */
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "courses/source.h"
#include "courses/source_impl.h"

static const char *const pathway_keys[] = {
    "slug", "title", "summary", "audience", "community", "courses", NULL,
};

/* The communities of practice (reference/domain.md section 3). */
static const char *const communities[] = {
    "building-bilingual-services",
    "content-design",
    "user-research",
    "designing-digital-experiences",
    "service-design",
    "automation-and-ai",
    NULL,
};

static int known(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(s, *list))
            return 1;
    return 0;
}

static int course_exists(const struct course_tree *t, const char *slug)
{
    size_t i;

    for (i = 0; i < t->n_courses; i++)
        if (!strcmp(t->courses[i].slug, slug))
            return 1;
    return 0;
}

static int slug(struct arena *a, struct src_errors *e, const char *file, const char *field,
                json_t *v, const char **out)
{
    const char *s = json_string_value(v);

    if (!v) {
        src_error(e, file, field, "missing");
        return -1;
    }
    if (!s || !course_slug_ok(s, json_string_length(v))) {
        src_error(e, file, field, "must be %d to %d of a-z, 0-9 and '-', with no '-' at either end",
                  COURSE_SLUG_MIN, COURSE_SLUG_MAX);
        return -1;
    }
    *out = arena_strdup(a, s);
    return 0;
}

static void courses(struct arena *a, struct src_errors *e, const char *file, const char *at,
                    json_t *v, const struct course_tree *t, struct pathway_src *p)
{
    const char *field = arena_printf(a, "%s.courses", at);
    json_t *item;
    size_t i, j;

    if (!json_is_array(v) || json_array_size(v) < PATHWAY_COURSES_MIN ||
        json_array_size(v) > PATHWAY_COURSES_MAX) {
        if (v)
            src_error(e, file, field, "must be a list of %d to %d course slugs",
                      PATHWAY_COURSES_MIN, PATHWAY_COURSES_MAX);
        else
            src_error(e, file, field, "missing");
        return;
    }
    p->courses = arena_calloc(a, json_array_size(v) * sizeof(*p->courses));
    json_array_foreach(v, i, item)
    {
        const char *at_i = arena_printf(a, "%s[%zu]", field, i);
        const char *s = NULL;

        if (slug(a, e, file, at_i, item, &s))
            continue;
        if (!course_exists(t, s)) {
            src_error(e, file, at_i, "no course '%s' in this folder", s);
            continue;
        }
        for (j = 0; j < p->n_courses && strcmp(p->courses[j], s); j++)
            ;
        if (j < p->n_courses) {
            src_error(e, file, at_i, "'%s' is already in the pathway", s);
            continue;
        }
        p->courses[p->n_courses++] = s;
    }
}

/* Pathway number index of t (the ones before it already parsed). */
static void pathway(struct arena *a, struct src_errors *e, const char *file, size_t index,
                    json_t *v, struct course_tree *t)
{
    struct pathway_src *p = &t->pathways[index];
    const char *at = arena_printf(a, "[%zu]", index);
    json_t *community;
    size_t i;

    if (!json_is_object(v)) {
        src_error(e, file, at, "must be an object: { \"slug\": ... }");
        return;
    }
    if (!slug(a, e, file, arena_printf(a, "%s.slug", at), json_object_get(v, "slug"), &p->slug))
        for (i = 0; i < index; i++)
            if (t->pathways[i].slug && !strcmp(t->pathways[i].slug, p->slug))
                src_error(e, file, arena_printf(a, "%s.slug", at), "'%s' is also pathway [%zu]",
                          p->slug, i);
    src_bilingual(a, e, file, arena_printf(a, "%s.", at), "title", v, COURSE_TITLE_MAX, 1,
                  p->title);
    src_bilingual(a, e, file, arena_printf(a, "%s.", at), "summary", v, COURSE_TEXT_MAX, 0,
                  p->summary);
    src_bilingual(a, e, file, arena_printf(a, "%s.", at), "audience", v, COURSE_TEXT_MAX, 0,
                  p->audience);
    community = json_object_get(v, "community");
    if (community && !json_is_null(community)) {
        const char *s = json_string_value(community);

        if (!s || !known(s, communities))
            src_error(e, file, arena_printf(a, "%s.community", at),
                      "must be null or one of building-bilingual-services, content-design, "
                      "user-research, designing-digital-experiences, service-design, "
                      "automation-and-ai");
        else
            p->community = arena_strdup(a, s);
    }
    courses(a, e, file, at, json_object_get(v, "courses"), t, p);
    src_unknown_fields(e, file, arena_printf(a, "%s.", at), v, pathway_keys);
}

int pathways_src_parse(struct arena *a, struct src_errors *e, const char *file, const char *text,
                       size_t len, struct course_tree *out)
{
    size_t before = e->n, i;
    json_t *root, *v;

    out->pathways = NULL;
    out->n_pathways = 0;
    if (len > PATHWAYS_JSON_MAX) {
        src_error(e, file, "size", "%zu bytes, at most %d", len, PATHWAYS_JSON_MAX);
        return -1;
    }
    root = src_json_load(e, file, text, len);
    if (!root)
        return -1;
    if (!json_is_array(root) || json_array_size(root) > PATHWAYS_MAX) {
        src_error(e, file, "json", "must be a list of at most %d pathways: [ { ... } ]",
                  PATHWAYS_MAX);
        json_decref(root);
        return -1;
    }
    out->pathways = arena_calloc(a, (json_array_size(root) + 1) * sizeof(*out->pathways));
    json_array_foreach(root, i, v)
    {
        pathway(a, e, file, i, v, out);
        out->n_pathways = i + 1;
    }
    json_decref(root);
    return e->n == before ? 0 : -1;
}
