/*
 * page_field: form fields as data, and options for selects with counts.
 *
 * A handler (or its feature's form.c) builds one field object per input
 * through a struct page_form, and the page's template places each one:
 *
 *     {{#fields.email}}{{>partials/field}}{{/fields.email}}
 *
 * partials/field.html writes what every field shares, once: the wrapper,
 * the label (a legend for a group), the hint, the error message with its
 * visually hidden "Gwall:" prefix, aria-describedby naming the hint and the
 * error, aria-invalid, and the value the person typed. The field's message
 * comes from the form's page_errors (page_form.h) by the field's id, or for
 * a group by any of its options' ids.
 *
 * Kinds: an input (type text, email, password, search ...), a select, a
 * group of radios or checkboxes (a fieldset), a textarea.
 *
 * A field object holds every key below, null or false when unused, so that
 * a missing key never falls through to the page's view model in a template:
 *   input select choices textarea   the kind (one of them true)
 *   id name type label hint error   error: the message, in the reader's language
 *   value has_value                 has_value false: no value attribute (passwords)
 *   autocomplete spellcheck autocapitalize maxlength width rows required
 *   empty                           (select) text of a first, empty option
 *   options                         (select, group) [{id, name, value, label,
 *                                   label_html, lang, selected}]
 * An option's label_html (raw, from page_fragment(), app/page.h) is shown
 * instead of label when set; lang marks a label in the other language.
 *
 * Ownership: fields and options are jansson values; the form's fields are
 * released when the request ends (whether or not page_form_vm() gave them to
 * a view model), so a handler may return early. Strings are copied.
 */
#pragma once

#include <stddef.h>

#include <jansson.h>

#include "app/page_form.h"

struct req;

struct page_form {
    struct req *r;
    const struct page_errors *errors; /* may be NULL: nothing to show */
    json_t *fields;                   /* id -> field object */
};

/* An empty form for r, its fields showing the problems in errors (NULL: none). */
void page_form_init(struct page_form *f, struct req *r, const struct page_errors *errors);

/* Put the fields into vm as "fields", then page_errors_vm(): call it once,
 * after vm's page_title is set. */
void page_form_vm(struct page_form *f, json_t *vm);

/* An <input> of type ("text", "email", "password", "search" ...) with id and
 * name id, labelled by label_key, showing value (NULL: no value attribute,
 * as for a password). Returns the field (owned by f) to add to. */
json_t *page_field_input(struct page_form *f, const char *id, const char *type,
                         const char *label_key, const char *value);

/* A <textarea> with id and name id, labelled by label_key, holding value. */
json_t *page_field_textarea(struct page_form *f, const char *id, const char *label_key,
                            const char *value);

/* A <select> with id and name id, labelled by label_key; empty_key (NULL:
 * none) is the text of a first option with the value "" ("Any"). Steals
 * options (page_option / page_options). */
json_t *page_field_select(struct page_form *f, const char *id, const char *label_key,
                          const char *empty_key, json_t *options);

/*
 * A fieldset of radios or checkboxes (type "radio" or "checkbox") headed by
 * legend_key. Steals options. An option without an id gets id for the first
 * and "id-value" for the others (so the error summary's "#id" reaches the
 * first); an option without a name gets id as its name.
 */
json_t *page_field_choices(struct page_form *f, const char *id, const char *type,
                           const char *legend_key, json_t *options);

/* The field's hint from the catalogue key hint_key. */
void page_field_hint(struct page_form *f, json_t *field, const char *hint_key);

/*
 * Set one of the field's texts or attributes: label, hint, autocomplete,
 * spellcheck, autocapitalize, maxlength, width (input--width-N), rows,
 * required (any non-empty value). value is copied; NULL clears. Any other
 * key is a programming error (assert).
 */
void page_field_set(json_t *field, const char *key, const char *value);

/* One option: value, label (shown), selected (or checked, in a group). */
json_t *page_option(const char *value, const char *label, int selected);

/* The same labelled "{label} ({n})" (common.option_count): a filter's value
 * with how many results picking it gives. */
json_t *page_option_count(struct req *r, const char *value, const char *label, long long n,
                          int selected);

/*
 * The options of a vocabulary: codes[0..n), each labelled by the catalogue
 * key key_prefix + code ("courses.level." "working"), with counts[i] when
 * counts is not NULL, selected where the code is chosen (NULL: none).
 */
json_t *page_options(struct req *r, const char *key_prefix, const char *const *codes, size_t n,
                     const long long *counts, const char *chosen);
