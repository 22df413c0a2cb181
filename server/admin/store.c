#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "admin/kept.h"
#include "audit/audit.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "core/arena.h"
#include "view/collate.h"

enum admin_sql {
    SQL_ADMIN_USERS,
    SQL_ADMIN_USERS_AFTER,
    SQL_ADMIN_USERS_BEFORE,
    SQL_ADMIN_USERS_COUNT,
    SQL_ADMIN_USER,
    SQL_ADMIN_USERS_TOTALS,
    SQL_ADMIN_LOCK_USER,
    SQL_ADMIN_LOCK_ROLES,
    SQL_ADMIN_DELETE_ROLES,
    SQL_ADMIN_INSERT_ROLE,
    SQL_ADMIN_SET_DISABLED,
    SQL_ADMIN_AUDIT_OLDER,
    SQL_ADMIN_AUDIT_NEWER,
    SQL_ADMIN__MAX,
};

#define USER_COLS                                                                                  \
    "SELECT u.id, u.name, u.email, u.lang, u.disabled, u.created_at, u.last_login_at, o.kind, "    \
    "o.name_cy, o.name_en, u.org_other, "                                                          \
    "(SELECT GROUP_CONCAT(ur.role) FROM user_roles ur WHERE ur.user_id = u.id)"
#define USER_SIG  "lsssbttsssss"
#define USER_FROM " FROM users u LEFT JOIN organisations o ON o.id = u.org_id"
/* Optional filters, each switched on by a flag: has_q, like, like, has_role,
 * role, status, status. '!' escapes LIKE wildcards (db_like_contains, db/db.h). */
#define USER_WHERE                                                                                 \
    " WHERE (? = 0 OR u.name LIKE ? ESCAPE '!' OR u.email LIKE ? ESCAPE '!')"                      \
    " AND (? = 0 OR EXISTS (SELECT 1 FROM user_roles fr WHERE fr.user_id = u.id AND fr.role = ?))" \
    " AND (? < 0 OR u.disabled = ?)"
/* The list's total from the counters of 0005 (enabled) and 0049 (disabled)
 * for the status filter (bound twice): a column of every row, so the page
 * and its count come in one round trip when nothing else filters. */
#define USER_KEPT_TOTAL                                                                            \
    ", (SELECT COALESCE(SUM(n), 0) FROM counters WHERE (k = 'members' AND ? <> 1) OR "             \
    "(k = 'users_disabled' AND ? <> 0))"
/* Keyset: the rows after (or before) the anchor user k in (name, id) order.
 * k is a constant table (one primary key row), so users_name serves a range
 * from the anchor: one page read however deep (OFFSET walked every row
 * before it). */
#define USER_FROM_ANCHOR(cmp)                                                                      \
    " FROM users k JOIN users u ON (u.name " cmp " k.name OR (u.name = k.name AND u.id " cmp       \
    " k.id)) LEFT JOIN organisations o ON o.id = u.org_id"
#define AUDIT_COLS                                                                                 \
    "SELECT a.id, a.at, a.event, COALESCE(a.actor_id, 0), ua.name, COALESCE(a.subject_id, 0), "    \
    "us.name, a.ip, a.detail FROM audit_log a LEFT JOIN users ua ON ua.id = a.actor_id "           \
    "LEFT JOIN users us ON us.id = a.subject_id "                                                  \
    "WHERE (? = 0 OR a.event = ?) AND (? = 0 OR a.actor_id = ? OR a.subject_id = ?) "

static const char *const sql[SQL_ADMIN__MAX] = {
    [SQL_ADMIN_USERS] =
        USER_COLS USER_KEPT_TOTAL USER_FROM USER_WHERE " ORDER BY u.name, u.id LIMIT ? OFFSET ?",
    [SQL_ADMIN_USERS_AFTER] = USER_COLS USER_KEPT_TOTAL USER_FROM_ANCHOR(">") USER_WHERE
    " AND k.id = ? ORDER BY u.name, u.id LIMIT ?",
    [SQL_ADMIN_USERS_BEFORE] = USER_COLS USER_KEPT_TOTAL USER_FROM_ANCHOR("<") USER_WHERE
    " AND k.id = ? ORDER BY u.name DESC, u.id DESC LIMIT ?",
    [SQL_ADMIN_USERS_COUNT] = "SELECT COUNT(*)" USER_FROM USER_WHERE,
    [SQL_ADMIN_USER] =
        USER_COLS ", (SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id "
                  "AND s.expires_at > UTC_TIMESTAMP() AND s.last_seen_at > "
                  "UTC_TIMESTAMP() - INTERVAL s.idle_seconds SECOND)" USER_FROM " WHERE u.id = ?",
    /* the counters of migrations 0005 (enabled) and 0049 (disabled) */
    [SQL_ADMIN_USERS_TOTALS] = "SELECT COALESCE(SUM(n), 0), COALESCE(SUM(IF(k = 'users_disabled', "
                               "n, 0)), 0) FROM counters WHERE k IN ('members', 'users_disabled')",
    [SQL_ADMIN_LOCK_USER] = "SELECT disabled FROM users WHERE id = ? FOR UPDATE",
    [SQL_ADMIN_LOCK_ROLES] = "SELECT role FROM user_roles WHERE user_id = ? FOR UPDATE",
    [SQL_ADMIN_DELETE_ROLES] = "DELETE FROM user_roles WHERE user_id = ?",
    [SQL_ADMIN_INSERT_ROLE] = "INSERT INTO user_roles (user_id, role) VALUES (?, ?)",
    [SQL_ADMIN_SET_DISABLED] = "UPDATE users SET disabled = ? WHERE id = ?",
    [SQL_ADMIN_AUDIT_OLDER] = AUDIT_COLS "AND (? = 0 OR a.id < ?) ORDER BY a.id DESC LIMIT ?",
    [SQL_ADMIN_AUDIT_NEWER] = AUDIT_COLS "AND a.id > ? ORDER BY a.id ASC LIMIT ?",
};

/* The organisation as the reader of l should see it: the free text of an
 * "other" organisation, else its name in l. */
static const char *org_name(enum lang l, const char *kind, const char *cy, const char *en,
                            const char *other)
{
    if (kind && !strcmp(kind, "other") && other && *other)
        return other;
    return l == LANG_EN ? en : cy;
}

/* Fetch one user row (USER_SIG), plus a trailing number into *extra (the
 * session count, or the kept total) unless extra is NULL. */
static enum db_rc user_row(struct db_stmt *st, struct arena *a, enum lang l, long long *extra,
                           struct admin_user *u)
{
    char *kind = NULL, *cy = NULL, *en = NULL, *other = NULL, *roles = NULL;
    long long x = 0;
    enum db_rc rc;

    memset(u, 0, sizeof(*u));
    if (extra)
        rc = db_row_next(st, a, USER_SIG "l", &u->id, &u->name, &u->email, &u->lang, &u->disabled,
                         &u->created_at, &u->last_login_at, &kind, &cy, &en, &other, &roles, &x);
    else
        rc = db_row_next(st, a, USER_SIG, &u->id, &u->name, &u->email, &u->lang, &u->disabled,
                         &u->created_at, &u->last_login_at, &kind, &cy, &en, &other, &roles);
    if (rc != DB_OK)
        return rc;
    if (extra)
        *extra = x;
    u->org_name = org_name(l, kind, cy, en, other);
    u->roles = roles_parse(roles);
    return DB_OK;
}

/* Run a USER_WHERE statement: the count, or a list with its limit and its
 * offset (SQL_ADMIN_USERS) or anchor user id (_AFTER, _BEFORE). */
static enum db_rc users_query(struct db *db, struct db_stmt **st, enum admin_sql which,
                              struct arena *a, const struct admin_user_filter *f, int limit,
                              long long from)
{
    int has_q = f->q && *f->q, has_role = f->role != 0;
    const char *like = has_q ? db_like_contains(a, f->q) : "";
    const char *role = has_role ? role_name((enum role)f->role) : "";

    if (which == SQL_ADMIN_USERS)
        return db_query(db, st, sql[which], "iiissisiiil", f->status, f->status, has_q, like, like,
                        has_role, role, f->status, f->status, limit, from);
    if (which != SQL_ADMIN_USERS_COUNT)
        return db_query(db, st, sql[which], "iiissisiili", f->status, f->status, has_q, like, like,
                        has_role, role, f->status, f->status, from, limit);
    return db_query(db, st, sql[which], "issisii", has_q, like, like, has_role, role, f->status,
                    f->status);
}

/* Fetch up to max rows of an executed list query into a new array in a;
 * *kept (kept may be NULL) the kept total of its rows, left as it is when
 * there are none. */
static enum db_rc users_fetch(struct db_stmt *st, struct arena *a, enum lang l, size_t max,
                              struct admin_user **out, size_t *n, long long *kept)
{
    struct admin_user *v = arena_alloc(a, (max ? max : 1) * sizeof(*v));
    long long ignored;
    enum db_rc rc = DB_OK;

    *n = 0;
    while (*n < max && (rc = user_row(st, a, l, kept ? kept : &ignored, &v[*n])) == DB_OK)
        (*n)++;
    db_done(st);
    *out = v;
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

/* Put the rows in l's order with the ICU collator (a stable sort, so equal
 * names keep the database's id order). Left as they are if ICU fails. */
static void users_collate(struct arena *a, enum lang l, struct admin_user *v, size_t n)
{
    const char **names = arena_alloc(a, (n ? n : 1) * sizeof(*names));
    size_t *order = arena_alloc(a, (n ? n : 1) * sizeof(*order));
    struct admin_user *copy = arena_alloc(a, (n ? n : 1) * sizeof(*copy));
    size_t i;

    for (i = 0; i < n; i++)
        names[i] = v[i].name;
    if (n < 2 || collate_sort(l, names, n, order))
        return;
    memcpy(copy, v, n * sizeof(*v));
    for (i = 0; i < n; i++)
        v[i] = copy[order[i]];
}

/* Whether f's total is kept in the counters: it filters by status alone,
 * or by nothing. */
static int total_kept(const struct admin_user_filter *f)
{
    return !(f->q && *f->q) && !f->role;
}

/* How many users f matches: from the counters (no count of the table) when
 * they keep it; else by counting. */
static enum db_rc users_total(struct db *db, struct arena *a, const struct admin_user_filter *f,
                              long long *total)
{
    struct db_stmt *st = NULL;
    long long all, disabled;
    enum db_rc rc;

    if (total_kept(f)) {
        rc = admin_store_count_users(db, &all, &disabled);
        *total = f->status < 0 ? all : f->status ? disabled : all - disabled;
        return rc;
    }
    rc = users_query(db, &st, SQL_ADMIN_USERS_COUNT, a, f, 0, 0);
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "l", total);
    db_done(st);
    return rc;
}

/* One page next to an anchor user (at->after or at->before), in order, with
 * *total: DB_OK with *n 0 when the anchor is gone or its page is empty. */
static enum db_rc users_from_anchor(struct db *db, struct arena *a, enum lang l,
                                    const struct admin_user_filter *f,
                                    const struct admin_user_at *at, struct admin_user **out,
                                    size_t *n, long long *total)
{
    struct db_stmt *st = NULL;
    int before = at->before > 0;
    enum db_rc rc = users_query(db, &st, before ? SQL_ADMIN_USERS_BEFORE : SQL_ADMIN_USERS_AFTER, a,
                                f, ADMIN_PAGE_SIZE, before ? at->before : at->after);
    size_t i;

    if (rc == DB_OK)
        rc = users_fetch(st, a, l, ADMIN_PAGE_SIZE, out, n, total);
    if (rc != DB_OK || !*n)
        return rc;
    /* a page before its anchor is read downwards: show it in order */
    for (i = 0; before && i < *n / 2; i++) {
        struct admin_user t = (*out)[i];

        (*out)[i] = (*out)[*n - 1 - i];
        (*out)[*n - 1 - i] = t;
    }
    return total_kept(f) ? DB_OK : users_total(db, a, f, total);
}

enum db_rc admin_store_list_users(struct db *db, struct arena *a, enum lang l,
                                  const struct admin_user_filter *f, const struct admin_user_at *at,
                                  struct admin_user **out, size_t *n, long long *total)
{
    struct db_stmt *st = NULL;
    long long offset = (long long)(at->page - 1) * ADMIN_PAGE_SIZE;
    struct admin_user *all;
    size_t n_all;
    enum db_rc rc;

    *out = NULL;
    *n = 0;
    *total = 0;
    /* By cursor (the pager's links past ADMIN_SORT_CAP): one page read from
     * the anchor however deep. By page number when the anchor is gone or the
     * list has become short enough to sort. */
    if (at->after > 0 || at->before > 0) {
        rc = users_from_anchor(db, a, l, f, at, out, n, total);
        if (rc != DB_OK || (*n && *total > ADMIN_SORT_CAP))
            return rc;
        *n = 0;
    }
    if (total_kept(f)) {
        /* the page by number with the kept total in its rows: one round
         * trip when the list is long (the usual, unfiltered case) */
        rc = users_query(db, &st, SQL_ADMIN_USERS, a, f, ADMIN_PAGE_SIZE, offset);
        if (rc == DB_OK)
            rc = users_fetch(st, a, l, ADMIN_PAGE_SIZE, out, n, total);
        if (rc == DB_OK && !*n)
            rc = users_total(db, a, f, total);
        if (rc != DB_OK || *total > ADMIN_SORT_CAP)
            return rc;
        *n = 0;
    } else {
        rc = users_total(db, a, f, total);
        if (rc != DB_OK)
            return rc;
    }
    /* A few thousand matches at most: fetch them all and sort them as a
     * reader of l expects, then cut the page out. */
    if (*total <= ADMIN_SORT_CAP) {
        rc = users_query(db, &st, SQL_ADMIN_USERS, a, f, ADMIN_SORT_CAP + 1, 0);
        if (rc == DB_OK)
            rc = users_fetch(st, a, l, ADMIN_SORT_CAP + 1, &all, &n_all, NULL);
        if (rc != DB_OK)
            return rc;
        if (n_all <= ADMIN_SORT_CAP) {
            users_collate(a, l, all, n_all);
            *total = (long long)n_all;
            if (offset < *total) {
                *out = all + offset;
                *n = (size_t)(*total - offset) < ADMIN_PAGE_SIZE ? (size_t)(*total - offset)
                                                                 : ADMIN_PAGE_SIZE;
            }
            return DB_OK;
        }
    }
    /* Beyond that, the database's collation orders the pages (users_name
     * serves the order: one page read, not a sort of every match). */
    if (offset >= *total)
        return DB_OK;
    rc = users_query(db, &st, SQL_ADMIN_USERS, a, f, ADMIN_PAGE_SIZE, offset);
    return rc == DB_OK ? users_fetch(st, a, l, ADMIN_PAGE_SIZE, out, n, NULL) : rc;
}

enum db_rc admin_store_get_user(struct db *db, struct arena *a, enum lang l, long long id,
                                struct admin_user *out)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_ADMIN_USER], "l", id);

    if (rc != DB_OK)
        return rc;
    rc = user_row(st, a, l, &out->n_sessions, out);
    db_done(st);
    return rc;
}

enum db_rc admin_store_count_users(struct db *db, long long *all, long long *disabled)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_ADMIN_USERS_TOTALS], "");

    *all = *disabled = 0;
    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "ll", all, disabled);
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

/* Lock the user's row for the transaction; *disabled its current state. */
static enum db_rc lock_user(struct db *db, long long user_id, int *disabled)
{
    struct db_stmt *st = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_ADMIN_LOCK_USER], "l", user_id);

    if (rc != DB_OK)
        return rc;
    rc = db_row_next(st, NULL, "b", disabled);
    db_done(st);
    return rc;
}

/* The user's roles as they are now, locked against a concurrent change. */
static enum db_rc lock_roles(struct db *db, struct arena *a, long long user_id, unsigned *roles)
{
    struct db_stmt *st = NULL;
    char *name = NULL;
    enum db_rc rc = db_query(db, &st, sql[SQL_ADMIN_LOCK_ROLES], "l", user_id);

    *roles = 0;
    if (rc != DB_OK)
        return rc;
    while ((rc = db_row_next(st, a, "s", &name)) == DB_OK)
        *roles |= name ? (unsigned)role_from_name(name) : 0;
    db_done(st);
    return rc == DB_NOT_FOUND ? DB_OK : rc;
}

/* "learner,trainer" for the bits, in the fixed order of enum role. */
static void roles_list(unsigned roles, char *out, size_t size)
{
    size_t len = 0;
    unsigned bit;

    out[0] = '\0';
    for (bit = ROLE_LEARNER; bit <= ROLE_ADMIN; bit <<= 1) {
        if (!(roles & bit))
            continue;
        len += (size_t)snprintf(out + len, size - len, "%s%s", len ? "," : "",
                                role_name((enum role)bit));
        if (len >= size)
            return;
    }
}

enum db_rc admin_store_set_roles(struct db *db, long long actor_id, long long user_id,
                                 unsigned roles, const char *ip, int *changed)
{
    struct arena a;
    unsigned old = 0, bit;
    int disabled = 0;
    char before[64], after[64], detail[136];
    enum db_rc rc;

    *changed = 0;
    arena_init(&a, 1024);
    rc = db_begin(db);
    if (rc != DB_OK)
        goto out;
    rc = lock_user(db, user_id, &disabled);
    if (rc == DB_OK)
        rc = lock_roles(db, &a, user_id, &old);
    if (rc != DB_OK || old == roles)
        goto out;
    rc = db_exec(db, sql[SQL_ADMIN_DELETE_ROLES], "l", user_id);
    for (bit = ROLE_LEARNER; rc == DB_OK && bit <= ROLE_ADMIN; bit <<= 1)
        if (roles & bit)
            rc = db_exec(db, sql[SQL_ADMIN_INSERT_ROLE], "ls", user_id, role_name((enum role)bit));
    /* the new roles take effect through a new token (DESIGN.md "Security rules") */
    if (rc == DB_OK)
        rc = session_end_user(db, user_id, NULL);
    roles_list(old, before, sizeof(before));
    roles_list(roles, after, sizeof(after));
    snprintf(detail, sizeof(detail), "%s -> %s", before, after);
    if (rc == DB_OK)
        rc = audit_write(db, "role_changed", actor_id, user_id, ip, detail);
    if (rc == DB_OK)
        rc = db_commit(db);
    if (rc == DB_OK)
        *changed = 1;
out:
    if (!*changed)
        db_rollback(db);
    else
        admin_kept_touch(); /* after the commit (admin/kept.h) */
    arena_release(&a);
    return rc;
}

enum db_rc admin_store_set_disabled(struct db *db, long long actor_id, long long user_id,
                                    int disabled, const char *ip, int *changed)
{
    int now = 0;
    enum db_rc rc;

    *changed = 0;
    rc = db_begin(db);
    if (rc != DB_OK)
        goto out;
    rc = lock_user(db, user_id, &now);
    if (rc != DB_OK || now == !!disabled)
        goto out;
    rc = db_exec(db, sql[SQL_ADMIN_SET_DISABLED], "bl", !!disabled, user_id);
    if (rc == DB_OK && disabled)
        rc = session_end_user(db, user_id, NULL);
    if (rc == DB_OK)
        rc = audit_write(db, disabled ? "account_disabled" : "account_enabled", actor_id, user_id,
                         ip, NULL);
    if (rc == DB_OK)
        rc = db_commit(db);
    if (rc == DB_OK)
        *changed = 1;
out:
    if (!*changed)
        db_rollback(db);
    else
        admin_kept_touch(); /* after the commit (admin/kept.h) */
    return rc;
}

enum db_rc admin_store_end_sessions(struct db *db, long long actor_id, long long user_id,
                                    const char *keep_hash, const char *ip)
{
    int disabled = 0, done = 0;
    enum db_rc rc = db_begin(db);

    if (rc != DB_OK)
        goto out;
    rc = lock_user(db, user_id, &disabled);
    if (rc == DB_OK)
        rc = session_end_user(db, user_id, keep_hash);
    if (rc == DB_OK)
        rc = audit_write(db, "session_ended", actor_id, user_id, ip, NULL);
    if (rc == DB_OK)
        rc = db_commit(db);
    done = rc == DB_OK;
out:
    if (!done)
        db_rollback(db);
    return rc;
}

enum db_rc admin_store_list_audit(struct db *db, struct arena *a,
                                  const struct admin_audit_filter *f, size_t limit,
                                  struct admin_audit_entry **out, size_t *n, int *more)
{
    struct db_stmt *st = NULL;
    struct admin_audit_entry *v = arena_alloc(a, (limit + 1) * sizeof(*v));
    int has_event = f->event && *f->event, has_user = f->user_id > 0;
    const char *event = has_event ? f->event : "";
    int newer = f->before <= 0 && f->after > 0;
    long long before = f->before > 0 ? f->before : 0;
    enum db_rc rc;
    size_t i;

    *out = v;
    *n = 0;
    *more = 0;
    /* one row more than asked says whether there are more that way */
    if (newer)
        rc = db_query(db, &st, sql[SQL_ADMIN_AUDIT_NEWER], "isillli", has_event, event, has_user,
                      f->user_id, f->user_id, f->after, (int)limit + 1);
    else
        rc = db_query(db, &st, sql[SQL_ADMIN_AUDIT_OLDER], "isilllli", has_event, event, has_user,
                      f->user_id, f->user_id, before, before, (int)limit + 1);
    if (rc != DB_OK)
        return rc;
    while (*n <= limit) {
        struct admin_audit_entry *e = &v[*n];

        rc = db_row_next(st, a, "ltslslsss", &e->id, &e->at, &e->event, &e->actor_id,
                         &e->actor_name, &e->subject_id, &e->subject_name, &e->ip, &e->detail);
        if (rc != DB_OK)
            break;
        (*n)++;
    }
    db_done(st);
    if (rc != DB_OK && rc != DB_NOT_FOUND)
        return rc;
    if (*n > limit) {
        *more = 1;
        *n = limit;
    }
    /* a newer page is read upwards from its anchor: show it newest first */
    for (i = 0; newer && i < *n / 2; i++) {
        struct admin_audit_entry t = v[i];

        v[i] = v[*n - 1 - i];
        v[*n - 1 - i] = t;
    }
    return DB_OK;
}
