/*
 * browser: a client with a cookie jar (browser_), for the tests that go
 * through the real sign-in and registration forms. Each browser connects
 * from a loopback address of its own, 127.A.B.C: Linux routes all of 127/8
 * to lo and the server sees that address as the client's, so the
 * per-address rate limits of one test never count another's requests, even
 * when test files run in parallel. A and B come from the process id; the
 * first browser of a process clears what an earlier process with the same
 * id left counted against those addresses (and 10.A.B.x, the forwarded
 * clients of the proxy test). Needs fx_init().
 *
 * browser_get/browser_post fail the test at once if the server cannot be
 * reached, and keep the cookies the answer sets.
 */
#pragma once

#include <stddef.h>

#include "client.h"

/* The password every browser_register() account gets. */
#define TEST_PASSWORD "coed y brenin ar y bryn"

struct browser {
    const struct server *srv;
    char ip[40];
    char sid[64];
    char csrf[64];
    char ua[64];
    char xff[64];    /* X-Forwarded-For to send, or "" */
    char device[64]; /* the known-device cookie (accounts/devices.c), or "" */
    char login[64];  /* a sign-in waiting for its code (accounts/pages_twofactor.c), or "" */
};

/* "127.A.B." and "10.A.B." for this process (A.B from the pid, never 0.x). */
void browser_ip_prefix(char *out, size_t size, int first_octet);

/* A new browser with no cookies, from address number n (0..250) of this
 * process, with the User-Agent "dysgu-test/<n>". */
void browser_init(struct browser *b, const struct server *srv, int n);

/* GET path, or POST an urlencoded body, with the jar's cookies. */
struct http_resp browser_get(struct browser *b, const char *path);
struct http_resp browser_post(struct browser *b, const char *path, const char *body);

/* GET page for its form's token, then POST fields (already encoded) and the
 * token to action. */
struct http_resp browser_submit(struct browser *b, const char *page, const char *action,
                                const char *fields);

/* Register email through the form in lang (signed in afterwards), in the
 * organisation "WG": 1 if it worked. */
int browser_register(struct browser *b, const char *lang, const char *name, const char *email,
                     const char *password);

/* Sign in through the form: the response (303 on success). A browser that
 * is signed in already takes the form's token from its account page. */
struct http_resp browser_sign_in(struct browser *b, const char *lang, const char *email,
                                 const char *password);

/* A new browser (address n) registered in English as who, with the e-mail
 * fx_email(who) and TEST_PASSWORD, signed in, and its e-mail address marked
 * confirmed (as if the verification link had been used: it may post and
 * book); its e-mail. Fails the test at once if registering does not work.
 * browser_register leaves the address unconfirmed, as registering does. */
const char *browser_new_account(struct browser *b, const struct server *srv, int n,
                                const char *who);

/* 1 if the browser is signed in (its account page answers 200). */
int browser_signed_in(struct browser *b);
