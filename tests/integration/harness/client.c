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

long http_metric(const struct server *srv, const char *line)
{
    char want[200];
    struct http_resp r;
    const char *p;
    long n = -1;

    snprintf(want, sizeof(want), "\n%s ", line);
    CU_ASSERT_FATAL(http_get(srv, "/metrics", NULL, &r) == 0);
    p = r.body ? strstr(r.body, want) : NULL;
    if (p)
        n = strtol(p + strlen(want), NULL, 10);
    http_resp_free(&r);
    return n;
}

long http_round_trips(const struct server *srv, const char *route)
{
    char line[160];
    long n;

    snprintf(line, sizeof(line), "dysgu_db_round_trips_total{route=\"%s\"}", route);
    n = http_metric(srv, line);
    return n < 0 ? 0 : n;
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

char *http_exchange(const struct server *s, const char *raw, size_t len, int ms, size_t *got)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    int fd = http_connect(s, NULL, ms);

    if (fd >= 0) {
        ssize_t k = send(fd, raw, len, MSG_NOSIGNAL);

        while (k >= 0) {
            if (n + 1 >= cap)
                buf = realloc(buf, cap *= 2);
            k = recv(fd, buf + n, cap - n - 1, 0);
            if (k <= 0)
                break;
            n += (size_t)k;
        }
        close(fd);
    }
    buf[n] = '\0';
    if (got)
        *got = n;
    return buf;
}

int http_first_status(const struct server *s, const char *raw, size_t len, int ms)
{
    char buf[8192];
    size_t n = 0;
    int fd = http_connect(s, NULL, ms), status = -1;

    if (fd < 0)
        return -1;
    if (send(fd, raw, len, MSG_NOSIGNAL) >= 0) {
        while (n + 1 < sizeof(buf)) {
            ssize_t k = recv(fd, buf + n, sizeof(buf) - n - 1, 0);

            if (k <= 0)
                break;
            n += (size_t)k;
            buf[n] = '\0';
            if (strstr(buf, "\r\n\r\n"))
                break;
        }
    }
    close(fd);
    buf[n] = '\0';
    if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
        status = -1;
    return status;
}

int http_post_status_as(const struct server *srv, const char *path, const struct fx_session *s,
                        const char *body)
{
    struct http_resp r = http_post_as(srv, path, s, body);
    int st = r.status;

    http_resp_free(&r);
    return st;
}
