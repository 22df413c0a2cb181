/*
 * page_kept: a page of one reader's own, or of a group's, kept in memory
 * (issue 22, core/kepttable.h, core/persongen.h). The page is rendered
 * once, layout and all, as anyone sees it: the layout's personal parts
 * (view/tpl.h TPL_PERSONAL: the header's name and sign-out form, the nav's
 * links by role, the verify banner) are noted as holes and the csrf token
 * as a placeholder wherever it stands. Each request only fills those gaps
 * for its reader (app/page_kept.c), as the render cache does for a shared
 * page: no template of the page's own is rendered again.
 *
 * page_kept_get() renders the body with the session's own csrf token, so
 * it keys by (person, language, session, path). Never keep a page with a
 * flash message, an error or anything of one request: such a request calls
 * its handler's render instead (a query string, a form with problems).
 */
#pragma once

#include <jansson.h>

#include "core/kepttable.h"
#include "core/persongen.h"
#include "http/brpieces.h"
#include "http/gzsplice.h"

struct req;

/* A place in a kept page filled for each reader. */
struct page_gap {
    size_t start, end; /* [start, end) in the page; start == end for a csrf token */
    const char *hole;  /* the personal partial that fills it, or NULL: the reader's csrf token */
};

struct page_packing;

/* What a kept page holds, in its value's arena. */
struct page_kept {
    const char *page; /* the whole page as anyone sees it, the csrf placeholders cut out */
    size_t page_len;
    const struct page_gap *gaps; /* in order, not overlapping */
    size_t n_gaps;
    unsigned personal_keys; /* the view model's keys the holes read (nav_me, nav_admin) */
    /* the page compressed once, split at the gaps: a gzip or brotli reader's
     * response is joined from them, not compressed (http/brpieces.h) */
    int has_gz;
    struct gzpieces gz;
    int has_br;
    struct brpieces br;
    /* what readers keep of it (app/page_kept.c), each set once and freed
     * with the page: the page joined for a signed-in reader, with what its
     * fills were made from (the same session again gets it without a join);
     * and, for a page without pieces (one person's own), its whole response
     * in each coding, compressed at the first read that asks for it and sent
     * again to a read whose gaps are filled alike */
    struct page_packing *packing;
};

/* The bytes and the number of joined pages and packed responses every kept
 * page holds: a metrics_usage_fn ("kept_packed"). */
void page_kept_packed_usage(size_t *bytes, size_t *entries);

/* A table of kept pages for page_kept_get(), slots of them:
 *     static struct kept_table kept = PAGE_KEPT_TABLE_INIT(1024); */
#define PAGE_KEPT_TABLE_INIT(slots_) KEPT_TABLE_INIT(page_kept_load, PERSON_KEPT_TTL_MS, (slots_))

/* Its loader (page_kept_get()'s own: not called otherwise). */
kept_load_fn page_kept_load;

/*
 * Make r's view model: 0 with *vm (the caller steals it) and *name (the
 * template), or an HTTP status (nothing is kept or sent). In r->arena.
 */
typedef int page_build_fn(struct req *r, json_t **vm, const char **name);

/*
 * The page build makes for r's reader (signed in), kept in t under
 * (person, language, session, path) at generation gen (persongen_get() of the
 * person, combined with a feature's counter where the page shows what
 * others change), and sent inside the layout: 200. build's status when it
 * fails (nothing sent, nothing kept); 500 when rendering fails (logged).
 */
int page_kept_get(struct req *r, struct kept_table *t, unsigned long long gen,
                  page_build_fn *build);

/*
 * The page build makes, kept in t under (scope, language, path and query)
 * at generation gen and shared by every reader who asks for it with that
 * scope: the body is rendered once with a placeholder for the csrf token,
 * and each reader's own token is put in where it stood (a list of 50 users
 * with a form on each row: 50 places). scope says whose the page is: 0 when
 * it is the same for everyone the route lets in (an admin list: every admin
 * sees the same rows), a person's id (theirs in every session they have),
 * or a negative number a feature names for a group the route lets in that
 * sees a page of its own (communities' FORUM_SCOPE_ADMINS: admins see the
 * text of a deleted post that moderators see as a tombstone). So build may read r->user only as far
 * as scope covers it, and gen must move whenever anything the page shows changes. A path and query
 * longer than the table keeps (KEPT_TABLE_KEY_MAX) is rendered for the
 * reader alone. A page of scope 0 or a group is also compressed once for
 * its gzip and brotli readers (PAGE_KEEP_COMPRESSED). Returns as
 * page_kept_get().
 */
int page_kept_shared(struct req *r, struct kept_table *t, long long scope, unsigned long long gen,
                     page_build_fn *build);

/* Its table: static struct kept_table kept = PAGE_KEPT_SHARED_INIT(64); */
#define PAGE_KEPT_SHARED_INIT(slots_)                                                              \
    KEPT_TABLE_INIT(page_kept_load, PERSON_KEPT_TTL_MS, (slots_), .chunk = 16384)

/* page_keep()'s flags: the body's csrf token left out and its places
 * noted (a page shared by several sessions: the layout's always are); the
 * page also compressed once, split at its gaps, for every gzip and brotli
 * reader (a page many people read: one person's own page is read once or
 * twice in its kept time, and compressed per response instead, smaller). */
#define PAGE_KEEP_CSRF_HOLE  1
#define PAGE_KEEP_COMPRESSED 2

/* Render name with vm (stolen) for r into a as a kept page: 0 with *out, or
 * -1 (logged). flags: PAGE_KEEP_CSRF_HOLE, PAGE_KEEP_COMPRESSED. */
int page_keep(struct req *r, struct arena *a, const char *name, json_t *vm, int flags,
              const struct page_kept **out);

/* Send k with its gaps filled for r: 200, or 500. */
int page_render_kept(struct req *r, const struct page_kept *k);
