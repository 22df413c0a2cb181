/*
 * The accounts forms: field rules (security.md 1.4: length in code points
 * and bytes, character set), the password policy's messages, and the fields
 * (app/page_field.h) more than one of the forms shows.
 */
#include <stdint.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "accounts/accounts.h"
#include "app/page_field.h"
#include "auth/password.h"
#include "core/arena.h"
#include "core/strparse.h"
#include "core/utf8.h"
#include "http/app.h"
#include "http/req.h"
#include "mail/mail.h"
#include "orgs/orgs.h"
#include "view/i18n.h"

#define EMAIL_NORM_INPUT_MAX 1024 /* longer is never an address of ours */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const char *account_form_value(struct req *r, const char *key)
{
    const char *v = req_form(r, key);
    size_t len;

    if (!v)
        return "";
    while (is_space(*v))
        v++;
    len = strlen(v);
    while (len && is_space(v[len - 1]))
        len--;
    return arena_strndup(r->arena, v, len);
}

char *account_email_norm(struct arena *a, const char *email)
{
    UChar src[EMAIL_NORM_INPUT_MAX], folded[EMAIL_NORM_INPUT_MAX * 3],
        nfc[EMAIL_NORM_INPUT_MAX * 3];
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *n2;
    int32_t n_src = 0, n_fold, n_nfc, n_out = 0;
    size_t len = strlen(email);
    char *out;

    if (len > EMAIL_NORM_INPUT_MAX || !utf8_valid(email, len))
        return NULL;
    u_strFromUTF8(src, EMAIL_NORM_INPUT_MAX, &n_src, email, (int32_t)len, &err);
    n_fold = u_strFoldCase(folded, EMAIL_NORM_INPUT_MAX * 3, src, n_src, U_FOLD_CASE_DEFAULT, &err);
    n2 = unorm2_getNFCInstance(&err);
    if (U_FAILURE(err))
        return NULL;
    n_nfc = unorm2_normalize(n2, folded, n_fold, nfc, EMAIL_NORM_INPUT_MAX * 3, &err);
    if (U_FAILURE(err))
        return NULL;
    out = arena_alloc(a, (size_t)n_nfc * 3 + 1);
    u_strToUTF8(out, n_nfc * 3 + 1, &n_out, nfc, n_nfc, &err);
    return U_FAILURE(err) ? NULL : out;
}

int account_email_valid(const char *s)
{
    const char *at = strchr(s, '@'), *dot;
    size_t len = strlen(s);

    /* the outbox's rule too: an address we cannot write to is refused here,
     * with a message, never later with a 500 */
    if (!at || at == s || strchr(at + 1, '@') || len > ACCOUNT_EMAIL_MAX ||
        !utf8_valid_text(s, len) || !mail_addr_valid(s))
        return 0;
    if (strpbrk(s, " \t\r\n<>(),;:\"[]\\"))
        return 0;
    dot = strchr(at + 1, '.');
    /* a dot inside the domain: not first, not last, never two together */
    return dot && dot != at + 1 && s[len - 1] != '.' && !strstr(at, "..");
}

/* A one-line free-text field of 1..200 code points. */
static void check_text(struct page_errors *e, const char *field, const char *v,
                       const char *missing_key, const char *long_key)
{
    size_t len = strlen(v);

    if (!*v)
        page_errors_add(e, field, missing_key);
    else if (!utf8_valid_text(v, len) || strpbrk(v, "\t\r\n"))
        page_errors_add(e, field, "accounts.errors.text_invalid");
    else if (utf8_count(v, len) > ACCOUNT_NAME_MAX)
        page_errors_add(e, field, long_key);
}

/* The organisation select and, for "Other", its name. */
static enum db_rc check_org(struct req *r, struct page_errors *e, struct account_input *in)
{
    const char *v = account_form_value(r, "organisation");
    const char *other = account_form_value(r, "org_other");
    struct org org;
    uint32_t id = 0;
    enum db_rc rc;

    in->org_other = *other ? other : NULL;
    if (!*v || parse_u32(v, strlen(v), INT32_MAX, &id) || id == 0) {
        page_errors_add(e, "organisation", "accounts.errors.org_missing");
        return DB_OK;
    }
    in->org_id = (int)id;
    rc = org_get(r->db, r->arena, r->lang, in->org_id, &org);
    if (rc == DB_NOT_FOUND) {
        in->org_id = 0;
        page_errors_add(e, "organisation", "accounts.errors.org_missing");
        return DB_OK;
    }
    if (rc != DB_OK)
        return rc;
    if (org.is_other)
        check_text(e, "org_other", other, "accounts.errors.org_other_missing",
                   "accounts.errors.org_other_too_long");
    else
        in->org_other = NULL; /* typed by mistake: a listed organisation needs no name */
    return DB_OK;
}

enum db_rc account_form_profile(struct req *r, struct page_errors *e, struct account_input *in,
                                int with_login)
{
    const char *lang = account_form_value(r, "lang");
    enum db_rc rc;

    memset(in, 0, sizeof(*in));
    in->lang = r->lang;
    in->name = account_form_value(r, "name");
    check_text(e, "name", in->name, "accounts.errors.name_missing",
               "accounts.errors.name_too_long");
    if (with_login) {
        in->email = account_form_value(r, "email");
        in->email_norm =
            account_email_valid(in->email) ? account_email_norm(r->arena, in->email) : NULL;
        if (!*in->email)
            page_errors_add(e, "email", "accounts.errors.email_missing");
        else if (!in->email_norm)
            page_errors_add(e, "email",
                            utf8_count(in->email, strlen(in->email)) != strlen(in->email)
                                ? "accounts.errors.email_not_ascii"
                                : "accounts.errors.email_invalid");
    }
    rc = check_org(r, e, in);
    if (rc != DB_OK)
        return rc;
    if (!strcmp(lang, "cy") || !strcmp(lang, "en"))
        in->lang = lang[0] == 'e' ? LANG_EN : LANG_CY;
    else
        page_errors_add(e, "lang", "accounts.errors.lang_missing");
    if (with_login)
        in->password = account_form_new_password(r, e, "password", NULL, in->name, in->email,
                                                 &in->password_len);
    return DB_OK;
}

static const char *policy_key(enum pw_problem p)
{
    static const char *const keys[] = {
        [PW_OK] = NULL,
        [PW_INVALID] = "accounts.errors.password_invalid",
        [PW_TOO_SHORT] = "accounts.errors.password_too_short",
        [PW_TOO_LONG] = "accounts.errors.password_too_long",
        [PW_COMMON] = "accounts.errors.password_common",
        [PW_CONTAINS_SERVICE] = "accounts.errors.password_service",
        [PW_CONTEXT] = "accounts.errors.password_context",
    };

    return (size_t)p < sizeof(keys) / sizeof(keys[0]) ? keys[p] : keys[PW_INVALID];
}

char *account_form_new_password(struct req *r, struct page_errors *e, const char *field,
                                const char *confirm_field, const char *name, const char *email,
                                size_t *len)
{
    const char *const context[] = { name, email };
    const char *raw = req_form(r, field);
    const char *again = confirm_field ? req_form(r, confirm_field) : NULL;
    char *pw;
    enum pw_problem p;

    *len = 0;
    if (!raw || !*raw) {
        page_errors_add(e, field, "accounts.errors.password_missing");
        return NULL;
    }
    pw = pw_normalise(r->arena, raw, strlen(raw), len);
    p = pw ? pw_check_policy(pw, *len) : PW_INVALID;
    if (p == PW_OK)
        p = pw_check_context(pw, *len, context, 2);
    if (p != PW_OK) {
        page_errors_add(e, field, policy_key(p));
        return NULL;
    }
    if (confirm_field) {
        size_t n = 0;
        char *pw2 = again ? pw_normalise(r->arena, again, strlen(again), &n) : NULL;

        if (!pw2 || n != *len || memcmp(pw, pw2, n)) {
            page_errors_add(e, confirm_field, "accounts.errors.password_mismatch");
            return NULL;
        }
    }
    return pw;
}

json_t *account_form_orgs(struct req *r, int org_id, enum db_rc *rc)
{
    struct org *orgs = NULL;
    json_t *list;
    size_t i, n = 0;

    *rc = org_list(r->db, r->arena, r->lang, &orgs, &n);
    if (*rc != DB_OK)
        return NULL;
    list = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(list, page_option(arena_printf(r->arena, "%d", orgs[i].id),
                                                orgs[i].name, orgs[i].id == org_id));
    return list;
}

/* A one-line text field showing value: a name is not spell-checked. */
static json_t *text_field(struct page_form *f, const char *id, const char *label_key,
                          const char *value, const char *autocomplete)
{
    json_t *o = page_field_input(f, id, "text", label_key, value ? value : "");

    page_field_set(o, "autocomplete", autocomplete);
    return o;
}

void account_form_profile_fields(struct page_form *f, const struct account_input *in, json_t *orgs)
{
    json_t *langs = json_array(), *o;

    page_field_set(text_field(f, "name", "accounts.fields.name", in->name, "name"), "spellcheck",
                   "false");
    o = page_field_select(f, "organisation", "accounts.fields.organisation",
                          "accounts.fields.organisation_choose", orgs);
    page_field_set(o, "autocomplete", "off");
    o = text_field(f, "org_other", "accounts.fields.org_other", in->org_other, "organization");
    page_field_hint(f, o, "accounts.fields.org_other_hint");
    /* each language named in itself, marked so screen readers say it so */
    o = page_option("cy", req_t(f->r, "accounts.lang_cy"), in->lang == LANG_CY);
    json_object_set_new(o, "lang", json_string("cy"));
    json_array_append_new(langs, o);
    o = page_option("en", req_t(f->r, "accounts.lang_en"), in->lang == LANG_EN);
    json_object_set_new(o, "lang", json_string("en"));
    json_array_append_new(langs, o);
    o = page_field_choices(f, "lang", "radio", "accounts.fields.lang", langs);
    page_field_hint(f, o, "accounts.fields.lang_hint");
}

json_t *account_form_email(struct page_form *f, const char *value, const char *autocomplete)
{
    json_t *o = page_field_input(f, "email", "email", "accounts.fields.email", value);

    page_field_set(o, "autocomplete", autocomplete);
    page_field_set(o, "spellcheck", "false");
    page_field_set(o, "autocapitalize", "none");
    return o;
}

json_t *account_form_password(struct page_form *f, const char *id, const char *label_key,
                              const char *autocomplete)
{
    json_t *o = page_field_input(f, id, "password", label_key, NULL);

    page_field_set(o, "autocomplete", autocomplete);
    page_field_set(o, "spellcheck", "false");
    return o;
}

void account_form_password_fields(struct page_form *f)
{
    page_field_hint(
        f, account_form_password(f, "new_password", "accounts.fields.new_password", "new-password"),
        "accounts.password_hint");
    account_form_password(f, "confirm_password", "accounts.fields.confirm_password",
                          "new-password");
}

const char *account_path(struct req *r, enum lang l, const char *path)
{
    return arena_printf(r->arena, "/%s%s", lang_code(l), path);
}

const char *account_link(struct req *r, enum lang l, const char *path)
{
    return arena_printf(r->arena, "%s/%s%s", r->app->cfg->base_url, lang_code(l), path);
}
