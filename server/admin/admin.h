/*
 * admin: the pages admins use to look after people's accounts (issue #3):
 * the admin home, the list and search of users, one user's page with their
 * roles, disabling and enabling, ending their sessions, and the audit log.
 *
 * Every route is GUARD_ADMIN in routes.c and every POST is CSRF-checked by
 * the router before a handler here runs. Handlers follow STYLE.md section 5:
 * parse (admin_form_*), one or two store calls (admin_store_*), a view model
 * (admin_vm_*), render. Store functions return enum db_rc; strings they hand
 * out are allocated in the arena given to them and live until it is reset.
 *
 * Rules the store and pages keep together:
 *   - a role change or disabling ends all the person's sessions (DESIGN.md
 *     "new token on any role change"; security.md 1.2) and writes one audit
 *     row, in the same transaction as the change;
 *   - an admin cannot remove their own admin role or disable themself, so
 *     the service never loses its last admin through these pages;
 *   - everyone keeps at least one role.
 */
#pragma once

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "app/page_nav.h"
#include "core/lang.h"
#include "db/db.h"

struct arena;
struct page_errors;
struct req;

#define ADMIN_PAGE_SIZE 50  /* rows a page of users or audit events */
#define ADMIN_Q_MAX     100 /* bytes of a search string */
#define ADMIN_PAGE_MAX  100000
#define ADMIN_RECENT    10   /* audit events on a user's page */
#define ADMIN_SORT_CAP  2000 /* matches sorted by the ICU collator */

struct admin_user {
    long long id;
    const char *name;
    const char *email;
    const char *lang;     /* "cy" or "en": the language they get e-mail in */
    const char *org_name; /* in the asked language; the free text for "other"; NULL: none */
    unsigned roles;       /* enum role bits */
    int disabled;
    time_t created_at;
    time_t last_login_at; /* 0: never */
    long long n_sessions; /* live sessions (admin_store_get_user only) */
};

struct admin_user_filter {
    const char *q; /* "" for everyone; otherwise a substring of name or e-mail */
    unsigned role; /* one enum role bit, or 0 for any */
    int status;    /* -1 any, 0 active, 1 disabled */
};

/* Where a page of the users list is: its number, and past ADMIN_SORT_CAP
 * matches the pager's cursor, a user id next to it (docs/admin.md "Deep
 * pages"). */
struct admin_user_at {
    long page;        /* 1-based, from ?page= */
    long long after;  /* 0, or the page starts after this user (in name order) */
    long long before; /* 0, or the page ends before this user; wins over after */
};

struct admin_audit_entry {
    long long id;
    time_t at;
    const char *event;
    long long actor_id; /* 0: none (the system, or a failed sign-in) */
    const char *actor_name;
    long long subject_id; /* 0: none */
    const char *subject_name;
    const char *ip;
    const char *detail;
};

struct admin_audit_filter {
    const char *event; /* "" for every event */
    long long user_id; /* 0, or events where this user is actor or subject */
    long long before;  /* 0, or only ids below it (older), newest first */
    long long after;   /* 0, or only ids above it (newer); ignored with before */
};

/* --- store.c: all the feature's SQL --- */

/*
 * One page of the users matching f, ADMIN_PAGE_SIZE at most, in l's
 * alphabetical order, with *total the number matching. Up to ADMIN_SORT_CAP
 * matches are sorted with the ICU collator of l (Welsh: ch after c, ll after
 * l) and the page is cut out by number; beyond that the database's collation
 * orders them (MariaDB has no Welsh collation) and a cursor in at (after or
 * before a user) reads the page from that user, however deep; without one,
 * or when that user is gone, by number. *out is an array of *n in a.
 */
enum db_rc admin_store_list_users(struct db *db, struct arena *a, enum lang l,
                                  const struct admin_user_filter *f, const struct admin_user_at *at,
                                  struct admin_user **out, size_t *n, long long *total);

/* One user with organisation name in l and session count; DB_NOT_FOUND if none. */
enum db_rc admin_store_get_user(struct db *db, struct arena *a, enum lang l, long long id,
                                struct admin_user *out);

/*
 * Give user_id exactly the roles bits (non-zero) in one transaction: replace
 * the user_roles rows, end every session of the user, and write the audit
 * row "role_changed" (actor_id, ip, detail "old -> new"). When the roles are
 * already those, nothing is written and *changed is 0. DB_NOT_FOUND if there
 * is no such user.
 */
enum db_rc admin_store_set_roles(struct db *db, long long actor_id, long long user_id,
                                 unsigned roles, const char *ip, int *changed);

/*
 * Disable (disabled 1) or enable (0) user_id in one transaction, with the
 * audit row "account_disabled" / "account_enabled"; disabling also ends every
 * session. *changed is 0 (and nothing is written) when it already was so.
 * DB_NOT_FOUND if there is no such user.
 */
enum db_rc admin_store_set_disabled(struct db *db, long long actor_id, long long user_id,
                                    int disabled, const char *ip, int *changed);

/*
 * End every session of user_id except keep_hash (NULL: all), with the audit
 * row "session_ended". DB_NOT_FOUND if there is no such user.
 */
enum db_rc admin_store_end_sessions(struct db *db, long long actor_id, long long user_id,
                                    const char *keep_hash, const char *ip);

/*
 * Audit events matching f, newest first, at most limit (<= ADMIN_PAGE_SIZE)
 * of them; *more is 1 when there are more beyond them in the direction read
 * (older, or newer with f->after). *out is an array of *n in a.
 */
enum db_rc admin_store_list_audit(struct db *db, struct arena *a,
                                  const struct admin_audit_filter *f, size_t limit,
                                  struct admin_audit_entry **out, size_t *n, int *more);

/* How many users there are, and how many of them are disabled. */
enum db_rc admin_store_count_users(struct db *db, long long *all, long long *disabled);

/* --- form.c: reading and checking input; errors are catalogue keys --- */

/*
 * The users list's ?q= ?role= ?status= into f. A bad value is left out of
 * the filter and reported in e (field: the parameter, the id of its input);
 * returns how many were bad (0 to 3).
 */
size_t admin_form_user_filter(const struct req *r, struct admin_user_filter *f,
                              struct page_errors *e);

/*
 * The role checkboxes of POST /admin/users/{id}/roles (role_learner=1, ...)
 * into *roles. 0, or -1 with the problem in e (at the first checkbox,
 * role-learner): an unknown role field or value, or no role at all.
 */
int admin_form_roles(const struct req *r, unsigned *roles, struct page_errors *e);

/* --- vm.c: view models shared by the pages (jansson objects the caller owns) --- */

/* The admin pages' breadcrumb trails (app/page_nav.h): Admin, then Users
 * or Courses. */
extern const struct page_crumb admin_trail_users[2];
extern const struct page_crumb admin_trail_courses[2];

/* A page's view model: page_title, and breadcrumbs home, then trail[0..n). */
json_t *admin_vm_new(struct req *r, const char *title, const struct page_crumb *trail, size_t n);

/* {text, iso} for a time: the London date, with the time when with_time. */
json_t *admin_vm_date(struct req *r, time_t t, int with_time);

/* [{name, label}] for each role bit, in the reader's language. */
json_t *admin_vm_roles(struct req *r, unsigned roles);

/* Options, one a role in order (value its name, label in the reader's
 * language: app/page_field.h), selected where chosen has the role's bit. */
json_t *admin_vm_role_options(struct req *r, unsigned chosen);

/* One user for a template: names, dates, roles, status, links. */
json_t *admin_vm_user(struct req *r, const struct admin_user *u);

/* The event's name in the reader's language (its code if unknown). */
const char *admin_event_label(struct req *r, const char *event);

/* Rows of an audit table. */
json_t *admin_vm_audit(struct req *r, const struct admin_audit_entry *v, size_t n);

/* --- kept.c: the pages' data kept in memory (admin/kept.h) --- */

enum admin_kept_page {
    ADMIN_KEPT_HOME = 1,
    ADMIN_KEPT_USERS,
    ADMIN_KEPT_COURSES,
    ADMIN_KEPT_ENROLMENTS,
    ADMIN_KEPT_AUDIT,
};

/* A page's normalised query: what its data depends on, compared byte for
 * byte (admin_key_init() zeroes it, padding included). */
struct admin_key {
    int page; /* enum admin_kept_page */
    int lang;
    long long n[4];          /* its numbers: filters, page number, cursors */
    int cut;                 /* s was cut: never kept */
    char s[ADMIN_Q_MAX + 1]; /* its text: the search, the event */
};

void admin_key_init(struct admin_key *k, enum admin_kept_page page, enum lang l);

/* The key's text (cut at ADMIN_Q_MAX bytes; a cut key is loaded, never kept). */
void admin_key_text(struct admin_key *k, const char *s);

/*
 * Read the page's data into a for query (the page's parsed query, fill's to
 * read): DB_OK with *value (in a), or the store's error. r is the reader's
 * request (its db, language, app), for reading only.
 */
typedef enum db_rc admin_kept_fill_fn(struct arena *a, struct req *r, const void *query,
                                      const void **value);

/*
 * The data kept under k at the admin generation, filled by fill(a, r, query)
 * when it is missing or old: DB_OK with *value, read-only and valid until
 * r's arena is reset; otherwise fill's error (nothing kept).
 */
enum db_rc admin_kept_get(struct req *r, const struct admin_key *k, admin_kept_fill_fn *fill,
                          const void *query, const void **value);

/* Drop what k's slot keeps (data that made a 404: never kept). */
void admin_kept_drop(const struct admin_key *k);

/* --- pages --- */

int admin_page_home(struct req *r);
int admin_page_users(struct req *r);
int admin_page_user(struct req *r);
int admin_page_user_roles(struct req *r);
int admin_page_user_disable(struct req *r);
int admin_page_user_enable(struct req *r);
int admin_page_user_sessions(struct req *r);
int admin_page_audit(struct req *r);
