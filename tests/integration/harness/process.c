#define _GNU_SOURCE
#include "process.h"

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

#include "client.h"
#include "fixtures.h"
#include "testing.h"

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

/* Ready when /healthz says the database answers (200). The server's first
 * connect may miss its 1 s on a machine busy with other tests (the pool then
 * takes MariaDB to be away and answers 503 until its prober reconnects, a
 * quarter of a second later): two suites' first requests met that 503. A
 * server that answers but not with 200 for 10 s is taken as started all
 * the same (its test will say what is wrong). */
static int wait_ready(struct server *s)
{
    struct http_resp r;
    int i, status, answered = 0;

    for (i = 0; i < 200; i++) {
        if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
            s->pid = 0;
            return -1;
        }
        if (http_get(s, "/healthz", NULL, &r) == 0) {
            status = r.status;
            http_resp_free(&r);
            if (status == 200)
                return 0;
            answered = 1;
        }
        test_sleep_ms(50);
    }
    return answered ? 0 : -1;
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
        /* the plain client (127.0.0.1) walks, searches and calls the API far
         * past any person's budget; browsers (127.A.B.C) are counted */
        setenv("DYSGU_BUDGET_EXEMPT", "127.0.0.1", 0);
        /* tests change users and sessions in SQL, as another process would:
         * the session cache (auth/sessioncache.h) is off unless a suite asks */
        setenv("DYSGU_SESSION_CACHE_MS", "0", 0);
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
    return test_read_file(s->log_path, NULL);
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

int server_wait_healthy(const struct server *s)
{
    for (int i = 0; i < 50; i++) {
        if (http_status(s, "/healthz", NULL) == 200)
            return 0;
        test_sleep_ms(100);
    }
    return -1;
}

int server_log_has(const struct server *s, const char *needle)
{
    char *log = server_log(s);
    int has = log && strstr(log, needle) != NULL;

    free(log);
    return has;
}

int server_log_clean(const struct server *s)
{
    char *log = server_log(s), *p = log;
    int clean = 1;

    while (p && (p = strstr(p, "\"level\":\"error\"")) != NULL) {
        const char *end = strchr(p, '\n');

        fprintf(stderr, "server: %.*s\n", (int)(end ? end - p : 300), p);
        clean = 0;
        p += 10;
    }
    free(log);
    return log && clean;
}

void test_wait_for_fresh_minute(void)
{
    while (time(NULL) % 60 > 45)
        test_sleep_ms(250);
}

int harness_start(struct server *s, const char *const *extra_env)
{
    if (fx_init())
        return -1;
    return server_start(s, extra_env);
}

int harness_stop(struct server *s)
{
    int rc = server_stop(s);

    fx_done();
    return rc;
}

int harness_stop_fault(struct server *s)
{
    /* whatever happened, leave the shared database running */
    test_db_ctl("start");
    return server_stop(s);
}
