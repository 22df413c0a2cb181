#include "page_form.h"

#include <string.h>

#include "core/arena.h"
#include "http/req.h"
#include "view/i18n.h"

void page_errors_add(struct page_errors *e, const char *field, const char *msg_key)
{
    if (page_errors_get(e, field) || e->n >= PAGE_ERRORS_MAX)
        return;
    e->items[e->n++] = (struct field_error){ .field = field, .msg_key = msg_key };
}

int page_errors_any(const struct page_errors *e)
{
    return e && e->n > 0;
}

const char *page_errors_get(const struct page_errors *e, const char *field)
{
    size_t i;

    for (i = 0; e && field && i < e->n; i++)
        if (!strcmp(e->items[i].field, field))
            return e->items[i].msg_key;
    return NULL;
}

void page_errors_vm(struct req *r, json_t *vm, const struct page_errors *e)
{
    const char *title = json_string_value(json_object_get(vm, "page_title"));
    json_t *items, *by_field;
    size_t i;

    if (!page_errors_any(e))
        return;
    items = json_array();
    by_field = json_object();
    for (i = 0; i < e->n; i++) {
        const char *msg = req_t(r, e->items[i].msg_key);

        json_array_append_new(items,
                              json_pack("{s:s, s:s}", "field", e->items[i].field, "message", msg));
        json_object_set_new(by_field, e->items[i].field, json_string(msg));
    }
    json_object_set_new(vm, "error_summary", json_pack("{s:o}", "items", items));
    json_object_set_new(vm, "errors", by_field);
    /* the title says there is a problem before anything else (WCAG 3.3.1) */
    json_object_set_new(vm, "page_title",
                        json_string(i18n_format(r->arena, req_t(r, "common.error_title"), "title",
                                                title ? title : "", NULL)));
    r->status = 400;
}
