/*
 * page_list: moving through a long list, one page at a time, and the one
 * partials/pagination.html that shows the links.
 *
 * Two ways, one partial:
 *   - by page number (?page=N, OFFSET in SQL): for lists a person searches
 *     and jumps in, with "Page 2 of 7" (struct page_pager);
 *   - by cursor (?before=C / ?after=C, keyset in SQL): for lists that grow
 *     while read, where OFFSET would skip or repeat rows and cost more the
 *     further one goes (the audit log; communities' threads next). A cursor
 *     is the sort key of the last row shown, one or more whole numbers
 *     ("5123", or "1732400000.5123" for (time, id)), so it is short, needs
 *     no state on the server and is checked like any other input.
 *
 * The rules every list keeps (docs/catalogue.md "Bad input"): a page number
 * or cursor that is not well formed is a plain 400; a page number past the
 * last page is a 404 (page 1 always exists, the list may be empty).
 *
 * Links keep the list's filters (struct page_list's keep) and are built by
 * page_url (app/page_nav.h). Results live in r->arena, or are jansson values
 * the caller owns.
 */
#pragma once

#include <stddef.h>

#include <jansson.h>

#include "app/page_nav.h"

struct arena;
struct req;

/* Most numbers in one cursor. */
#define PAGE_CURSOR_MAX 4

/* A list page by page. */
struct page_pager {
    long page;     /* 1-based, from ?page= */
    long per_page; /* rows a page */
    long pages;    /* set by page_pager_count(); 0 for an empty list */
};

/* Where a list lives and what its links keep. */
struct page_list {
    const char *path;              /* language-neutral: "/admin/users" */
    const struct page_param *keep; /* the filters as understood (n_keep of them) */
    size_t n_keep;
    const char *nav_key; /* catalogue key of the <nav>'s aria-label */
};

/* A list by cursor: the links this page shows. */
struct page_keyset {
    const char *prev;      /* ?after= cursor of the page before this one; NULL: none */
    const char *next;      /* ?before= cursor of the page after this one; NULL: none */
    int ascending;         /* a list read oldest first (a thread's posts): prev is
                              ?before= (earlier rows) and next ?after= (later ones) */
    int first;             /* link to the start of the list (this page is not it) */
    const char *prev_key;  /* link texts: NULL gives common.previous */
    const char *next_key;  /* NULL gives common.next */
    const char *first_key; /* required when first is set */
};

/* s as a count: absent (NULL) gives dflt; 0 with *out set, or -1 when it is
 * not a whole number from 1 to max (digits only, no leading zero). */
int page_count_parse(const char *s, long dflt, long max, long *out);

/* ?page= (absent: 1) into pg, with per_page rows a page: 0, or 400 when it
 * is not a whole number from 1 to max. */
int page_pager_parse(const struct req *r, long per_page, long max, struct page_pager *pg);

/* Set pg->pages for total matching rows: 0, or 404 when pg->page lies past
 * the last page. */
int page_pager_count(struct page_pager *pg, long long total);

/*
 * pagination for partials/pagination.html: null when everything fits on one
 * page; else {nav_label, prev, next, label, first} with prev and next
 * {href, text} links (null at the ends) to l's path with its filters and
 * ?page=, label "Tudalen 2 o 7" / "Page 2 of 7", first null.
 */
json_t *page_pager_vm(struct req *r, const struct page_list *l, const struct page_pager *pg);

/*
 * As page_pager_vm for a long list read by cursor yet numbered (the admin's
 * users list): the links carry ?page= and the cursor of the row next to
 * them, prev ?before=prev and next ?after=next (NULL: the plain ?page=
 * link). has_next 0 hides next (the page read by cursor was the last).
 */
json_t *page_pager_keyset_vm(struct req *r, const struct page_list *l, const struct page_pager *pg,
                             const char *prev, const char *next, int has_next);

/* title with "(tudalen 2 o 7)" / "(page 2 of 7)" after it past the first
 * page (WCAG 2.4.2: each page's title differs); title itself on page 1. */
const char *page_pager_title(struct req *r, const struct page_pager *pg, const char *title);

/* pagination for a list by cursor, as page_pager_vm with label null: prev
 * (?after=), first (no cursor) and next (?before=) links; null when there
 * are none. */
json_t *page_keyset_vm(struct req *r, const struct page_list *l, const struct page_keyset *k);

/* The cursor text of v[0..n) (0 < n <= PAGE_CURSOR_MAX; each 0..2^53):
 * "5123", "1732400000.5123". In a. */
const char *page_cursor(struct arena *a, const long long *v, size_t n);

/* Read a cursor of exactly n numbers into v[0..n): 0, or -1 (v unspecified)
 * unless s is n whole numbers from 0 to 2^53 (no sign, no leading zero)
 * joined by '.'. */
int page_cursor_parse(const char *s, long long *v, size_t n);
