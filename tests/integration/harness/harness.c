#define _GNU_SOURCE
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int free_port(void)
{
    struct sockaddr_in a;
    socklen_t len = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

static int connect_to(const struct server *s, const char *from_ip)
{
    struct sockaddr_in a, from;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct timeval tv = { .tv_sec = 20 };

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
    int fd = connect_to(s, from_ip);

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

char *http_set_cookie(const struct http_resp *r, const char *name)
{
    size_t n = strlen(name);
    const char *p = r->head;

    while (p && (p = strcasestr(p, "\r\nSet-Cookie: ")) != NULL) {
        p += 14;
        if (!strncmp(p, name, n) && p[n] == '=') {
            const char *v = p + n + 1;

            return strndup(v, strcspn(v, ";\r"));
        }
    }
    return NULL;
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

static int wait_ready(struct server *s)
{
    struct http_resp r;
    int i, status;

    for (i = 0; i < 200; i++) {
        if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
            s->pid = 0;
            return -1;
        }
        if (http_get(s, "/healthz", NULL, &r) == 0) {
            http_resp_free(&r);
            return 0;
        }
        test_sleep_ms(50);
    }
    return -1;
}

int server_start(struct server *s, const char *const *extra_env)
{
    static int seq;
    const char *db = getenv("DYSGU_DB");

    memset(s, 0, sizeof(*s));
    s->port = free_port();
    if (!db || s->port < 0) {
        fprintf(stderr, "harness: DYSGU_DB is not set (run through ops/test)\n");
        return -1;
    }
    snprintf(s->base_url, sizeof(s->base_url), "http://127.0.0.1:%d", s->port);
    snprintf(s->log_path, sizeof(s->log_path), "/tmp/dysgu-test-%d-%d.log", (int)getpid(), seq++);
    s->pid = fork();
    if (s->pid == 0) {
        char listen[32];
        FILE *log = freopen(s->log_path, "w", stderr);

        (void)log;
        /* if the test dies, its server must not outlive it and hold ctest's pipes */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        dup2(2, 1);
        snprintf(listen, sizeof(listen), "127.0.0.1:%d", s->port);
        setenv("DYSGU_LISTEN", listen, 1);
        setenv("DYSGU_BASE_URL", s->base_url, 1);
        setenv("DYSGU_ROOT", DYSGU_SOURCE_DIR, 1);
        setenv("DYSGU_THREADS", "16", 0);
        for (; extra_env && *extra_env; extra_env++)
            putenv(strdup(*extra_env));
        execl(DYSGU_BINARY, "dysgu", "serve", (char *)NULL);
        _exit(127);
    }
    if (s->pid < 0 || wait_ready(s)) {
        char *log = server_log(s);

        fprintf(stderr, "harness: server did not start; its log:\n%s\n", log ? log : "");
        free(log);
        return -1;
    }
    return 0;
}

int server_stop(struct server *s)
{
    int status = 0;

    if (s->pid <= 0)
        return -1;
    kill(s->pid, SIGTERM);
    if (waitpid(s->pid, &status, 0) != s->pid)
        return -1;
    s->pid = 0;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        char *log = server_log(s);
        /* the server names its own bugs so (a db call after the response...) */
        int bug = log && strstr(log, "(a bug)");

        free(log);
        if (bug) {
            fprintf(stderr, "harness: the server logged a bug; log kept at %s\n", s->log_path);
            return -1;
        }
        unlink(s->log_path);
        return 0;
    }
    fprintf(stderr, "harness: server exited with status %d; log kept at %s\n", status, s->log_path);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

char *server_log(const struct server *s)
{
    FILE *f = fopen(s->log_path, "rb");
    char *buf;
    long n;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    n = (long)fread(buf, 1, (size_t)n, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

int test_db_ctl(const char *cmd)
{
    const char *dir = getenv("DYSGU_TEST_DB_DIR");
    char line[4096];

    if (!dir)
        return -1;
    snprintf(line, sizeof(line), "'%s/ops/db' %s '%s' >&2", DYSGU_SOURCE_DIR, cmd, dir);
    return system(line) == 0 ? 0 : -1;
}

void test_sleep_ms(int ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

    nanosleep(&ts, NULL);
}
