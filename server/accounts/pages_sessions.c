/*
 * A person's own sessions (security.md 1.2: users can see and end their own
 * sessions) and the export of their data as JSON. GUARD_LOGIN routes.
 */
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "app/page.h"
#include "audit/audit.h"
#include "auth/session.h"
#include "core/jsonmem.h"
#include "http/req.h"
#include "http/resp.h"
#include "orgs/orgs.h"
#include "view/datefmt.h"

#define EXPORT_EVENTS_MAX 1000

/* 1 if s is a public session id: exactly ACCOUNT_PUBLIC_ID lowercase hex digits. */
static int public_id_valid(const char *s)
{
    size_t i;

    for (i = 0; i < ACCOUNT_PUBLIC_ID; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return s[i] == '\0';
}

/*
 * POST /{lang}/account/sessions/end — end one of my sessions (field
 * "session", its public id). 303 back to the account page; this browser's
 * own session is a sign-out (303 home); 404 for an id that is not one of
 * mine (another person's included: ownership is in the WHERE).
 */
int account_page_session_end(struct req *r)
{
    const char *id = account_form_value(r, "session");
    long long me = r->user->id;
    enum db_rc rc;

    if (!public_id_valid(id))
        return 404;
    if (!strncmp(r->session->id_hash, id, ACCOUNT_PUBLIC_ID)) {
        rc = session_end(r);
        if (rc == DB_OK)
            rc = audit_write(r->db, "logout", me, me, r->client_ip, NULL);
        return rc == DB_OK ? resp_see_other(r, account_path(r, r->lang, "/")) : page_db_status(rc);
    }
    rc = account_store_end_session(r->db, me, id);
    if (rc == DB_NOT_FOUND)
        return 404;
    if (rc == DB_OK)
        rc = audit_write(r->db, "session_ended", me, me, r->client_ip, "one session");
    if (rc != DB_OK)
        return page_db_status(rc);
    return resp_see_other(r, account_path(r, r->lang, "/account?saved=session"));
}

/* POST /{lang}/account/sessions/end-others — sign out everywhere else. 303. */
int account_page_sessions_end_others(struct req *r)
{
    long long me = r->user->id;
    enum db_rc rc = session_end_user(r->db, me, r->session->id_hash);

    if (rc == DB_OK)
        rc = audit_write(r->db, "session_ended", me, me, r->client_ip, "every other session");
    if (rc != DB_OK)
        return page_db_status(rc);
    return resp_see_other(r, account_path(r, r->lang, "/account?saved=sessions"));
}

static json_t *iso(struct req *r, time_t t)
{
    return t ? json_string(datefmt_iso(r->arena, t)) : json_null();
}

/* The organisation in both languages, or null. */
static json_t *org_json(struct req *r, const struct account *acct, enum db_rc *rc)
{
    struct org cy, en;

    *rc = DB_OK;
    if (!acct->org_id)
        return json_null();
    *rc = org_get(r->db, r->arena, LANG_CY, acct->org_id, &cy);
    if (*rc == DB_OK)
        *rc = org_get(r->db, r->arena, LANG_EN, acct->org_id, &en);
    if (*rc != DB_OK)
        return NULL;
    return json_pack("{s:s, s:s, s:s, s:s?}", "code", cy.code, "name_cy", cy.name, "name_en",
                     en.name, "other_name", cy.is_other ? acct->org_other : NULL);
}

static json_t *export_json(struct req *r, const struct account *acct, enum db_rc *rc)
{
    struct account_session *s = NULL;
    struct account_event *ev = NULL;
    size_t i, n_s = 0, n_ev = 0;
    json_t *org, *roles = json_array(), *sessions = json_array(), *events = json_array();

    org = org_json(r, acct, rc);
    if (*rc == DB_OK)
        *rc = account_store_sessions(r->db, r->arena, acct->id, r->session->id_hash, &s, &n_s);
    if (*rc == DB_OK)
        *rc = account_store_events(r->db, r->arena, acct->id, EXPORT_EVENTS_MAX, &ev, &n_ev);
    for (i = 0; i < 4; i++)
        if (r->user->roles & (1u << i))
            json_array_append_new(roles, json_string(role_name((enum role)(1u << i))));
    for (i = 0; i < n_s; i++)
        json_array_append_new(
            sessions, json_pack("{s:o, s:o, s:s, s:s, s:b}", "created_at", iso(r, s[i].created_at),
                                "last_seen_at", iso(r, s[i].last_seen_at), "ip", s[i].ip,
                                "user_agent", s[i].user_agent, "this_device", s[i].current));
    for (i = 0; i < n_ev; i++)
        json_array_append_new(events,
                              json_pack("{s:o, s:s, s:s, s:s}", "at", iso(r, ev[i].at), "event",
                                        ev[i].event, "ip", ev[i].ip, "detail", ev[i].detail));
    return json_pack("{s:o, s:{s:s, s:s, s:s, s:o, s:o, s:o}, s:o, s:o, s:o}", "exported_at",
                     iso(r, time(NULL)), "profile", "name", acct->name, "email", acct->email,
                     "language", lang_code(acct->lang), "organisation", org ? org : json_null(),
                     "created_at", iso(r, acct->created_at), "last_login_at",
                     iso(r, acct->last_login_at), "roles", roles, "sessions", sessions,
                     "audit_events", events);
}

/*
 * GET /{lang}/account/export — everything we hold about me as a JSON
 * download (profile, roles, organisation, sessions without their hashes,
 * audit events about me). 200 application/json; changes nothing.
 */
int account_page_export(struct req *r)
{
    struct account acct;
    json_t *doc;
    char *text;
    int status;
    enum db_rc rc = account_store_get(r->db, r->arena, r->user->id, &acct);

    if (rc != DB_OK)
        return page_db_status(rc);
    doc = export_json(r, &acct, &rc);
    if (rc != DB_OK || !doc) {
        json_decref(doc);
        return rc != DB_OK ? page_db_status(rc) : 500;
    }
    text = json_dumps(doc, JSON_INDENT(2));
    json_decref(doc);
    if (!text)
        return 500;
    resp_header(r, "Content-Disposition", "attachment; filename=\"dysgu-my-data.json\"");
    resp_header(r, "Cache-Control", "no-store");
    status = resp_send(r, 200, "application/json; charset=utf-8", text, strlen(text));
    jsonmem_free(text);
    return status;
}
