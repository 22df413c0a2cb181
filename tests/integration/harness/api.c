#include "api.h"

#include "testing.h"

json_t *api_get(const struct server *srv, const char *path, struct http_resp *r)
{
    json_error_t e;

    *r = http_get_as(srv, path, NULL);
    return r->body ? json_loadb(r->body, r->body_len, 0, &e) : NULL;
}

const char *api_str(json_t *o, const char *a, const char *b)
{
    json_t *v = json_object_get(o, a);

    return json_string_value(b ? json_object_get(v, b) : v);
}

int api_error_status(const struct server *srv, const char *path)
{
    struct http_resp r;
    json_t *doc = api_get(srv, path, &r), *err = json_object_get(doc, "error");
    int status = r.status;

    CU_ASSERT(http_header_is(&r, "Content-Type", "application/json"));
    CU_ASSERT(http_header_is(&r, "Cache-Control", "no-store"));
    CU_ASSERT(json_integer_value(json_object_get(err, "status")) == status);
    CU_ASSERT(json_string_length(json_object_get(err, "message")) > 0);
    json_decref(doc);
    http_resp_free(&r);
    return status;
}
