/*
 * tpl: a mustache subset, compiled once at start and rendered many times.
 *
 * Syntax (whitespace inside a tag is trimmed):
 *   {{name}} {{a.b.c}} {{.}}  value, ALWAYS HTML-escaped (view/escape.h):
 *                             strings escaped, integers in decimal, reals
 *                             with %g; booleans, null, objects, arrays and
 *                             missing names print nothing
 *   {{{x.y_html}}}            raw value; a compile error unless the last name
 *                             segment ends in "_html" (STYLE.md section 7)
 *   {{#name}}...{{/name}}     section: skipped when the value is false, null,
 *                             missing, an empty array, an empty string or the
 *                             number 0; an array renders the body once per
 *                             element with the element pushed on the context
 *                             stack; an object renders once with it pushed;
 *                             any other value renders once without a push
 *   {{^name}}...{{/name}}     inverted section: rendered when the section
 *                             would be skipped
 *   {{>partials/name}}        partial, rendered with the current stack
 *   {{! comment}}             dropped
 * Names use [A-Za-z0-9_.-] (partials also '/'); "." alone is the current
 * item. Standalone-line whitespace rules of full mustache do not apply: text
 * outside tags is copied byte for byte.
 *
 * Name resolution: the first segment is looked up in each object on the
 * context stack from the top down, then in the globals; the remaining
 * segments descend into objects, and a miss there is final.
 *
 * Ownership: a tpl_set owns copies of every source and name given to it; it
 * is built at start (not thread-safe), then read-only: tpl_render() may run
 * on any number of threads at once. Free it with tpl_set_free() at shutdown.
 */
#pragma once

#include <stddef.h>

#include <jansson.h>

struct sbuf;
struct splice;
struct tpl_set;

/* Deepest nesting of sections plus partials while rendering. */
#define TPL_MAX_DEPTH 32

/* Node visits allowed in one tpl_render(); stops runaway partial recursion. */
#define TPL_MAX_STEPS (1UL << 22)

/* Largest template file tpl_set_load_dir() reads. */
#define TPL_MAX_FILE (1024 * 1024)

/* An empty set; never NULL. Free with tpl_set_free(). */
struct tpl_set *tpl_set_new(void);

/*
 * Compile src[0..len) under name (e.g. "courses/show"). On a syntax error,
 * or when name is empty or already in the set, return -1 and write
 * "name:line: problem" into err (errlen bytes, always terminated); the set
 * is unchanged. Partials are checked later by tpl_set_link().
 */
int tpl_set_add(struct tpl_set *s, const char *name, const char *src, size_t len, char *err,
                size_t errlen);

/*
 * Load every *.html under dir recursively (entries starting with '.' are
 * skipped), each named by its path relative to dir without ".html"
 * ("layout", "partials/header", "errors/error"), then tpl_set_link().
 * NULL with err set on any failure. Caller frees with tpl_set_free().
 */
struct tpl_set *tpl_set_load_dir(const char *dir, char *err, size_t errlen);

/*
 * Check that every {{>partial}} names a template in the set and bind it, so
 * rendering needs no lookup. -1 with "name:line: unknown partial 'p'" in err
 * otherwise. Call again after adding templates.
 */
int tpl_set_link(struct tpl_set *s, char *err, size_t errlen);

/* 1 if the set holds a template called name, else 0. */
int tpl_set_has(const struct tpl_set *s, const char *name);

/* Number of templates in the set. */
size_t tpl_set_count(const struct tpl_set *s);

/* Free the set and everything compiled into it; s may be NULL. */
void tpl_set_free(struct tpl_set *s);

/*
 * Render template name with context ctx (a jansson object, may be NULL) and
 * globals (object, may be NULL: looked up after the whole context stack),
 * appending to out. Returns 0, or -1 if name (or an unlinked partial) is
 * unknown, nesting passes TPL_MAX_DEPTH or the work passes TPL_MAX_STEPS;
 * out then holds partial output. Never aborts on any data. Rendering stops
 * early once out has failed: check sbuf_failed(out) as well as the result.
 */
int tpl_render(const struct tpl_set *s, const char *name, json_t *ctx, json_t *globals,
               struct sbuf *out);

/*
 * The partials whose output is personal to the reader (the header's sign-in
 * state, the unverified banner, a form's CSRF field, a course page's "your
 * progress"): their names start with TPL_PERSONAL and they read only
 * globals (page.h: lang, csrf, t, user, ...) and the view model's "mine"
 * (the reader's own parts, app/page.h page_mine()), never the rest of a
 * page's view model, so that one can be rendered on its own for another
 * reader.
 */
#define TPL_PERSONAL "personal/"

/*
 * tpl_render() that also notes in holes (core/splice.h; zeroed by the
 * caller) where the output of each outermost TPL_PERSONAL partial starts and
 * ends in out, and its name: a shared page is kept once and served to each
 * signed-in reader with those parts rendered for them (http/rendercache.h).
 * Offsets are into out from its start, so out should be empty on entry.
 */
int tpl_render_holes(const struct tpl_set *s, const char *name, json_t *ctx, json_t *globals,
                     struct sbuf *out, struct splice *holes);

/*
 * tpl_render_holes() of a layout that puts a body rendered before in raw
 * with {{{inner_name}}}: the body's own holes (inner, noted when it was
 * rendered with tpl_render_holes()) are noted too, moved to where the body
 * went, in order among the layout's.
 */
int tpl_render_holes_in(const struct tpl_set *s, const char *name, json_t *ctx, json_t *globals,
                        struct sbuf *out, struct splice *holes, const char *inner_name,
                        const struct splice *inner);
