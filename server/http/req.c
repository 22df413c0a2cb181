#include "req.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <civetweb.h>
#include <sodium.h>

#include "core/addrlist.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "db/pool.h"
#include "http/app.h"
#include "view/i18n.h"

const char *req_param(const struct req *r, const char *name)
{
    size_t i;

    for (i = 0; i < r->params.n; i++)
        if (!strcmp(r->params.name[i], name))
            return r->params.value[i];
    return NULL;
}

const char *req_query(const struct req *r, const char *name)
{
    return kv_get(&r->query, name);
}

const char *req_form(const struct req *r, const char *name)
{
    return kv_get(&r->form, name);
}

const char *req_cookie(const struct req *r, const char *name)
{
    return kv_get(&r->cookies, name);
}

const char *req_header(const struct req *r, const char *name)
{
    return r->conn ? mg_get_header(r->conn, name) : NULL;
}

const char *req_t(const struct req *r, const char *key)
{
    return i18n_text(r->app->i18n, r->lang, key);
}

const char *req_t_of(const struct req *r, const char *prefix, const char *code)
{
    char key[128];
    size_t p = strlen(prefix), c = code ? strlen(code) : 0;
    const char *t;

    if (p + c >= sizeof(key))
        return req_t(r, arena_printf(r->arena, "%s%s", prefix, code ? code : ""));
    memcpy(key, prefix, p);
    memcpy(key + p, code ? code : "", c);
    key[p + c] = '\0';
    t = req_t(r, key);
    return t == key ? arena_strdup(r->arena, key) : t;
}

static double elapsed_since(const struct timespec *t0)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static int is_form_type(const char *ct)
{
    static const char form[] = "application/x-www-form-urlencoded";
    size_t n = sizeof(form) - 1;

    return ct && !strncasecmp(ct, form, n) && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

int req_read_body(struct req *r, size_t max, char **data, size_t *len)
{
    const struct mg_request_info *ri = mg_get_request_info(r->conn);
    const char *te = req_header(r, "Transfer-Encoding");
    double deadline = (double)r->app->cfg->request_timeout_ms / 1000.0;
    long long want = ri->content_length;
    size_t got = 0;
    char *buf;

    *data = NULL;
    *len = 0;
    if (te)
        return 411;
    if (want < 0)
        return 411;
    if ((unsigned long long)want > max)
        return 413;
    if (want > 0 && !is_form_type(req_header(r, "Content-Type")))
        return 415;
    buf = arena_alloc(r->arena, (size_t)want + 1);
    /*
     * One byte a read: mg_read() returns only once it has every byte asked for,
     * and each arriving byte restarts civetweb's own timeout, so a larger read
     * lets a client trickling its body hold this worker for as long as it
     * likes. Bytes that came with the headers are copied from civetweb's
     * buffer; only bodies that arrive later cost a receive call a byte.
     */
    while (got < (size_t)want) {
        int n = mg_read(r->conn, buf + got, 1);

        if (n <= 0)
            return 400; /* a stalled body reads as EOF: never take it as complete */
        got += (size_t)n;
        if (elapsed_since(&r->start) > deadline) {
            r->close = 1;
            return 408;
        }
    }
    buf[got] = '\0';
    *data = buf;
    *len = got;
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *req_decode_path(struct arena *a, const char *raw, int *status)
{
    size_t n = strlen(raw), i, o = 0;
    char *out = arena_alloc(a, n + 1);

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)raw[i];

        if (c == '%') {
            if (i + 2 >= n || hexval(raw[i + 1]) < 0 || hexval(raw[i + 2]) < 0) {
                *status = 400;
                return NULL;
            }
            c = (unsigned char)(hexval(raw[i + 1]) * 16 + hexval(raw[i + 2]));
            i += 2;
            if (c == '/' || c == '\0' || c == '\\') {
                *status = 404;
                return NULL;
            }
        } else if (c == '\\') {
            *status = 404;
            return NULL;
        }
        if (c < 0x20 || c == 0x7f) {
            *status = c == 0 ? 404 : 400;
            return NULL;
        }
        out[o++] = (char)c;
    }
    out[o] = '\0';
    if (!utf8_valid(out, o)) {
        *status = 400;
        return NULL;
    }
    return out;
}

int req_framing_status(const struct req *r)
{
    const struct mg_request_info *ri = mg_get_request_info(r->conn);
    int i, n_length = 0, n_te = 0;

    for (i = 0; i < ri->num_headers; i++) {
        if (!strcasecmp(ri->http_headers[i].name, "Content-Length"))
            n_length++;
        else if (!strcasecmp(ri->http_headers[i].name, "Transfer-Encoding"))
            n_te++;
    }
    if (n_te)
        return n_length ? 400 : 411;
    return n_length > 1 ? 400 : 0;
}

void req_db_put(struct req *r)
{
    if (!r->db || db_in_transaction(r->db))
        return;
    db_pool_release(r->app->pool, r->db);
    r->db = NULL;
}

int req_db_get(struct req *r)
{
    if (r->db)
        return 0;
    r->db = db_pool_acquire(r->app->pool, DB_POOL_WAIT_MS);
    if (r->db)
        return 0;
    /* while the database is away the pool said so once (db/pool.h) */
    if (!db_pool_down(r->app->pool))
        log_warn_r(r, "no database connection free within %d ms", DB_POOL_WAIT_MS);
    return -1;
}

/* 1 if s[0..n) looks like a token: 32 or more base64url characters, at
 * least one of them upper case (slugs and ids never are). */
static int looks_secret(const char *s, size_t n)
{
    size_t i;
    int upper = 0;

    if (n < 32)
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c >= 'A' && c <= 'Z')
            upper = 1;
        else if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-' && c != '_')
            return 0;
    }
    return upper;
}

/* 1 if the segment s[0..n) is one after which a link's token comes
 * (/password-reset/{token}, /account/verify/{token}, /login/unlock/{token},
 * /employer-review/{token}, /notifications/unsubscribe/{token},
 * /calendar/{token}):
 * the next segment is redacted whatever it looks like. */
static int before_token(const char *s, size_t n)
{
    static const char *const words[] = { "password-reset",  "verify",      "unlock",
                                         "employer-review", "unsubscribe", "calendar" };
    size_t i;

    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (n == strlen(words[i]) && !memcmp(s, words[i], n))
            return 1;
    return 0;
}

const char *req_log_path(const struct req *r, const char *path)
{
    struct sbuf b;
    const char *p = path ? path : "";
    int token_next = 0;

    sbuf_init(&b, r->arena, 8192);
    while (*p) {
        size_t n = strcspn(p, "/");
        int redact = looks_secret(p, n) || (token_next && n > 0);

        token_next = before_token(p, n);
        if (redact)
            sbuf_adds(&b, "[redacted]");
        else
            sbuf_add(&b, p, n);
        p += n;
        if (*p == '/')
            sbuf_addc(&b, *p++);
    }
    return sbuf_failed(&b) ? "[too long]" : b.buf;
}

const char *req_client_key(const struct req *r)
{
    char *buf = arena_alloc(r->arena, 64);

    return addr_limit_key(r->client_ip, buf, 64);
}

void req_new_id(char id[17])
{
    static _Thread_local uint64_t state;
    static _Thread_local int seeded;
    static const char hex[] = "0123456789abcdef";
    uint64_t z;
    int i;

    if (!seeded) {
        randombytes_buf(&state, sizeof(state));
        seeded = 1;
    }
    z = state += 0x9e3779b97f4a7c15u; /* splitmix64 */
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    for (i = 15; i >= 0; i--, z >>= 4)
        id[i] = hex[z & 15];
    id[16] = '\0';
}
