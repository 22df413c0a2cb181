/*
 * The database URL: "mysql://user:pass@host[:port]/db[?socket=/path]" into
 * struct db_params (db.h), percent-decoding user, password, database and
 * socket.
 */
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

/* "socket=/abs/path" (the only option); s[0..len) after the '?'. */
static const char *parse_query(struct arena *a, const char *s, size_t len, struct db_params *p)
{
    const char *end = s + len;

    while (s < end) {
        const char *amp = memchr(s, '&', (size_t)(end - s));
        const char *item_end = amp ? amp : end;

        if ((size_t)(item_end - s) < 7 || memcmp(s, "socket=", 7) != 0)
            return "unknown url option (only socket= is known)";
        p->socket = url_decode(a, s + 7, (size_t)(item_end - s - 7));
        if (!p->socket)
            return "bad %-escape in socket";
        if (p->socket[0] != '/')
            return "socket must be an absolute path";
        /* sun_path holds 108 bytes with the NUL */
        if (strlen(p->socket) >= 108)
            return "socket path is 108 bytes or longer";
        s = amp ? amp + 1 : end;
    }
    return NULL;
}

static const char *parse_url(struct arena *a, const char *url, struct db_params *p)
{
    const char *s, *slash, *at, *colon, *query, *name_end;
    const char *why;

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
        why = parse_query(a, query + 1, strlen(query + 1), p);
        if (why)
            return why;
    }
    if (p->socket && strcmp(p->host, "localhost") != 0)
        return "socket= needs the host localhost";
    return NULL;
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
