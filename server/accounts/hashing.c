/*
 * Password hashing from requests, with the request's database connection
 * given back to the pool meanwhile: a hash waits up to 2 s for one of the
 * few Argon2id slots and then takes ~0.1 s, and a sign-in flood holding
 * pooled connections all that time would starve every other page of the
 * database (docs/decisions.md, "Threads and the connection pool").
 */
#include "accounts/accounts.h"
#include "auth/password.h"
#include "http/req.h"

int account_pw_verify(struct req *r, const char *stored, const char *pw, size_t len)
{
    int ok;

    req_db_put(r);
    ok = pw_verify_limited(stored, pw, len);
    return req_db_get(r) ? -2 : ok;
}

int account_pw_hash(struct req *r, char out[PW_HASH_LEN], const char *pw, size_t len)
{
    int rc;

    req_db_put(r);
    rc = pw_hash_limited(out, pw, len);
    return req_db_get(r) ? -2 : rc;
}
