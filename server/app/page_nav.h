/*
 * page_nav: links between pages. The address of a page in the reader's
 * language with the query it keeps, and the breadcrumb trail
 * (partials/breadcrumbs.html) every page above the home page shows.
 *
 * Paths are language-neutral ("/admin/users"); the builders put "/cy" or
 * "/en" (the request's language) in front. Results live in r->arena, or are
 * jansson values the caller owns.
 */
#pragma once

#include <stddef.h>

#include <jansson.h>

struct req;

/* One query parameter of a link: left out when value is NULL or "". name is
 * written as it is (a literal of ours), value percent-encoded. */
struct page_param {
    const char *name;
    const char *value;
};

/* Most parameters a link keeps (page_url asserts it). */
#define PAGE_PARAMS_MAX 12

/* "/{lang}{path}", then "?a=1&b=2" for the params[0..n) that have a value
 * (nothing when none do). In r->arena. */
const char *page_url(struct req *r, const char *path, const struct page_param *params, size_t n);

/* One step of a trail: the page at path, labelled by the catalogue key key,
 * or by text when key is NULL (a course's title). */
struct page_crumb {
    const char *path;
    const char *key;
    const char *text;
};

/* breadcrumbs {items: [{href, label}]}: the home page, then v[0..n) in order
 * (the pages above this one; never this one). */
json_t *page_crumbs(struct req *r, const struct page_crumb *v, size_t n);
