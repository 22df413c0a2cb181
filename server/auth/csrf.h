/*
 * csrf: protection for every state-changing request (DESIGN.md "Security
 * rules", reference/security.md section 1.6).
 *
 * Until sessions exist for a visitor, the token is a pre-session one: 32
 * random bytes in a cookie (HttpOnly, SameSite=Lax, __Host- behind TLS),
 * repeated in each form's hidden "csrf" field (double submit). The router
 * checks every non-GET request: the field must equal the cookie (compared in
 * constant time), and the Origin header, when sent, must be our own.
 */
#pragma once

struct req;

#define CSRF_TOKEN_LEN 43 /* 32 bytes as unpadded base64url */

/* Make r->csrf the visitor's token, issuing a new cookie when there is none. */
void csrf_ensure(struct req *r);

/* 0 when the request carries a valid token and no foreign Origin; -1 otherwise. */
int csrf_check(struct req *r);

/* 1 if s is a well-formed token (43 base64url characters). */
int csrf_token_valid(const char *s);
