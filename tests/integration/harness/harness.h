/*
 * harness: integration tests start the real `dysgu serve` against the real
 * private MariaDB that ops/test runs, bound to 127.0.0.1 on a free port, and
 * talk to it over raw HTTP/1.1 sockets (so they can send what a browser would
 * never send: NUL bytes, lying Content-Length, chunked bodies).
 *
 * Environment (set by ops/test): DYSGU_DB (the test database url) and
 * DYSGU_TEST_DB_DIR (the private instance's folder, for stop/start).
 */
#pragma once

#include <stddef.h>
#include <sys/types.h>

struct server {
    pid_t pid;
    int port;
    char base_url[64];
    char log_path[256];
};

/* Start the server; extra_env is a NULL-terminated list of "NAME=value" (may
 * be NULL). Waits until it answers HTTP. 0, or -1 (the test should fail). */
int server_start(struct server *s, const char *const *extra_env);

/* SIGTERM and wait; returns the exit status (0 = clean, no sanitizer report). */
int server_stop(struct server *s);

/* The server's log so far (malloc'd, caller frees). */
char *server_log(const struct server *s);

struct http_resp {
    int status;
    char *head; /* status line and headers */
    char *body;
    size_t body_len;
};

/* Send raw bytes and read the whole response (the request should say
 * Connection: close). 0, or -1 on a socket error. */
int http_raw(const struct server *s, const char *raw, size_t len, struct http_resp *out);

/* The same from a chosen loopback source address (e.g. "127.3.4.5"), so
 * per-address rate limits see each test client apart; NULL: any. */
int http_raw_from(const struct server *s, const char *from_ip, const char *raw, size_t len,
                  struct http_resp *out);

/* GET path with optional extra header lines (each ending in \r\n). */
int http_get(const struct server *s, const char *path, const char *headers, struct http_resp *out);

/* POST an urlencoded body to path with optional extra header lines. */
int http_post(const struct server *s, const char *path, const char *body, size_t len,
              const char *headers, struct http_resp *out);

/* A response header's value (malloc'd, caller frees) or NULL; the first one. */
char *http_header(const struct http_resp *r, const char *name);

/* 1 if the body contains needle. */
int http_body_has(const struct http_resp *r, const char *needle);

void http_resp_free(struct http_resp *r);

/* Run ops/db with cmd ("stop", "start", "kill") on the test database. 0 ok. */
int test_db_ctl(const char *cmd);

/* The value of the cookie name set by the response (malloc'd) or NULL. */
char *http_set_cookie(const struct http_resp *r, const char *name);

/* Sleep for ms milliseconds. */
void test_sleep_ms(int ms);
