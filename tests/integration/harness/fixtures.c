#include "fixtures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "auth/password.h"
#include "auth/session.h"
#include "testing.h"

struct db *fx_dbh;
struct arena fx_mem;
char fx_tag[40];

static char pw_hash_[PW_HASH_LEN];
static int serial;

struct db *fx_db_open(struct arena *a, const char *url)
{
    struct db_params p;
    char err[256];

    if (!url)
        url = getenv("DYSGU_DB");
    if (!url || db_params_parse(a, url, &p, err, sizeof(err))) {
        fprintf(stderr, "fixtures: bad database url: %s\n", url ? err : "DYSGU_DB is not set");
        return NULL;
    }
    return db_new(&p);
}

int fx_init(void)
{
    if (sodium_init() < 0 || db_library_init())
        return -1;
    arena_init(&fx_mem, 0);
    fx_dbh = fx_db_open(&fx_mem, NULL);
    if (!fx_dbh)
        return -1;
    snprintf(fx_tag, sizeof(fx_tag), "zq%ldx%ld", (long)getpid(), (long)time(NULL));
    /* a real Argon2id hash, although no test signs in with it */
    return pw_hash(pw_hash_, "not-a-password-anyone-uses", 26);
}

void fx_done(void)
{
    db_free(fx_dbh);
    fx_dbh = NULL;
    db_thread_end();
    arena_release(&fx_mem);
}

int fx_require(int ok, const char *what)
{
    if (ok)
        return ok;
    fprintf(stderr, "\nfixtures: %s failed\n", what);
    if (CU_get_current_test())
        CU_FAIL_FATAL(what);
    return 0;
}

int fx_next_serial(void)
{
    return ++serial;
}

const char *fx_name(const char *what)
{
    return arena_printf(&fx_mem, "%s %s", what, fx_tag);
}

const char *fx_email(const char *who)
{
    return arena_printf(&fx_mem, "%s.%s@test.example", who, fx_tag);
}

long long fx_user(const char *name, const char *roles)
{
    static const char *const ins = "INSERT INTO users (email, email_norm, name, password_hash, "
                                   "lang) VALUES (?, ?, ?, ?, 'cy')";
    static const char *const ins_role = "INSERT INTO user_roles (user_id, role) VALUES (?, ?)";
    char email[128], role[32];
    long long id;
    const char *p = roles;

    snprintf(email, sizeof(email), "%s.%d@test.example", fx_tag, fx_next_serial());
    if (db_exec(fx_dbh, ins, "ssss", email, email, name, pw_hash_) != DB_OK)
        return 0;
    id = (long long)db_insert_id(fx_dbh);
    while (p && *p) {
        size_t n = strcspn(p, ",");

        snprintf(role, sizeof(role), "%.*s", (int)n, p);
        if (db_exec(fx_dbh, ins_role, "ls", id, role) != DB_OK)
            return 0;
        p += n + (p[n] == ',');
    }
    return id;
}

int fx_sign_in(long long user_id, struct fx_session *s)
{
    static const char *const ins =
        "INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen_at, idle_seconds, "
        "expires_at) VALUES (?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP(), 900, "
        "UTC_TIMESTAMP() + INTERVAL 8 HOUR)";
    unsigned char raw[32], csrf[32];
    char hash[65];

    randombytes_buf(raw, sizeof(raw));
    randombytes_buf(csrf, sizeof(csrf));
    sodium_bin2base64(s->token, sizeof(s->token), raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_bin2base64(s->csrf, sizeof(s->csrf), csrf, sizeof(csrf),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    session_hash(raw, sizeof(raw), hash);
    snprintf(s->cookie, sizeof(s->cookie), "Cookie: sid=%s\r\n", s->token);
    s->user_id = user_id;
    return db_exec(fx_dbh, ins, "sls", hash, user_id, s->csrf) == DB_OK ? 0 : -1;
}

void fx_learner(const char *what, const char *lang, struct fx_session *s)
{
    if (fx_require(fx_sign_in(fx_user(fx_name(what), "learner"), s) == 0, "fx_learner") && lang)
        fx_set_lang(s->user_id, lang);
}

/* The one number *st's row holds, -1 if none or rc failed; *st done. (A
 * pointer, as the query that sets it is an argument of the same call.) */
static long long one_number(enum db_rc rc, struct db_stmt **st)
{
    long long n = -1;

    if (rc != DB_OK)
        return -1;
    if (db_row_next(*st, NULL, "l", &n) != DB_OK)
        n = -1;
    db_done(*st);
    return n;
}

/* The one text *st's row holds (in fx_mem), NULL if none; *st done. */
static char *one_text(enum db_rc rc, struct db_stmt **st)
{
    char *s = NULL;

    if (rc != DB_OK)
        return NULL;
    if (db_row_next(*st, &fx_mem, "s", &s) != DB_OK)
        s = NULL;
    db_done(*st);
    return s;
}

long long fx_num_l(const char *sql, long long id)
{
    struct db_stmt *st = NULL;

    return one_number(db_query(fx_dbh, &st, sql, "l", id), &st);
}

long long fx_num_ll(const char *sql, long long a, long long b)
{
    struct db_stmt *st = NULL;

    return one_number(db_query(fx_dbh, &st, sql, "ll", a, b), &st);
}

long long fx_num_s(const char *sql, const char *text)
{
    struct db_stmt *st = NULL;

    return one_number(db_query(fx_dbh, &st, sql, "s", text), &st);
}

long long fx_num_ls(const char *sql, long long id, const char *text)
{
    struct db_stmt *st = NULL;

    return one_number(db_query(fx_dbh, &st, sql, "ls", id, text), &st);
}

char *fx_str_l(const char *sql, long long id)
{
    struct db_stmt *st = NULL;

    return one_text(db_query(fx_dbh, &st, sql, "l", id), &st);
}

char *fx_str_ll(const char *sql, long long a, long long b)
{
    struct db_stmt *st = NULL;

    return one_text(db_query(fx_dbh, &st, sql, "ll", a, b), &st);
}

char *fx_str_s(const char *sql, const char *text)
{
    struct db_stmt *st = NULL;

    return one_text(db_query(fx_dbh, &st, sql, "s", text), &st);
}

long long fx_exec_l(const char *sql, long long id)
{
    if (db_exec(fx_dbh, sql, "l", id) != DB_OK)
        return -1;
    return (long long)db_affected_rows(fx_dbh);
}

long long fx_exec_s(const char *sql, const char *text)
{
    if (db_exec(fx_dbh, sql, "s", text) != DB_OK)
        return -1;
    return (long long)db_affected_rows(fx_dbh);
}

long long fx_exec_sl(const char *sql, const char *text, long long id)
{
    if (db_exec(fx_dbh, sql, "sl", text, id) != DB_OK)
        return -1;
    return (long long)db_affected_rows(fx_dbh);
}

long long fx_user_by_email(const char *email)
{
    return fx_num_s("SELECT id FROM users WHERE email = ?", email);
}

char *fx_email_of(long long user_id)
{
    return fx_str_l("SELECT email FROM users WHERE id = ?", user_id);
}

void fx_set_lang(long long user_id, const char *lang)
{
    fx_require(fx_exec_sl("UPDATE users SET lang = ? WHERE id = ?", lang, user_id) >= 0,
               "fx_set_lang");
}

long long fx_sessions_of(long long user_id)
{
    return fx_num_l("SELECT COUNT(*) FROM sessions WHERE user_id = ?", user_id);
}

long long fx_disabled(long long user_id)
{
    return fx_num_l("SELECT disabled FROM users WHERE id = ?", user_id);
}

unsigned fx_roles_of(long long user_id)
{
    char *list = fx_str_l("SELECT GROUP_CONCAT(role) FROM user_roles WHERE user_id = ?", user_id);

    return list ? roles_parse(list) : 0;
}

long long fx_org(const char *code)
{
    return fx_num_s("SELECT id FROM organisations WHERE code = ?", code);
}

long long fx_audit_count(const char *event, long long actor_id, long long subject_id,
                         const char *detail)
{
    static const char *const q =
        "SELECT COUNT(*) FROM audit_log WHERE event = ? AND subject_id = ? "
        "AND (? = 0 OR actor_id = ?) AND (? = 0 OR detail = ?)";
    struct db_stmt *st = NULL;

    return one_number(db_query(fx_dbh, &st, q, "slllis", event, subject_id, actor_id, actor_id,
                               detail != NULL, detail ? detail : ""),
                      &st);
}

char *fx_audit_details(long long subject_id)
{
    return fx_str_l("SELECT COALESCE(GROUP_CONCAT(CONCAT(event, ' ', ip, ' ', "
                    "detail) SEPARATOR '\\n'), '') FROM audit_log WHERE subject_id = ?",
                    subject_id);
}
