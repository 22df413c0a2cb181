#define _GNU_SOURCE
#include "browser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixtures.h"
#include "process.h"

void browser_ip_prefix(char *out, size_t size, int first_octet)
{
    int p = (int)getpid() % 62000;

    snprintf(out, size, "%d.%d.%d.", first_octet, 1 + p / 250, 1 + p % 250);
}

/* Forget the rate-limit counts of this process's addresses (an earlier
 * process with the same id made them). */
static void forget_counts(void)
{
    static int done;
    static const char *const del = "DELETE FROM rate_limits WHERE k LIKE CONCAT('%:', CONVERT(? "
                                   "USING ascii) COLLATE ascii_bin, '%')";
    char prefix[24];

    if (done)
        return;
    done = 1;
    for (int i = 0; i < 2; i++) {
        browser_ip_prefix(prefix, sizeof(prefix), i ? 10 : 127);
        if (fx_exec_s(del, prefix) < 0)
            fprintf(stderr, "browser: cannot clear the counts of %s*\n", prefix);
    }
}

void browser_init(struct browser *b, const struct server *srv, int n)
{
    char prefix[24];

    forget_counts();
    memset(b, 0, sizeof(*b));
    b->srv = srv;
    browser_ip_prefix(prefix, sizeof(prefix), 127);
    snprintf(b->ip, sizeof(b->ip), "%s%d", prefix, 2 + n % 251);
    snprintf(b->ua, sizeof(b->ua), "dysgu-test/%d", n);
}

/* Keep what the response set (an empty value deletes). */
static void take_cookies(struct browser *b, const struct http_resp *r)
{
    char *sid = http_set_cookie_last(r, "sid"), *csrf = http_set_cookie_last(r, "csrf");
    char *device = http_set_cookie_last(r, "device"), *login = http_set_cookie_last(r, "login");

    if (device)
        snprintf(b->device, sizeof(b->device), "%s", device);
    free(device);
    if (login)
        snprintf(b->login, sizeof(b->login), "%s", login);
    free(login);
    if (sid)
        snprintf(b->sid, sizeof(b->sid), "%s", sid);
    if (csrf)
        snprintf(b->csrf, sizeof(b->csrf), "%s", csrf);
    free(sid);
    free(csrf);
}

/* GET (body NULL) or POST an urlencoded body, with the jar's cookies. */
static struct http_resp request(struct browser *b, const char *path, const char *body)
{
    char cookies[320] = "", xff[96] = "", *raw;
    size_t cap = (body ? strlen(body) : 0) + strlen(path) + 4096;
    struct http_resp r;
    int n;

    if (*b->sid || *b->csrf || *b->device || *b->login) {
        const char *names[] = { "sid", "csrf", "device", "login" },
                   *values[] = { b->sid, b->csrf, b->device, b->login };
        size_t used = (size_t)snprintf(cookies, sizeof(cookies), "Cookie:");

        for (int i = 0; i < 4; i++)
            if (*values[i] && used < sizeof(cookies))
                used += (size_t)snprintf(cookies + used, sizeof(cookies) - used, "%s %s=%s",
                                         used > 7 ? ";" : "", names[i], values[i]);
        if (used < sizeof(cookies))
            snprintf(cookies + used, sizeof(cookies) - used, "\r\n");
    }
    if (*b->xff)
        snprintf(xff, sizeof(xff), "X-Forwarded-For: %s\r\n", b->xff);
    raw = malloc(cap);
    if (body)
        n = snprintf(raw, cap,
                     "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n"
                     "User-Agent: %s\r\n%s%sContent-Type: application/x-www-form-urlencoded\r\n"
                     "Content-Length: %zu\r\n\r\n%s",
                     path, b->srv->port, b->ua, xff, cookies, strlen(body), body);
    else
        n = snprintf(raw, cap,
                     "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n"
                     "User-Agent: %s\r\n%s%s\r\n",
                     path, b->srv->port, b->ua, xff, cookies);
    if (http_raw_from(b->srv, b->ip, raw, (size_t)n, &r) != 0) {
        free(raw);
        CU_FAIL_FATAL("cannot reach the server");
    }
    free(raw);
    take_cookies(b, &r);
    return r;
}

struct http_resp browser_get(struct browser *b, const char *path)
{
    return request(b, path, NULL);
}

struct http_resp browser_post(struct browser *b, const char *path, const char *body)
{
    return request(b, path, body);
}

struct http_resp browser_submit(struct browser *b, const char *page, const char *action,
                                const char *fields)
{
    struct http_resp r = browser_get(b, page);
    char body[8192];

    snprintf(body, sizeof(body), "%s&csrf=%s", fields, http_form_csrf(&r));
    http_resp_free(&r);
    return browser_post(b, action, body);
}

int browser_register(struct browser *b, const char *lang, const char *name, const char *email,
                     const char *password)
{
    char page[32], done[40], fields[1024];
    struct http_resp r;
    int ok;

    snprintf(page, sizeof(page), "/%s/register", lang);
    snprintf(done, sizeof(done), "/%s/register/done", lang);
    snprintf(fields, sizeof(fields), "name=%s&email=%s&password=%s&organisation=%lld&lang=%s",
             http_enc(name), http_enc(email), http_enc(password), fx_org("WG"), lang);
    r = browser_submit(b, page, page, fields);
    ok = http_see_other(&r, done) && *b->sid;
    http_resp_free(&r);
    return ok;
}

const char *browser_new_account(struct browser *b, const struct server *srv, int n, const char *who)
{
    const char *email = fx_email(who);

    browser_init(b, srv, n);
    CU_ASSERT_FATAL(browser_register(b, "en", who, email, TEST_PASSWORD));
    /* as if the verification link had been opened: posting and booking work */
    CU_ASSERT_FATAL(fx_exec_s("UPDATE users SET email_verified_at = UTC_TIMESTAMP() "
                              "WHERE email = ?",
                              email) == 1);
    return email;
}

struct http_resp browser_sign_in(struct browser *b, const char *lang, const char *email,
                                 const char *password)
{
    char page[32], body[1024];
    struct http_resp r;

    snprintf(page, sizeof(page), "/%s/login", lang);
    r = browser_get(b, page);
    if (r.status == 303) {
        http_resp_free(&r);
        r = browser_get(b, "/en/account");
    }
    snprintf(body, sizeof(body), "email=%s&password=%s&csrf=%s", http_enc(email),
             http_enc(password), http_form_csrf(&r));
    http_resp_free(&r);
    return browser_post(b, page, body);
}

int browser_signed_in(struct browser *b)
{
    struct http_resp r = browser_get(b, "/en/account");
    int ok = r.status == 200;

    http_resp_free(&r);
    return ok;
}
