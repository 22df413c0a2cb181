/*
 * Certificates: the holder's printable page (and its download) under
 * /{lang}/courses/{slug}/certificate (GUARD_LOGIN), and the public
 * verification pages /{lang}/certificates[/{code}] (GUARD_NONE) that a
 * manager uses to check one. The public pages show the holder's name, the
 * course, the date and the code: nothing else about the person, and they ask
 * search engines not to index them.
 */
#include <string.h>

#include "app/page.h"
#include "app/page_field.h"
#include "auth/ratelimit.h"
#include "auth/session.h"
#include "core/config.h"
#include "core/strparse.h"
#include "courses/courses.h"
#include "http/app.h"
#include "http/req.h"
#include "http/resp.h"
#include "learn/learn.h"
#include "view/datefmt.h"
#include "view/i18n.h"

/* The full verification address in language l, printed on the certificate. */
static const char *verify_url(struct req *r, enum lang l, const char *code)
{
    return arena_printf(r->arena, "%s/%s/certificates/%s", r->app->cfg->base_url, lang_code(l),
                        code);
}

/* Everything the certificate says, in both languages whatever the page's. */
static json_t *cert_vm(struct req *r, const struct learn_cert *c)
{
    char grouped[CERTCODE_LEN + 3];

    certcode_grouped(c->code, grouped);
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "holder", c->holder_name, "title_cy",
        c->title_cy, "title_en", c->title_en, "date_cy", learn_date(r, LANG_CY, c->issued_at),
        "date_en", learn_date(r, LANG_EN, c->issued_at), "iso", datefmt_iso(r->arena, c->issued_at),
        "code", c->code, "code_grouped", grouped, "verify_cy", verify_url(r, LANG_CY, c->code),
        "verify_en", verify_url(r, LANG_EN, c->code));
}

/* 404: no certificate (yet, or any more) for this person and course. */
static int no_certificate(struct req *r, const char *slug, int revoked)
{
    struct course c;
    enum db_rc rc = course_store_by_slug(r->db, r->arena, slug, &c);
    const char *title, *href;
    json_t *vm;
    int st = page_status(rc);

    if (st)
        return st;
    if (!c.published)
        return 404; /* not even the title of an unpublished course */
    title = c.title[r->lang];
    href = learn_course_path(r, r->lang, c.slug, "");
    vm = page_vm(r, revoked ? "learn.no_certificate.revoked_title" : "learn.no_certificate.title");
    json_object_set_new(vm, "course", json_pack("{s:s, s:s}", "title", title, "href", href));
    json_object_set_new(vm, "revoked", json_boolean(revoked));
    json_object_set_new(vm, "breadcrumbs", learn_vm_crumbs(r, c.slug, title));
    r->status = 404;
    return page_render(r, "learn/no_certificate", vm);
}

/* GET /{lang}/courses/{slug}/certificate[?download=1] — 200, or 404 explaining. */
int learn_page_certificate(struct req *r)
{
    const char *slug = req_param(r, "slug"), *download = req_query(r, "download");
    struct learn_cert c;
    enum db_rc rc;
    json_t *vm;

    if (!page_slug(r, "slug"))
        return 404;
    rc = learn_store_my_cert(r->db, r->arena, r->user->id, slug, &c);
    if (rc == DB_NOT_FOUND || (rc == DB_OK && c.revoked_at))
        return no_certificate(r, slug, rc == DB_OK);
    if (rc != DB_OK)
        return page_db_status(rc);
    vm = page_vm(r, "certificate.page_title");
    json_object_set_new(vm, "cert", cert_vm(r, &c));
    if (download && !strcmp(download, "1")) {
        resp_header(
            r, "Content-Disposition",
            arena_printf(r->arena, "attachment; filename=\"dysgu-certificate-%s.html\"", c.code));
        json_object_set_new(vm, "standalone", json_true());
        return page_render_bare(r, 200, "learn/certificate_download", vm);
    }
    json_object_set_new(vm, "course_title", json_string(learn_pick(r, c.title_cy, c.title_en)));
    json_object_set_new(
        vm, "verify_href",
        json_string(arena_printf(r->arena, "/%s/certificates/%s", lang_code(r->lang), c.code)));
    json_object_set_new(
        vm, "download_href",
        json_string(learn_course_path(r, r->lang, c.slug, "/certificate?download=1")));
    json_object_set_new(vm, "just_issued", json_boolean(req_query(r, "new") != NULL));
    json_object_set_new(vm, "breadcrumbs",
                        learn_vm_crumbs(r, c.slug, learn_pick(r, c.title_cy, c.title_en)));
    return page_render(r, "learn/certificate", vm);
}

/* The look-up form, with what was typed and the problem with it (NULL: none). */
static int verify_form(struct req *r, int status, const char *typed, const char *error_key)
{
    json_t *vm = page_vm(r, "certificate.verify.page_title"), *code;
    struct page_errors e = { .n = 0 };
    struct page_form form;

    if (error_key)
        page_errors_add(&e, "code", error_key);
    page_form_init(&form, r, &e);
    code = page_field_input(&form, "code", "text", "certificate.verify.code_label",
                            typed ? typed : "");
    page_field_hint(&form, code, "certificate.verify.code_hint");
    page_field_set(code, "width", "20");
    page_field_set(code, "autocomplete", "off");
    page_field_set(code, "autocapitalize", "characters");
    page_field_set(code, "spellcheck", "false");
    page_form_vm(&form, vm);
    r->status = status;
    return page_render(r, "learn/verify_form", vm);
}

/* GET /{lang}/certificates[?code=] — the form; a typed code goes to its page. */
int learn_page_verify_form(struct req *r)
{
    const char *typed = req_query(r, "code");
    char code[CERTCODE_LEN + 1];

    resp_header(r, "X-Robots-Tag", "noindex");
    if (!typed)
        return verify_form(r, 200, NULL, NULL);
    if (!*typed || strspn(typed, " \t-") == strlen(typed))
        return verify_form(r, 400, typed, "certificate.verify.error_empty");
    if (certcode_normalise(typed, code))
        return verify_form(r, 400, typed, "certificate.verify.error_format");
    return resp_see_other(r,
                          arena_printf(r->arena, "/%s/certificates/%s", lang_code(r->lang), code));
}

/* 404: no certificate has the code (as the person typed it). */
static int unknown_code(struct req *r, const char *typed)
{
    json_t *vm = page_vm(r, "certificate.unknown.page_title");

    json_object_set_new(vm, "message",
                        json_string(i18n_format(r->arena, req_t(r, "certificate.unknown.message"),
                                                "code", typed, NULL)));
    r->status = 404;
    return page_render(r, "learn/verify_unknown", vm);
}

#define VERIFY_PER_MINUTE 30 /* code look-ups per client address */
#define VERIFY_PER_HOUR   300

/* GET /{lang}/certificates/{code} — valid or revoked (200), unknown (404);
 * a code in another spelling (lower case, hyphens, O for 0) moves to its own;
 * 429 with Retry-After past the client address's budget of look-ups. */
int learn_page_verify(struct req *r)
{
    const char *typed = req_param(r, "code");
    char code[CERTCODE_LEN + 1];
    struct learn_cert c;
    enum db_rc rc;
    json_t *vm;
    int st;

    resp_header(r, "X-Robots-Tag", "noindex");
    if (!typed || certcode_normalise(typed, code))
        return unknown_code(r, typed ? typed : "");
    if (strcmp(typed, code))
        return resp_redirect(
            r, 301, arena_printf(r->arena, "/%s/certificates/%s", lang_code(r->lang), code));
    /* a budget per address against guessing codes (ASVS 2.4.1), generous for people */
    st = ratelimit_budget(r, "cert-verify", VERIFY_PER_MINUTE, VERIFY_PER_HOUR, &rc);
    if (st || rc != DB_OK)
        return st ? st : page_db_status(rc);
    rc = learn_store_cert_by_code(r->db, r->arena, code, &c);
    st = page_status(rc);
    if (st)
        return st == 404 ? unknown_code(r, code) : st;
    vm = page_vm(r, c.revoked_at ? "certificate.verify.revoked_title"
                                 : "certificate.verify.valid_title");
    json_object_set_new(vm, "revoked", json_boolean(c.revoked_at != 0));
    json_object_set_new(vm, "cert",
                        json_pack("{s:s, s:s, s:o, s:s}", "holder", c.holder_name, "course",
                                  learn_pick(r, c.title_cy, c.title_en), "issued",
                                  learn_vm_date(r, c.issued_at), "code", c.code));
    return page_render(r, "learn/verify", vm);
}
