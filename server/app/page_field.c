#include "page_field.h"

#include <assert.h>
#include <string.h>

#include "core/arena.h"
#include "http/req.h"
#include "view/i18n.h"

/* The keys page_field_set() may change (the others belong to the builders). */
static const char *const settable[] = {
    "label",     "hint",  "autocomplete", "spellcheck", "autocapitalize",
    "maxlength", "width", "rows",         "required",
};

static void decref(void *p)
{
    json_decref(p);
}

void page_form_init(struct page_form *f, struct req *r, const struct page_errors *errors)
{
    f->r = r;
    f->errors = errors;
    f->fields = json_object();
    /* released with the request, so a handler may return early without it */
    arena_defer(r->arena, decref, f->fields);
}

void page_form_vm(struct page_form *f, json_t *vm)
{
    json_object_set(vm, "fields", f->fields);
    page_errors_vm(f->r, vm, f->errors);
}

/* A field of kind with every key present: see the header. */
static json_t *field_new(struct page_form *f, const char *kind, const char *id, const char *type,
                         const char *label_key)
{
    static const char *const nulls[] = {
        "hint",      "error", "value", "autocomplete", "spellcheck", "autocapitalize",
        "maxlength", "width", "rows",  "required",     "empty",      "options",
    };
    static const char *const kinds[] = { "input", "select", "choices", "textarea" };
    json_t *o = json_object();
    size_t i;

    for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        json_object_set_new(o, kinds[i], json_boolean(!strcmp(kind, kinds[i])));
    for (i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
        json_object_set_new(o, nulls[i], json_null());
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "name", json_string(id));
    json_object_set_new(o, "type", type ? json_string(type) : json_null());
    json_object_set_new(o, "label", json_string(req_t(f->r, label_key)));
    json_object_set_new(o, "has_value", json_false());
    json_object_set_new(f->fields, id, o);
    return o;
}

/* The field's message when the form has a problem at one of these ids. */
static void field_error(struct page_form *f, json_t *field, const char *id)
{
    const char *key = page_errors_get(f->errors, id);

    if (key && json_is_null(json_object_get(field, "error")))
        json_object_set_new(field, "error", json_string(req_t(f->r, key)));
}

/* s as a JSON string; "" should it not be UTF-8 (the form parser refuses
 * such input first), so that the key is always there. */
static json_t *text(const char *s)
{
    json_t *v = json_string(s);

    return v ? v : json_string("");
}

static void field_value(json_t *field, const char *value)
{
    json_object_set_new(field, "value", value ? text(value) : json_null());
    json_object_set_new(field, "has_value", json_boolean(value != NULL));
}

json_t *page_field_input(struct page_form *f, const char *id, const char *type,
                         const char *label_key, const char *value)
{
    json_t *o = field_new(f, "input", id, type, label_key);

    field_value(o, value);
    field_error(f, o, id);
    return o;
}

json_t *page_field_textarea(struct page_form *f, const char *id, const char *label_key,
                            const char *value)
{
    json_t *o = field_new(f, "textarea", id, NULL, label_key);

    field_value(o, value ? value : "");
    field_error(f, o, id);
    return o;
}

json_t *page_field_select(struct page_form *f, const char *id, const char *label_key,
                          const char *empty_key, json_t *options)
{
    json_t *o = field_new(f, "select", id, NULL, label_key);

    if (empty_key)
        json_object_set_new(o, "empty", json_string(req_t(f->r, empty_key)));
    json_object_set_new(o, "options", options);
    field_error(f, o, id);
    return o;
}

json_t *page_field_choices(struct page_form *f, const char *id, const char *type,
                           const char *legend_key, json_t *options)
{
    json_t *o = field_new(f, "choices", id, type, legend_key), *opt;
    size_t i;

    json_array_foreach(options, i, opt)
    {
        const char *value = json_string_value(json_object_get(opt, "value"));

        if (!json_is_string(json_object_get(opt, "id")))
            json_object_set_new(
                opt, "id",
                json_string(i ? arena_printf(f->r->arena, "%s-%s", id, value ? value : "") : id));
        if (!json_is_string(json_object_get(opt, "name")))
            json_object_set_new(opt, "name", json_string(id));
        field_error(f, o, json_string_value(json_object_get(opt, "id")));
    }
    json_object_set_new(o, "options", options);
    field_error(f, o, id);
    return o;
}

void page_field_hint(struct page_form *f, json_t *field, const char *hint_key)
{
    page_field_set(field, "hint", req_t(f->r, hint_key));
}

void page_field_set(json_t *field, const char *key, const char *value)
{
    size_t i;

    for (i = 0; i < sizeof(settable) / sizeof(settable[0]); i++)
        if (!strcmp(key, settable[i]))
            break;
    assert(i < sizeof(settable) / sizeof(settable[0]));
    json_object_set_new(field, key, value && *value ? text(value) : json_null());
}

json_t *page_option(const char *value, const char *label, int selected)
{
    json_t *o;

    if (!value || !label)
        return NULL;
    o = json_object(); /* as json_pack would make it, without reading a format each time */
    json_object_set_new_nocheck(o, "id", json_null());
    json_object_set_new_nocheck(o, "name", json_null());
    json_object_set_new_nocheck(o, "value", json_string(value));
    json_object_set_new_nocheck(o, "label", json_string(label));
    json_object_set_new_nocheck(o, "label_html", json_null());
    json_object_set_new_nocheck(o, "lang", json_null());
    json_object_set_new_nocheck(o, "selected", json_boolean(selected));
    return o;
}

json_t *page_option_count(struct req *r, const char *value, const char *label, long long n,
                          int selected)
{
    return page_option(value,
                       i18n_format(r->arena, req_t(r, "common.option_count"), "label", label, "n",
                                   arena_printf(r->arena, "%lld", n), NULL),
                       selected);
}

json_t *page_options(struct req *r, const char *key_prefix, const char *const *codes, size_t n,
                     const long long *counts, const char *chosen)
{
    json_t *list = json_array();
    size_t i;

    for (i = 0; i < n; i++) {
        const char *label = req_t_of(r, key_prefix, codes[i]);
        int selected = chosen && !strcmp(chosen, codes[i]);

        json_array_append_new(list, counts
                                        ? page_option_count(r, codes[i], label, counts[i], selected)
                                        : page_option(codes[i], label, selected));
    }
    return list;
}
