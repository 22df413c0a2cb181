/*
 * "Find the course by slug or 404" (courses.h), once for every page that
 * names a course in its path.
 */
#include "app/page.h"
#include "courses/courses.h"
#include "http/req.h"

int course_from_route(struct req *r, struct course *out)
{
    const char *slug = page_slug(r, "slug");

    if (!slug)
        return 404;
    return page_status(course_store_by_slug(r->db, r->arena, slug, out));
}
