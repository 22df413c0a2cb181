/*
 * The database URL: "mysql://user:pass@host[:port]/db[?options]" into
 * struct db_params (db.h), percent-decoding user, password, database and the
 * options' values. Options: socket=, ssl=0|1, ssl-ca=, ssl-cert=, ssl-key=.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "db/db.h"

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

/* Percent-decode s[0..len) into a; NULL on a bad escape or an encoded NUL. */
static char *url_decode(struct arena *a, const char *s, size_t len)
{
    char *out = arena_alloc(a, len + 1);
    size_t i, n = 0;

    for (i = 0; i < len; i++) {
        if (s[i] != '%') {
            out[n++] = s[i];
            continue;
        }
        if (len - i < 3 || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0)
            return NULL;
        out[n] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
        if (out[n++] == '\0')
            return NULL;
        i += 2;
    }
    out[n] = '\0';
    return out;
}

/* The port after a host: 1-65535, digits only. */
static int parse_port(const char *s, size_t len, unsigned *port)
{
    unsigned long v = 0;
    size_t i;

    if (len == 0 || len > 5)
        return -1;
    for (i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned long)(s[i] - '0');
    }
    if (v == 0 || v > 65535)
        return -1;
    *port = (unsigned)v;
    return 0;
}

/* host, [v6host] or either with :port, in s[0..len). */
static const char *parse_host(struct arena *a, const char *s, size_t len, struct db_params *p)
{
    const char *end = s + len;
    const char *colon;

    if (len && s[0] == '[') {
        const char *close = memchr(s, ']', len);

        if (!close || close == s + 1)
            return "bad [IPv6] host";
        p->host = arena_strndup(a, s + 1, (size_t)(close - s - 1));
        if (close + 1 == end)
            return NULL;
        if (close[1] != ':' || parse_port(close + 2, (size_t)(end - close - 2), &p->port))
            return "bad port";
        return NULL;
    }
    colon = memchr(s, ':', len);
    if (colon && parse_port(colon + 1, (size_t)(end - colon - 1), &p->port))
        return "bad port";
    if (!colon)
        colon = end;
    if (colon == s)
        return "url names no host";
    p->host = arena_strndup(a, s, (size_t)(colon - s));
    return NULL;
}

/* The options whose value is an absolute path, and where each goes in p. */
static const struct {
    const char *key;
    size_t offset;
} path_options[] = {
    { "socket", offsetof(struct db_params, socket) },
    { "ssl-ca", offsetof(struct db_params, ssl_ca) },
    { "ssl-cert", offsetof(struct db_params, ssl_cert) },
    { "ssl-key", offsetof(struct db_params, ssl_key) },
};

/* One "key=value" option, s[0..len); *ssl_said is set by ssl=. */
static const char *parse_option(struct arena *a, const char *s, size_t len, struct db_params *p,
                                int *ssl_said)
{
    const char *eq = memchr(s, '=', len);
    size_t klen, i;
    const char **slot;
    char *v;

    if (!eq)
        return "a url option has no '=' (socket=, ssl=, ssl-ca=, ssl-cert=, ssl-key=)";
    klen = (size_t)(eq - s);
    v = url_decode(a, eq + 1, len - klen - 1);
    if (!v)
        return "bad %-escape in a url option";
    if (klen == 3 && !memcmp(s, "ssl", 3)) {
        if (*ssl_said)
            return "ssl= is given twice";
        if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)
            return "ssl= must be 0 or 1";
        *ssl_said = 1;
        p->ssl = v[0] == '1';
        return NULL;
    }
    for (i = 0; i < sizeof(path_options) / sizeof(path_options[0]); i++) {
        if (strlen(path_options[i].key) != klen || memcmp(s, path_options[i].key, klen) != 0)
            continue;
        slot = (const char **)((char *)p + path_options[i].offset);
        if (*slot)
            return "a url option is given twice";
        if (v[0] != '/')
            return "socket=, ssl-ca=, ssl-cert= and ssl-key= must be absolute paths";
        *slot = v;
        return NULL;
    }
    return "unknown url option (socket=, ssl=, ssl-ca=, ssl-cert=, ssl-key= are known)";
}

/* The options, s[0..len) after the '?', separated by '&'. */
static const char *parse_query(struct arena *a, const char *s, size_t len, struct db_params *p,
                               int *ssl_said)
{
    const char *end = s + len;
    const char *why;

    while (s < end) {
        const char *amp = memchr(s, '&', (size_t)(end - s));
        const char *item_end = amp ? amp : end;

        why = parse_option(a, s, (size_t)(item_end - s), p, ssl_said);
        if (why)
            return why;
        s = amp ? amp + 1 : end;
    }
    /* sun_path holds 108 bytes with the NUL */
    if (p->socket && strlen(p->socket) >= 108)
        return "socket path is 108 bytes or longer";
    return NULL;
}

static int is_loopback(const char *host)
{
    return !strcmp(host, "localhost") || !strcmp(host, "127.0.0.1") || !strcmp(host, "::1");
}

/*
 * TLS options that fit together, and no plain text to another machine unless
 * the url says so (issue 23, finding 6: ASVS 12.3.x).
 */
static const char *check_tls(const struct db_params *p, int ssl_said)
{
    if ((p->ssl_ca || p->ssl_cert || p->ssl_key) && !p->ssl)
        return "ssl-ca=, ssl-cert= and ssl-key= need ssl=1";
    if (!p->ssl_cert != !p->ssl_key)
        return "ssl-cert= and ssl-key= go together";
    if (!ssl_said && !p->socket && !is_loopback(p->host))
        return "the database is on another machine: add ssl=1 to the url (TLS, the server's "
               "certificate verified; ssl-ca=/path for a private CA), or ssl=0 to send "
               "passwords and data in plain text";
    return NULL;
}

static const char *parse_url(struct arena *a, const char *url, struct db_params *p)
{
    const char *s, *slash, *at, *colon, *query, *name_end;
    const char *why;
    int ssl_said = 0;

    if (!strncmp(url, "mysql://", 8))
        s = url + 8;
    else if (!strncmp(url, "mariadb://", 10))
        s = url + 10;
    else
        return "url must start with mysql://";
    slash = strchr(s, '/');
    if (!slash)
        return "url names no database (mysql://user:pass@host/dbname)";
    at = NULL;
    for (colon = s; colon < slash; colon++)
        if (*colon == '@')
            at = colon;
    if (!at)
        return "url names no user (mysql://user:pass@host/dbname)";
    colon = memchr(s, ':', (size_t)(at - s));
    p->user = url_decode(a, s, (size_t)((colon ? colon : at) - s));
    if (!p->user)
        return "bad %-escape in the user";
    if (!p->user[0])
        return "url names no user";
    if (colon) {
        p->password = url_decode(a, colon + 1, (size_t)(at - colon - 1));
        if (!p->password)
            return "bad %-escape in the password";
    }
    why = parse_host(a, at + 1, (size_t)(slash - at - 1), p);
    if (why)
        return why;
    query = strchr(slash, '?');
    name_end = query ? query : slash + strlen(slash);
    p->name = url_decode(a, slash + 1, (size_t)(name_end - slash - 1));
    if (!p->name || !p->name[0] || strchr(p->name, '/'))
        return "url names no database (mysql://user:pass@host/dbname)";
    if (query) {
        why = parse_query(a, query + 1, strlen(query + 1), p, &ssl_said);
        if (why)
            return why;
    }
    if (p->socket && strcmp(p->host, "localhost") != 0)
        return "socket= needs the host localhost";
    return check_tls(p, ssl_said);
}

int db_params_parse(struct arena *a, const char *url, struct db_params *p, char *err, size_t errlen)
{
    const char *why;

    memset(p, 0, sizeof(*p));
    why = url ? parse_url(a, url, p) : "no url";
    if (!why)
        return 0;
    memset(p, 0, sizeof(*p));
    /* the url itself holds the password: never echo it */
    snprintf(err, errlen, "bad database url: %s", why);
    return -1;
}
