/*
 * page_form: what a form (or a filter) got wrong, and the one error summary
 * (STYLE.md section 3.5: validation is not an error path).
 *
 * A handler validates into a struct page_errors on its stack, then renders
 * the page with the user's input kept. page_errors_vm() puts the problems
 * into the view model the way every page shows them (GOV.UK pattern, WCAG
 * 3.3.1): error_summary (partials/error-summary.html) above the h1 linking
 * to each field, errors.<field> for templates that place a message by hand,
 * "Gwall: {title}" / "Error: {title}" as the page title, and status 400.
 * The fields themselves (partials/field.html) find their message through
 * page_field.h.
 *
 * Messages are catalogue keys, never text; field is the id of the element
 * the summary links to. Both strings are borrowed: static, or in the request
 * arena.
 */
#pragma once

#include <stddef.h>

#include <jansson.h>

struct req;

#define PAGE_ERRORS_MAX 8 /* more problems than a form has fields are dropped */

/* One problem: the element's id and the catalogue key of its message. */
struct field_error {
    const char *field;
    const char *msg_key;
};

/* The problems of one form, in the order they were found. Start it empty:
 * struct page_errors e = { .n = 0 }. */
struct page_errors {
    struct field_error items[PAGE_ERRORS_MAX];
    size_t n;
};

/* Record that field has the problem msg_key. The first problem of a field
 * wins; past PAGE_ERRORS_MAX the problem is dropped (the form is refused
 * all the same). */
void page_errors_add(struct page_errors *e, const char *field, const char *msg_key);

/* 1 if e holds a problem (e may be NULL), else 0. */
int page_errors_any(const struct page_errors *e);

/* The catalogue key of field's problem, or NULL (e may be NULL). */
const char *page_errors_get(const struct page_errors *e, const char *field);

/*
 * When e holds problems: set error_summary {items: [{field, message}]} and
 * errors {field: message} (messages in the reader's language), prefix vm's
 * page_title with common.error_title, and set r->status to 400 (a handler
 * that answers otherwise, as sign-in does, sets r->status after). Nothing
 * when e is NULL or empty.
 */
void page_errors_vm(struct req *r, json_t *vm, const struct page_errors *e);
