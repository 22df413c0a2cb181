/*
 * page_kit: what the page kit's unit tests share. A request as a handler
 * sees it (arena, language, query, route parameters) over an app holding the
 * real catalogues (locales/) and the real templates (web/templates/), with no
 * server and no database. Static functions: each test file is its own
 * program.
 */
#pragma once

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "http/app.h"
#include "http/form.h"
#include "http/req.h"
#include "testing.h"
#include "view/i18n.h"
#include "view/tpl.h"

static struct app kit_app;
static struct arena kit_arena;

/* Suite set-up: the catalogues and templates; 0, or -1 (CUnit: the suite fails). */
static int kit_init(void)
{
    char err[1024] = "";

    kit_app.i18n = i18n_load(DYSGU_SOURCE_DIR "/locales", err, sizeof(err));
    kit_app.tpl =
        kit_app.i18n ? tpl_set_load_dir(DYSGU_SOURCE_DIR "/web/templates", err, sizeof(err)) : NULL;
    if (!kit_app.tpl) {
        fprintf(stderr, "\n  %s\n", err);
        return -1;
    }
    arena_init(&kit_arena, 0);
    return 0;
}

static int kit_clean(void)
{
    arena_release(&kit_arena);
    tpl_set_free(kit_app.tpl);
    i18n_free(kit_app.i18n);
    return 0;
}

/* A fresh request in lang whose query string is qs ("" for none). The
 * arena's earlier contents are released first. */
static void kit_req(struct req *r, enum lang lang, const char *qs)
{
    arena_reset(&kit_arena);
    memset(r, 0, sizeof(*r));
    r->app = &kit_app;
    r->arena = &kit_arena;
    r->lang = lang;
    r->query_raw = qs;
    memcpy(r->id, "0123456789abcdef", 17);
    CU_ASSERT_FATAL(form_parse(&kit_arena, qs, strlen(qs), 64, FORM_ALLOW_DUPLICATES, &r->query) ==
                    FORM_OK);
}

/* Template name rendered with ctx and the globals a page has (t, lang), in
 * the request's arena; "" on failure (with a test failure). */
static const char *kit_render(struct req *r, const char *name, json_t *ctx)
{
    struct sbuf out;
    json_t *g = json_pack("{s:O, s:s}", "t", i18n_catalogue(kit_app.i18n, r->lang), "lang",
                          lang_code(r->lang));
    int rc;

    sbuf_init(&out, r->arena, 1 << 20);
    rc = tpl_render(kit_app.tpl, name, ctx, g, &out);
    json_decref(g);
    CU_ASSERT(rc == 0 && !sbuf_failed(&out));
    return rc ? "" : out.buf;
}
