/*
 * process: the dysgu server under test, a real `dysgu serve` started on
 * 127.0.0.1 with a free port against the test database (DYSGU_DB), its log,
 * and the private MariaDB it talks to (stopped and started by fault tests).
 *
 * Environment (set by ops/test): DYSGU_DB (the test database url) and
 * DYSGU_TEST_DB_DIR (the private instance's folder, for stop/start). The
 * server exempts the plain client's address, 127.0.0.1, from the request
 * reading budgets (DYSGU_BUDGET_EXEMPT, app/budgets.h) unless extra_env says
 * otherwise; browsers (browser.h, 127.A.B.C) are counted like people.
 */
#pragma once

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

/* extra_env for suites whose new members post straight away: no review
 * queue (docs/communities.md "The review queue"; test_review.c covers it). */
#define HARNESS_ENV_NO_REVIEW ((const char *const[]){ "DYSGU_FORUM_REVIEW_POSTS=0", NULL })

/* SIGTERM and wait; returns the exit status (0 = clean: no sanitizer report
 * and no line where the server names a bug of its own). */
int server_stop(struct server *s);

/* Wait until /healthz answers 200 (at most ~5 s). 0 if it did. */
int server_wait_healthy(const struct server *s);

/* The server's log so far (malloc'd, caller frees). */
char *server_log(const struct server *s);

/* 1 if the log so far holds needle (a token that must never be logged, say). */
int server_log_has(const struct server *s, const char *needle);

/* 1 when the server has logged no error; otherwise its error lines go to stderr. */
int server_log_clean(const struct server *s);

/* Run ops/db with cmd ("stop", "start", "kill") on the test database. 0 ok. */
int test_db_ctl(const char *cmd);

/* Sleep for ms milliseconds. */
void test_sleep_ms(int ms);

/* Wait until the wall clock is early in a minute (fixed one-minute windows
 * of the rate limits: a burst must not straddle two). */
void test_wait_for_fresh_minute(void);

/*
 * The usual suite set-up and tear-down (CUnit init/clean): fx_init() and
 * then the server with extra_env; the server stopped (its exit status) and
 * fx_done(). Fault tests, which stop the database, use harness_stop_fault():
 * the database started again whatever happened, then the server stopped.
 */
int harness_start(struct server *s, const char *const *extra_env);
int harness_stop(struct server *s);
int harness_stop_fault(struct server *s);
