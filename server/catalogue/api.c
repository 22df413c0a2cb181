#include <stdlib.h>
#include <string.h>

#include "app/page.h"
#include "app/page_api.h"
#include "app/page_form.h"
#include "app/page_list.h"
#include "catalogue/catalogue.h"
#include "core/config.h"
#include "core/strparse.h"
#include "courses/taxonomy.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "view/datefmt.h"

/* The API's message for a parameter catalogue_query_parse refused (English,
 * for developers: docs/api.md). */
static const char *param_message(const char *field)
{
    static const struct {
        const char *field, *message;
    } messages[] = {
        { "q", "q: at most 100 characters" },         { "role", "role: not a role family code" },
        { "level", "level: not a skill level code" }, { "format", "format: not a format code" },
        { "language", "language: cy or en" },
    };

    size_t i;

    for (i = 0; i < sizeof(messages) / sizeof(messages[0]); i++)
        if (!strcmp(field, messages[i].field))
            return messages[i].message;
    return "a parameter is not understood";
}

static json_t *course_json(struct req *r, const struct course *c)
{
    const char *base = r->app->cfg->base_url;
    json_t *langs = json_array();

    if (c->in_lang[LANG_CY])
        json_array_append_new(langs, json_string("cy"));
    if (c->in_lang[LANG_EN])
        json_array_append_new(langs, json_string("en"));
    return json_pack("{s:s, s:o, s:o, s:s, s:s, s:s, s:s, s:i, s:o, s:i, s:o}", "slug", c->slug,
                     "title", page_api_both(c->title[LANG_CY], c->title[LANG_EN]), "summary",
                     page_api_both(c->summary[LANG_CY], c->summary[LANG_EN]), "role_family",
                     c->role_family, "role", c->role, "level", c->level, "format", c->format,
                     "duration_minutes", c->duration_minutes, "languages", langs, "lesson_count",
                     c->lesson_count, "url",
                     page_api_both(arena_printf(r->arena, "%s/cy/courses/%s", base, c->slug),
                                   arena_printf(r->arena, "%s/en/courses/%s", base, c->slug)));
}

/* {"code": count, ...} over a vocabulary. */
static json_t *facet_json(const char *const *codes, size_t n, const long long *counts)
{
    json_t *o = json_object();
    size_t i;

    for (i = 0; i < n; i++)
        json_object_set_new(o, codes[i], json_integer(counts[i]));
    return o;
}

static json_t *facets_json(const struct catalogue_facets *f)
{
    static const char *const langs[] = { "cy", "en" };

    return json_pack("{s:o, s:o, s:o, s:o}", "role",
                     facet_json(taxonomy_families, taxonomy_n_families, f->family), "level",
                     facet_json(taxonomy_levels, taxonomy_n_levels, f->level), "format",
                     facet_json(taxonomy_formats, taxonomy_n_formats, f->format), "language",
                     facet_json(langs, 2, f->lang));
}

/*
 * GET /api/v1/courses — published courses as JSON, with the catalogue's
 * parameters (q, role, level, format, language, page) plus per_page (1-100,
 * default 20) and sort (title_cy, the default, or title_en). 200; 400 with a
 * JSON error for a parameter it does not understand; 503 without the database.
 */
int catalogue_api_courses(struct req *r)
{
    struct catalogue_query qy;
    struct page_errors err = { .n = 0 };
    const char *sort = req_query(r, "sort");
    struct course *list = NULL;
    struct catalogue_facets f;
    size_t n = 0, i;
    json_t *items;
    enum db_rc rc;

    if (catalogue_query_parse(r, &qy, &err))
        return page_api_error(r, 400, param_message(err.items[0].field));
    if (page_count_parse(req_query(r, "page"), 1, CATALOGUE_PAGE_MAX, &qy.page))
        return page_api_error(r, 400, "page: a whole number from 1 to 5000");
    if (page_count_parse(req_query(r, "per_page"), CATALOGUE_PAGE_SIZE, CATALOGUE_API_MAX,
                         &qy.per_page))
        return page_api_error(r, 400, "per_page: a whole number from 1 to 100");
    if (sort && strcmp(sort, "title_cy") && strcmp(sort, "title_en"))
        return page_api_error(r, 400, "sort: title_cy or title_en");
    rc = catalogue_find(r->db, r->arena, &qy, sort && !strcmp(sort, "title_en") ? LANG_EN : LANG_CY,
                        &f, &list, &n);
    if (rc != DB_OK)
        return page_api_db_error(r, rc);
    items = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(items, course_json(r, &list[i]));
    return page_api_send(r, 200,
                         json_pack("{s:o, s:i, s:i, s:I, s:o}", "items", items, "page",
                                   (int)qy.page, "per_page", (int)qy.per_page, "total",
                                   (json_int_t)f.total, "facets", facets_json(&f)));
}

/* The lines of text (one item a line, blank lines left out) as a JSON array. */
static json_t *lines_json(const char *text)
{
    json_t *a = json_array();
    const char *p = text ? text : "";

    while (*p) {
        size_t n = strcspn(p, "\n"), len = n;

        while (len && (p[len - 1] == '\r' || p[len - 1] == ' '))
            len--;
        if (len)
            json_array_append_new(a, json_stringn(p, len));
        p += n + (p[n] == '\n');
    }
    return a;
}

static json_t *lessons_json(const struct catalogue_lesson *v, size_t n)
{
    json_t *a = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:i, s:o, s:i}", "position", v[i].position, "title",
                                           page_api_both(v[i].title[LANG_CY], v[i].title[LANG_EN]),
                                           "minutes", v[i].minutes));
    return a;
}

static json_t *cohorts_json(struct req *r, const struct catalogue_cohort *v, size_t n)
{
    json_t *a = json_array();
    size_t i;

    for (i = 0; i < n; i++)
        json_array_append_new(
            a,
            json_pack("{s:I, s:s, s:s, s:o, s:s, s:I, s:I}", "id", (json_int_t)v[i].id, "starts_at",
                      datefmt_iso(r->arena, v[i].starts_at), "ends_at",
                      datefmt_iso(r->arena, v[i].ends_at), "location",
                      page_api_both(v[i].location[LANG_CY], v[i].location[LANG_EN]), "lang",
                      v[i].lang, "capacity", (json_int_t)v[i].capacity, "seats_left",
                      (json_int_t)(v[i].taken < v[i].capacity ? v[i].capacity - v[i].taken : 0)));
    return a;
}

/*
 * GET /api/v1/courses/{slug} — one published course with its outcomes,
 * audience, lessons and upcoming cohorts. 200; 404 (JSON) for an unknown or
 * unpublished course; 503 without the database.
 */
int catalogue_api_course(struct req *r)
{
    const char *slug = page_slug(r, "slug");
    struct course c;
    struct catalogue_lesson *lessons = NULL;
    struct catalogue_cohort *cohorts = NULL;
    size_t n_lessons = 0, n_cohorts = 0;
    json_t *doc;
    enum db_rc rc;

    if (!slug)
        return page_api_error(r, 404, "no such course");
    rc = course_store_by_slug(r->db, r->arena, slug, &c);
    if (rc == DB_NOT_FOUND || (rc == DB_OK && !c.published))
        return page_api_error(r, 404, "no such course");
    if (rc == DB_OK)
        rc = catalogue_store_lessons(r->db, r->arena, c.id, &lessons, &n_lessons);
    if (rc == DB_OK)
        rc = catalogue_store_cohorts(r->db, r->arena, c.id, &cohorts, &n_cohorts);
    if (rc != DB_OK)
        return page_api_db_error(r, rc);
    doc = course_json(r, &c);
    json_object_set_new(doc, "outcomes",
                        json_pack("{s:o, s:o}", "cy", lines_json(c.outcomes[LANG_CY]), "en",
                                  lines_json(c.outcomes[LANG_EN])));
    json_object_set_new(doc, "audience", page_api_both(c.audience[LANG_CY], c.audience[LANG_EN]));
    json_object_set_new(doc, "lessons", lessons_json(lessons, n_lessons));
    json_object_set_new(doc, "cohorts", cohorts_json(r, cohorts, n_cohorts));
    return page_api_send(r, 200, doc);
}
