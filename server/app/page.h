/*
 * page: rendering HTML pages, and the first part of the page kit (the rest:
 * page_form.h errors and the error summary, page_field.h form fields and
 * select options, page_list.h pagination, page_nav.h links and breadcrumbs;
 * docs/adding-a-feature.md shows them used together). A page template is rendered with its view
 * model, then "layout" wraps it (content_html), both with the same globals:
 * t (the request language's catalogue), t_cy, t_en, lang, other_lang,
 * toggle_url, alt_cy_url, alt_en_url, path, asset_v, csrf, req_id, year.
 */
#pragma once

#include <jansson.h>

#include "db/db.h"

struct req;
struct sbuf;

/* Render template name inside the layout and send it with status 200 (or
 * r->status when a handler set one before). Steals vm. Returns the status. */
int page_render(struct req *r, const char *name, json_t *vm);

/*
 * Render the personal partial name (view/tpl.h TPL_PERSONAL) for r's reader
 * with the page globals and the reader's own parts (page_mine(), as "mine")
 * only, appending to out: a kept shared page's hole (http/rendercache.h).
 * 0, or -1 (logged).
 */
int page_personal(struct req *r, const char *name, struct sbuf *out);

/* Keep mine (stolen) as r's own parts of a kept page: a route's mine hook
 * (app/router.h) sets it, page_personal() renders the body's holes with it.
 * A handler puts the same object in its view model as "mine". */
void page_mine(struct req *r, json_t *mine);

/* The same without the layout: the template is a whole document. */
int page_render_bare(struct req *r, int status, const char *name, json_t *vm);

/* Send the localised error page for status (400..599). */
int page_error(struct req *r, int status);

/* A new view model holding page_title from the catalogue key title_key. */
json_t *page_vm(struct req *r, const char *title_key);

/* The status a page answers when a store call failed: 503 while the database
 * is away, a lock could not be had or a statement ran out of its time (the
 * reader may retry), else 500. */
int page_db_status(enum db_rc rc);

/* The one mapping from a store result to a page's status: DB_OK 0,
 * DB_NOT_FOUND 404, otherwise page_db_status(rc). A handler does
 * `if ((st = page_status(rc)) != 0) return st;`. */
int page_status(enum db_rc rc);

/* The route's {name} parameter when it is a well-formed slug (core/strparse.h
 * parse_slug), else NULL: the handler answers 404 without asking the store. */
const char *page_slug(const struct req *r, const char *name);

/* s as a row id: 1 to 2^53, digits only, no leading zero. 0 with *out set,
 * or -1. */
int page_id_parse(const char *s, long long *out);

/* The route's {name} parameter as a row id (page_id_parse), or 0 when it is
 * not one: the handler answers 404 without asking the store. */
long long page_id(const struct req *r, const char *name);

/*
 * Render the template name with ctx (borrowed; its keys first, then t, lang
 * and other_lang) into a string for a view model's *_html key, such as an
 * option's label_html (page_field.h). In r->arena; NULL (logged) when the
 * template fails. The result is template output, so every value in it is
 * escaped.
 */
const char *page_fragment(struct req *r, const char *name, json_t *ctx);
