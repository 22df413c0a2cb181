#include "page_nav.h"

#include <assert.h>
#include <string.h>

#include "core/sbuf.h"
#include "http/req.h"
#include "view/escape.h"

#define URL_MAX 4096 /* a link: the kept filters are bounded far below this */

const char *page_url(struct req *r, const char *path, const struct page_param *params, size_t n)
{
    struct sbuf b;
    char sep = '?';
    size_t i;

    assert(n <= PAGE_PARAMS_MAX);
    sbuf_init(&b, r->arena, URL_MAX);
    sbuf_addf(&b, "/%s%s", lang_code(r->lang), path);
    for (i = 0; i < n; i++) {
        if (!params[i].value || !*params[i].value)
            continue;
        sbuf_addf(&b, "%c%s=", sep, params[i].name);
        escape_url_component(&b, params[i].value, strlen(params[i].value));
        sep = '&';
    }
    return b.buf;
}

json_t *page_crumbs(struct req *r, const struct page_crumb *v, size_t n)
{
    json_t *items = json_array();
    size_t i;

    json_array_append_new(items, json_pack("{s:s, s:s}", "href", page_url(r, "/", NULL, 0), "label",
                                           req_t(r, "nav.home")));
    for (i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:s, s:s}", "href",
                                               page_url(r, v[i].path, NULL, 0), "label",
                                               v[i].key    ? req_t(r, v[i].key)
                                               : v[i].text ? v[i].text
                                                           : ""));
    return json_pack("{s:o}", "items", items);
}
