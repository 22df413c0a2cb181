/*
 * fixtures: the test database read and written straight (fx_), around the
 * HTTP a test drives: people with roles, signed-in sessions whose cookie and
 * CSRF token the test knows (signing in through the login page is another
 * feature's business), audit rows, and one-value queries for asserting on
 * what a request wrote. fixtures_courses.h adds courses and enrolments.
 *
 * Every name, slug and e-mail a fixture makes carries fx_tag, unique to the
 * run (pid and time), so a test sees only its own rows whatever other test
 * files run beside it on the same database or ran there before; assertions
 * are scoped to those rows (a search for the tag), never global counts.
 *
 * Query helpers are named by the db layer's signature of their parameters
 * (db/db.h): fx_num_l(sql, id), fx_num_ll(sql, a, b), fx_num_s(sql, text),
 * fx_num_ls(sql, id, text); fx_str_* return text, fx_exec_* the rows an
 * UPDATE changed. fx_num_* give -1 and fx_str_* NULL on a database error or
 * no row. sql must be a string literal: the db layer caches statements by
 * pointer. Strings fixtures return live in fx_mem until fx_done().
 */
#pragma once

#include "auth/roles.h"
#include "core/arena.h"
#include "db/db.h"
#include "testing.h"

struct fx_session {
    long long user_id;
    char token[48];   /* the cookie value: never stored anywhere but here */
    char cookie[128]; /* "Cookie: sid=...\r\n" */
    char csrf[48];
};

extern struct db *fx_dbh;   /* the suite's connection, from fx_init() */
extern struct arena fx_mem; /* what fixtures return; released by fx_done() */
extern char fx_tag[40];     /* "zq<pid>x<unix time>": unique to this run */

/* Open the test database and make the tag; 0 or -1 (CUnit suite init style). */
int fx_init(void);
void fx_done(void);

/* A new connection to the database at url (NULL: DYSGU_DB); a holds its
 * parameters. NULL, with the reason on stderr, if the url is missing or bad. */
struct db *fx_db_open(struct arena *a, const char *url);

/* ok, passed through. When it is 0, what failed: inside a test, the test
 * fails at once (CU_FAIL_FATAL); in a suite's set-up, where CUnit cannot
 * jump, a line on stderr (the set-up returns its failure itself). The
 * fixtures below that "fail the test" go through this. */
int fx_require(int ok, const char *what);

/* A number unique within the run (1, 2, ...). */
int fx_next_serial(void);

/* "<what> <tag>" and "<who>.<tag>@test.example" (in fx_mem). */
const char *fx_name(const char *what);
const char *fx_email(const char *who);

/* A new user named name (any text) with the comma-separated roles, language
 * cy, e-mail "<tag>.<serial>@test.example"; its id, or 0. */
long long fx_user(const char *name, const char *roles);

/* Sign user_id in: a sessions row as session_start() makes it. 0 or -1. */
int fx_sign_in(long long user_id, struct fx_session *s);

/* A learner named "<what> <tag>", signed in, reading lang (NULL: cy); fails
 * the test at once if it cannot be made. */
void fx_learner(const char *what, const char *lang, struct fx_session *s);

long long fx_num_l(const char *sql, long long id);
long long fx_num_ll(const char *sql, long long a, long long b);
long long fx_num_s(const char *sql, const char *text);
long long fx_num_ls(const char *sql, long long id, const char *text);
char *fx_str_l(const char *sql, long long id);
char *fx_str_ll(const char *sql, long long a, long long b);
char *fx_str_s(const char *sql, const char *text);
long long fx_exec_l(const char *sql, long long id);
long long fx_exec_s(const char *sql, const char *text);
long long fx_exec_sl(const char *sql, const char *text, long long id);

/* Users: by e-mail (-1: none), e-mail address, language, sessions, disabled
 * flag, role bits as stored; an organisation's id by code (-1: none). */
long long fx_user_by_email(const char *email);
char *fx_email_of(long long user_id);
void fx_set_lang(long long user_id, const char *lang);
long long fx_sessions_of(long long user_id);
long long fx_disabled(long long user_id);
unsigned fx_roles_of(long long user_id);
long long fx_org(const char *code);

/* How many audit rows have event about subject_id done by actor_id (0: any),
 * with detail exactly so (NULL: any). */
long long fx_audit_count(const char *event, long long actor_id, long long subject_id,
                         const char *detail);

/* Every audit event, address and detail about subject_id, one a line. */
char *fx_audit_details(long long subject_id);
