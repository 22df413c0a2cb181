#include "app/page_api.h"

#include <stdlib.h>
#include <string.h>

#include "app/page.h"
#include "core/jsonmem.h"
#include "http/req.h"
#include "http/resp.h"

#define CACHE_OK "public, max-age=60"

int page_api_send(struct req *r, int status, json_t *doc)
{
    char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    int rc;

    json_decref(doc);
    if (!text)
        return resp_send(r, 500, "application/json", "{\"error\":{\"status\":500}}", 25);
    /* an answer for one person (a bearer token's owner) is never kept */
    resp_header(r, "Cache-Control",
                r->user         ? "private, no-store"
                : status == 200 ? CACHE_OK
                                : "no-store");
    if (status == 503)
        resp_header(r, "Retry-After", "5");
    rc = resp_send(r, status, "application/json", text, strlen(text));
    jsonmem_free(text);
    return rc;
}

/* The router's ROUTE_PLAIN errors are text/plain, so API errors are sent here. */
int page_api_error(struct req *r, int status, const char *message)
{
    return page_api_send(
        r, status, json_pack("{s:{s:i, s:s}}", "error", "status", status, "message", message));
}

int page_api_db_error(struct req *r, enum db_rc rc)
{
    if (page_db_status(rc) == 503)
        return page_api_error(r, 503, "the database is unavailable; try again shortly");
    return page_api_error(r, 500, "internal error");
}

json_t *page_api_both(const char *cy, const char *en)
{
    return json_pack("{s:o, s:o}", "cy", cy ? json_string(cy) : json_null(), "en",
                     en ? json_string(en) : json_null());
}
