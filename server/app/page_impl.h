/*
 * What app/page.c shares with app/page_kept.c: the page globals, a
 * template rendered into a buffer, and a reader's personal parts.
 */
#pragma once

#include <jansson.h>

struct req;
struct sbuf;

#define PAGE_MAX (4u * 1024 * 1024) /* bytes of one rendered page */

/* The templates' globals for r (the header's state, language links, the
 * csrf token; as anyone sees the page when r->cache.anonymous), released
 * with r's arena. */
json_t *page_globals(struct req *r);

/* Template name rendered with vm and globals g onto out: 0, or -1 (logged). */
int page_render_into(struct req *r, const char *name, json_t *vm, json_t *g, struct sbuf *out);

/* page_personal() with ctx (NULL for none) as the partial's view model. */
int page_personal_in(struct req *r, const char *name, json_t *ctx, struct sbuf *out);
