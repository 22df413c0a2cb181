#define _GNU_SOURCE
#include "client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "fixtures.h"
#include "process.h"
#include "testing.h"

int http_connect(const struct server *s, const char *from_ip, int ms)
{
    struct sockaddr_in a, from;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 };

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)s->port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    memset(&from, 0, sizeof(from));
    from.sin_family = AF_INET;
    if ((from_ip && (inet_pton(AF_INET, from_ip, &from.sin_addr) != 1 ||
                     bind(fd, (struct sockaddr *)&from, sizeof(from)))) ||
        connect(fd, (struct sockaddr *)&a, sizeof(a))) {
        close(fd);
        return -1;
    }
    return fd;
}

int http_raw(const struct server *s, const char *raw, size_t len, struct http_resp *out)
{
    return http_raw_from(s, NULL, raw, len, out);
}

int http_raw_from(const struct server *s, const char *from_ip, const char *raw, size_t len,
                  struct http_resp *out)
{
    size_t cap = 65536, got = 0, sent = 0;
    char *buf, *sep;
    int fd = http_connect(s, from_ip, 20000);

    memset(out, 0, sizeof(*out));
    if (fd < 0)
        return -1;
    while (sent < len) {
        ssize_t n = send(fd, raw + sent, len - sent, MSG_NOSIGNAL);

        if (n <= 0)
            break;
        sent += (size_t)n;
    }
    buf = malloc(cap);
    for (;;) {
        ssize_t n;

        if (got + 1 >= cap)
            buf = realloc(buf, cap *= 2);
        n = recv(fd, buf + got, cap - got - 1, 0);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    buf[got] = '\0';
    sep = strstr(buf, "\r\n\r\n");
    if (!sep || sscanf(buf, "HTTP/1.%*d %d", &out->status) != 1) {
        free(buf);
        return -1;
    }
    *sep = '\0';
    out->head = buf;
    out->body_len = got - (size_t)(sep + 4 - buf);
    out->body = malloc(out->body_len + 1);
    memcpy(out->body, sep + 4, out->body_len);
    out->body[out->body_len] = '\0';
    return 0;
}

int http_get(const struct server *s, const char *path, const char *headers, struct http_resp *out)
{
    size_t cap = strlen(path) + (headers ? strlen(headers) : 0) + 128;
    char *req = malloc(cap);
    int n =
        snprintf(req, cap, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n%s\r\n",
                 path, s->port, headers ? headers : "");
    int rc = http_raw(s, req, (size_t)n, out);

    free(req);
    return rc;
}

int http_post(const struct server *s, const char *path, const char *body, size_t len,
              const char *headers, struct http_resp *out)
{
    size_t cap = len + strlen(path) + (headers ? strlen(headers) : 0) + 256;
    char *req = malloc(cap);
    int n = snprintf(req, cap,
                     "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\n"
                     "Content-Length: %zu\r\n%s\r\n",
                     path, s->port, len, headers ? headers : "");
    int rc;

    memcpy(req + n, body, len);
    rc = http_raw(s, req, (size_t)n + len, out);
    free(req);
    return rc;
}

char *http_header(const struct http_resp *r, const char *name)
{
    size_t n = strlen(name);
    const char *p = r->head ? strstr(r->head, "\r\n") : NULL;

    while (p) {
        const char *line = p + 2, *end = strstr(line, "\r\n");
        size_t len = end ? (size_t)(end - line) : strlen(line);

        if (len > n && !strncasecmp(line, name, n) && line[n] == ':') {
            const char *v = line + n + 1;

            while (*v == ' ')
                v++;
            return strndup(v, len - (size_t)(v - line));
        }
        p = end;
    }
    return NULL;
}

/* The value of the first (last: the last) Set-Cookie for name, malloc'd. */
static char *set_cookie(const struct http_resp *r, const char *name, int last)
{
    size_t n = strlen(name);
    const char *p = r->head, *v = NULL;

    while (p && (p = strcasestr(p, "\r\nSet-Cookie: ")) != NULL) {
        p += 14;
        if (!strncmp(p, name, n) && p[n] == '=') {
            v = p + n + 1;
            if (!last)
                break;
        }
    }
    return v ? strndup(v, strcspn(v, ";\r")) : NULL;
}

char *http_set_cookie(const struct http_resp *r, const char *name)
{
    return set_cookie(r, name, 0);
}

char *http_set_cookie_last(const struct http_resp *r, const char *name)
{
    return set_cookie(r, name, 1);
}

int http_body_has(const struct http_resp *r, const char *needle)
{
    return r->body && memmem(r->body, r->body_len, needle, strlen(needle)) != NULL;
}

void http_resp_free(struct http_resp *r)
{
    free(r->head);
    free(r->body);
    memset(r, 0, sizeof(*r));
}

struct http_resp http_get_as(const struct server *srv, const char *path, const struct fx_session *s)
{
    struct http_resp r;

    memset(&r, 0, sizeof(r));
    if (http_get(srv, path, s ? s->cookie : NULL, &r))
        CU_FAIL("GET failed");
    return r;
}

/* POST body as s, with s's CSRF token first when with_csrf. */
static struct http_resp post_as(const struct server *srv, const char *path,
                                const struct fx_session *s, int with_csrf, const char *body)
{
    struct http_resp r;
    size_t cap = strlen(body) + 128;
    char *buf = malloc(cap);
    int n = snprintf(buf, cap, "%s%s%s%s", with_csrf && s ? "csrf=" : "",
                     with_csrf && s ? s->csrf : "", with_csrf && s && *body ? "&" : "", body);

    memset(&r, 0, sizeof(r));
    if (http_post(srv, path, buf, (size_t)n, s ? s->cookie : NULL, &r))
        CU_FAIL("POST failed");
    free(buf);
    return r;
}

struct http_resp http_post_as(const struct server *srv, const char *path,
                              const struct fx_session *s, const char *body)
{
    return post_as(srv, path, s, 1, body);
}

struct http_resp http_post_without_csrf(const struct server *srv, const char *path,
                                        const struct fx_session *s, const char *body)
{
    return post_as(srv, path, s, 0, body);
}

int http_status(const struct server *srv, const char *path, const struct fx_session *s)
{
    struct http_resp r;
    int status = -1;

    if (http_get(srv, path, s ? s->cookie : NULL, &r) == 0)
        status = r.status;
    http_resp_free(&r);
    return status;
}

const char *http_course_path(char *buf, const char *lang, const char *slug, const char *rest)
{
    snprintf(buf, 256, "/%s/courses/%s%s", lang, slug, rest ? rest : "");
    return buf;
}

struct http_resp http_course_get(const struct server *srv, const char *lang, const char *slug,
                                 const char *rest, const struct fx_session *s)
{
    char path[256];

    return http_get_as(srv, http_course_path(path, lang, slug, rest), s);
}

struct http_resp http_course_post(const struct server *srv, const char *lang, const char *slug,
                                  const char *rest, const struct fx_session *s, const char *body)
{
    char path[256];

    return http_post_as(srv, http_course_path(path, lang, slug, rest), s, body);
}

struct http_resp http_search(const struct server *srv, const char *prefix, const char *q,
                             const char *suffix, const struct fx_session *s)
{
    char *enc = http_url_encode_new(q, strlen(q));
    size_t cap = strlen(prefix) + strlen(enc) + (suffix ? strlen(suffix) : 0) + 1;
    char *path = malloc(cap);
    struct http_resp r;

    snprintf(path, cap, "%s%s%s", prefix, enc, suffix ? suffix : "");
    r = http_get_as(srv, path, s);
    free(path);
    free(enc);
    return r;
}

int http_header_is(const struct http_resp *r, const char *name, const char *want)
{
    char *v = http_header(r, name);
    int ok = v && !strcmp(v, want);

    if (!ok)
        fprintf(stderr, "\n%s: %s (want %s)\n", name, v ? v : "(none)", want);
    free(v);
    return ok;
}

int http_location_starts(const struct http_resp *r, const char *prefix)
{
    char *loc = http_header(r, "Location");
    int ok = loc && !strncmp(loc, prefix, strlen(prefix));

    free(loc);
    return ok;
}

int http_location_has(const struct http_resp *r, const char *needle)
{
    char *loc = http_header(r, "Location");
    int ok = loc && strstr(loc, needle);

    free(loc);
    return ok;
}

int http_see_other(const struct http_resp *r, const char *location)
{
    char *loc = http_header(r, "Location");
    int ok = r->status == 303 && loc && !strcmp(loc, location);

    free(loc);
    return ok;
}

long http_pos(const struct http_resp *r, const char *needle)
{
    const char *p = r->body ? strstr(r->body, needle) : NULL;

    return p ? (long)(p - r->body) : -1;
}

const char *http_form_csrf(const struct http_resp *r)
{
    static char tok[64];
    const char *p = r->body ? strstr(r->body, "name=\"csrf\" value=\"") : NULL;

    tok[0] = '\0';
    if (p)
        snprintf(tok, sizeof(tok), "%.43s", p + 19);
    return tok;
}

static int unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

/* len bytes of s percent-encoded into out, at most cap bytes with the NUL. */
static void encode(const char *s, size_t len, char *out, size_t cap)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i, j = 0;

    for (i = 0; i < len && j + 4 < cap; i++) {
        unsigned char c = (unsigned char)s[i];

        if (unreserved(c)) {
            out[j++] = (char)c;
        } else {
            out[j++] = '%';
            out[j++] = hex[c >> 4];
            out[j++] = hex[c & 15];
        }
    }
    out[j] = '\0';
}

void http_url_encode(const char *s, char *out, size_t cap)
{
    encode(s, strlen(s), out, cap);
}

char *http_url_encode_new(const char *s, size_t len)
{
    char *out = malloc(len * 3 + 5);

    encode(s, len, out, len * 3 + 5);
    return out;
}

const char *http_enc(const char *s)
{
    static char bufs[8][4096];
    static int k;
    char *out = bufs[k++ % 8];

    http_url_encode(s, out, sizeof(bufs[0]));
    return out;
}
