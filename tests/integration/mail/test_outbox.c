/*
 * mail: the outbox against the real MariaDB, in a scratch database of its
 * own (dysgu_outbox_<pid>, with the real outbox table's definition) so no
 * running server's mail worker can take these messages and this test never
 * takes theirs. Queue, deliver to .eml files and parse them back; sent_at,
 * attempts and last_error; the caller's transaction; header injection; SMTP
 * through libcurl against a tiny fake server; the background worker.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "core/arena.h"
#include "core/config.h"
#include "db/db.h"
#include "harness.h"
#include "http/app.h"
#include "mail/mail.h"
#include "testing.h"

static struct arena mem;
static struct db *db;      /* the scratch database */
static struct db *main_db; /* the test database, for DDL */
static struct db_params scratch_params;
static char dir[64], scratch[64];
static char q_create_db[256], q_create_table[256], q_drop_db[128];

#define SUBJECT_CY "Ailosod eich cyfrinair \xe2\x80\x94 d\xc5\xb5r a th\xc3\xa2n"
#define BODY_CY                                                                                    \
    "Helo Si\xc3\xa2n,\n\nDilynwch y ddolen hon i ailosod eich cyfrinair:\n"                       \
    "http://localhost:8080/cy/reset?token=abc=def\n\nDiolch, t\xc3\xaem Dysgu\n"

static int suite_init(void)
{
    const char *url = getenv("DYSGU_DB");
    struct db_params p;
    char err[256];

    if (!url) {
        fprintf(stderr, "DYSGU_DB is not set\n");
        return 1;
    }
    if (sodium_init() < 0 || db_library_init() || db_params_parse(&mem, url, &p, err, sizeof(err)))
        return 1;
    snprintf(scratch, sizeof(scratch), "dysgu_outbox_%ld", (long)getpid());
    snprintf(q_create_db, sizeof(q_create_db),
             "CREATE DATABASE %s CHARACTER SET utf8mb4 COLLATE utf8mb4_uca1400_ai_ci", scratch);
    snprintf(q_create_table, sizeof(q_create_table), "CREATE TABLE %s.outbox LIKE %s.outbox",
             scratch, p.name);
    snprintf(q_drop_db, sizeof(q_drop_db), "DROP DATABASE IF EXISTS %s", scratch);
    main_db = db_new(&p);
    if (db_exec(main_db, q_drop_db, "") != DB_OK || db_exec(main_db, q_create_db, "") != DB_OK ||
        db_exec(main_db, q_create_table, "") != DB_OK) {
        fprintf(stderr, "cannot create the scratch database %s\n", scratch);
        return 1;
    }
    scratch_params = p;
    scratch_params.name = scratch;
    db = db_new(&scratch_params);
    snprintf(dir, sizeof(dir), "/tmp/dysgu-mail-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    return 0;
}

static void remove_dir(const char *path)
{
    char sub[512];
    struct dirent *e;
    struct stat st;
    DIR *d = opendir(path);

    if (!d)
        return;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
        if (!lstat(sub, &st) && S_ISDIR(st.st_mode))
            remove_dir(sub);
        else
            unlink(sub);
    }
    closedir(d);
    rmdir(path);
}

static int suite_clean(void)
{
    db_free(db);
    if (db_exec(main_db, q_drop_db, "") != DB_OK)
        fprintf(stderr, "cannot drop %s\n", scratch);
    db_free(main_db);
    db_thread_end();
    db_library_end();
    remove_dir(dir);
    arena_release(&mem);
    return 0;
}

static void config_for(struct config *c, const char *mail_dir, const char *smtp_url)
{
    memset(c, 0, sizeof(*c));
    c->mail_dir = (char *)(uintptr_t)mail_dir;
    c->smtp_url = (char *)(uintptr_t)smtp_url;
    c->mail_from = "Dysgu <dysgu@dysgu.example>";
}

/* (sent, attempts, last_error) of message id */
static void row_state(long long id, int *sent, int *attempts, char **last_error)
{
    struct db_stmt *st = NULL;

    *sent = *attempts = -1;
    *last_error = NULL;
    CU_ASSERT_EQUAL_FATAL(db_query(db, &st,
                                   "SELECT sent_at IS NOT NULL, attempts, last_error FROM outbox "
                                   "WHERE id = ?",
                                   "l", id),
                          DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, &mem, "bis", sent, attempts, last_error), DB_OK);
    db_done(st);
}

static long long count_rows(void)
{
    struct db_stmt *st = NULL;
    long long n = -1;

    if (db_query(db, &st, "SELECT COUNT(*) FROM outbox", "") == DB_OK) {
        if (db_row_next(st, NULL, "l", &n) != DB_OK)
            n = -1;
        db_done(st);
    }
    return n;
}

static char *read_eml(const char *in_dir, long long id, size_t *len)
{
    char path[256];

    snprintf(path, sizeof(path), "%s/%lld.eml", in_dir, id);
    return test_read_file(path, len);
}

/* The value of header name (unfolded, CRLF SP kept) or NULL; a static copy. */
static const char *header(const char *msg, const char *name)
{
    static char v[1024];
    size_t n = strlen(name);
    const char *p = msg, *end;

    while (p && *p && strncmp(p, "\r\n", 2)) {
        if (!strncmp(p, name, n) && p[n] == ':' && p[n + 1] == ' ') {
            p += n + 2;
            end = strstr(p, "\r\n");
            while (end && (end[2] == ' ' || end[2] == '\t'))
                end = strstr(end + 2, "\r\n");
            if (!end || (size_t)(end - p) >= sizeof(v))
                return NULL;
            memcpy(v, p, (size_t)(end - p));
            v[end - p] = '\0';
            return v;
        }
        p = strstr(p, "\r\n");
        if (p)
            p += 2;
    }
    return NULL;
}

/* Decode the RFC 2047 B-encoded words of a header value into out. */
static int decode_subject(const char *v, char *out, size_t size)
{
    const char *p = v, *end;
    size_t o = 0, n;

    while ((p = strstr(p, "=?UTF-8?B?"))) {
        p += 10;
        end = strstr(p, "?=");
        if (!end || sodium_base642bin((unsigned char *)out + o, size - o - 1, p, (size_t)(end - p),
                                      NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL))
            return -1;
        o += n;
        p = end + 2;
    }
    out[o] = '\0';
    return o ? 0 : -1;
}

static int count_files(const char *path, int *hidden)
{
    struct dirent *e;
    DIR *d = opendir(path);
    int n = 0;

    *hidden = 0;
    if (!d)
        return -1;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (e->d_name[0] == '.')
            (*hidden)++;
        else
            n++;
    }
    closedir(d);
    return n;
}

static void outbox__welsh_mail_to_eml(void)
{
    struct config c;
    char sub[128], subject[256];
    size_t len = 0;
    long long id;
    char *msg, *last_error;
    const char *body, *h;
    int sent, attempts, hidden;

    snprintf(sub, sizeof(sub), "%s/a/b", dir); /* created on demand */
    config_for(&c, sub, "");
    CU_ASSERT_EQUAL_FATAL(mail_enqueue(db, 0, "dysgwr@example.cymru", LANG_CY, SUBJECT_CY, BODY_CY),
                          DB_OK);
    id = (long long)db_insert_id(db);
    row_state(id, &sent, &attempts, &last_error);
    CU_ASSERT_EQUAL(sent, 0);

    CU_ASSERT_EQUAL(mail_deliver_pending(db, &c, 10), 1);
    msg = read_eml(sub, id, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
    CU_ASSERT_EQUAL(count_files(sub, &hidden), 1);
    CU_ASSERT_EQUAL(hidden, 0); /* no temporary file left behind */

    CU_ASSERT_STRING_EQUAL(header(msg, "From"), "Dysgu <dysgu@dysgu.example>");
    CU_ASSERT_STRING_EQUAL(header(msg, "To"), "dysgwr@example.cymru");
    CU_ASSERT_STRING_EQUAL(header(msg, "MIME-Version"), "1.0");
    CU_ASSERT_STRING_EQUAL(header(msg, "Content-Type"), "text/plain; charset=utf-8");
    CU_ASSERT_STRING_EQUAL(header(msg, "Content-Transfer-Encoding"), "8bit");
    CU_ASSERT_STRING_EQUAL(header(msg, "Content-Language"), "cy");
    CU_ASSERT_PTR_NOT_NULL(header(msg, "Date"));
    h = header(msg, "Message-ID");
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    CU_ASSERT(h[0] == '<' && strstr(h, "@dysgu.example>") != NULL);
    h = header(msg, "Subject");
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    CU_ASSERT_EQUAL(strncmp(h, "=?UTF-8?B?", 10), 0);
    CU_ASSERT_PTR_NULL(strstr(h, "\xc5\xb5")); /* no raw UTF-8 in the header */
    CU_ASSERT_EQUAL_FATAL(decode_subject(h, subject, sizeof(subject)), 0);
    CU_ASSERT_STRING_EQUAL(subject, SUBJECT_CY);
    body = strstr(msg, "\r\n\r\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    CU_ASSERT_STRING_EQUAL(body + 4,
                           "Helo Si\xc3\xa2n,\r\n\r\nDilynwch y ddolen hon i ailosod eich "
                           "cyfrinair:\r\nhttp://localhost:8080/cy/reset?token=abc=def\r\n\r\n"
                           "Diolch, t\xc3\xaem Dysgu\r\n");
    free(msg);

    row_state(id, &sent, &attempts, &last_error);
    CU_ASSERT_EQUAL(sent, 1);
    CU_ASSERT_EQUAL(attempts, 0);
    CU_ASSERT_PTR_NULL(last_error);

    /* delivered once only */
    CU_ASSERT_EQUAL(mail_deliver_pending(db, &c, 10), 0);
    CU_ASSERT_EQUAL(count_files(sub, &hidden), 1);
}

static void outbox__english_and_user(void)
{
    struct config c;
    long long id;
    size_t len;
    char *msg;

    config_for(&c, dir, "");
    /* a user id that does not exist in the scratch table's world is still a number */
    CU_ASSERT_EQUAL_FATAL(mail_enqueue(db, 12345, "learner@example.com", LANG_EN,
                                       "Reset your password", "Hello,\nBye\n"),
                          DB_OK);
    id = (long long)db_insert_id(db);
    CU_ASSERT_EQUAL(mail_deliver_pending(db, &c, 10), 1);
    msg = read_eml(dir, id, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
    CU_ASSERT_STRING_EQUAL(header(msg, "Subject"), "Reset your password");
    CU_ASSERT_STRING_EQUAL(header(msg, "Content-Language"), "en");
    free(msg);
}

/* queued inside a transaction that rolls back: nothing goes out */
/* A one-time link is sent before mail queued earlier: a reset link is
 * waited for on a page, forum notifications are not. */
static void outbox__secret_mail_first(void)
{
    struct config c;
    long long bulk, secret;
    char *err = NULL;
    int sent, attempts;

    config_for(&c, dir, "");
    CU_ASSERT_EQUAL_FATAL(mail_enqueue(db, 0, "a@example.com", LANG_CY, "Hysbysiad", "Corff\n"),
                          DB_OK);
    bulk = (long long)db_insert_id(db);
    CU_ASSERT_EQUAL_FATAL(mail_enqueue_secret(db, 0, "b@example.com", LANG_CY, "Dolen", "Dolen\n"),
                          DB_OK);
    secret = (long long)db_insert_id(db);
    CU_ASSERT_EQUAL(mail_deliver_pending(db, &c, 1), 1);
    row_state(secret, &sent, &attempts, &err);
    CU_ASSERT_EQUAL(sent, 1);
    row_state(bulk, &sent, &attempts, &err);
    CU_ASSERT_EQUAL(sent, 0);
    CU_ASSERT_EQUAL(mail_deliver_pending(db, &c, 10), 1);
    row_state(bulk, &sent, &attempts, &err);
    CU_ASSERT_EQUAL(sent, 1);
}

static void outbox__follows_the_callers_transaction(void)
{
    struct config c;
    long long before = count_rows();

    config_for(&c, dir, "");
    CU_ASSERT_EQUAL_FATAL(db_begin(db), DB_OK);
    CU_ASSERT_EQUAL(mail_enqueue(db, 0, "a@example.com", LANG_CY, "Pwnc", "Corff\n"), DB_OK);
    CU_ASSERT_EQUAL(db_rollback(db), DB_OK);
    CU_ASSERT_EQUAL(count_rows(), before);
    CU_ASSERT_EQUAL(mail_deliver_pending(db, &c, 10), 0);
}

static void outbox__header_injection_refused(void)
{
    long long before = count_rows();

    CU_ASSERT_EQUAL(
        mail_enqueue(db, 0, "a@example.com\r\nBcc: b@example.com", LANG_CY, "Pwnc", "Corff"),
        DB_ERROR);
    CU_ASSERT_EQUAL(mail_enqueue(db, 0, "a@example.com, b@example.com", LANG_CY, "Pwnc", "Corff"),
                    DB_ERROR);
    CU_ASSERT_EQUAL(
        mail_enqueue(db, 0, "a@example.com", LANG_CY, "Pwnc\r\nBcc: b@example.com", "Corff"),
        DB_ERROR);
    CU_ASSERT_EQUAL(mail_enqueue(db, 0, "a@example.com", LANG_CY, "Pwnc", "bad \xff UTF-8"),
                    DB_ERROR);
    CU_ASSERT_EQUAL(count_rows(), before);
}

/* a folder that cannot be made: attempts and last_error, then success later */
static void outbox__failure_is_recorded_and_retried(void)
{
    struct config c;
    char file[128], bad[160], *last_error;
    long long id;
    int sent, attempts;
    FILE *f;

    snprintf(file, sizeof(file), "%s/not-a-folder", dir);
    f = fopen(file, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fclose(f);
    snprintf(bad, sizeof(bad), "%s/sub", file);
    config_for(&c, bad, "");
    CU_ASSERT_EQUAL_FATAL(mail_enqueue(db, 0, "c@example.com", LANG_CY, "Pwnc", "Corff\n"), DB_OK);
    id = (long long)db_insert_id(db);
    CU_ASSERT_EQUAL(mail_deliver_pending(db, &c, 10), 0);
    row_state(id, &sent, &attempts, &last_error);
    CU_ASSERT_EQUAL(sent, 0);
    CU_ASSERT_EQUAL(attempts, 1);
    CU_ASSERT_PTR_NOT_NULL(last_error);
    CU_ASSERT_EQUAL(mail_deliver_pending(db, &c, 10), 0);
    row_state(id, &sent, &attempts, &last_error);
    CU_ASSERT_EQUAL(attempts, 2);

    config_for(&c, dir, "");
    CU_ASSERT_EQUAL(mail_deliver_pending(db, &c, 10), 1);
    row_state(id, &sent, &attempts, &last_error);
    CU_ASSERT_EQUAL(sent, 1);
    CU_ASSERT_PTR_NULL(last_error);
}

/* --- a fake SMTP server: one connection, the commands libcurl sends --- */

struct fake_smtp {
    int listen_fd;
    int port;
    int refuse_rcpt;
    char transcript[16384];
    size_t len;
};

static void say(int fd, const char *s)
{
    size_t n = strlen(s);

    if (write(fd, s, n) != (ssize_t)n)
        perror("fake smtp write");
}

static void *fake_smtp_main(void *p)
{
    struct fake_smtp *f = p;
    char buf[4096];
    int fd = accept(f->listen_fd, NULL, NULL), in_data = 0;
    ssize_t n;

    if (fd < 0)
        return NULL;
    say(fd, "220 fake.example ESMTP\r\n");
    while ((n = read(fd, buf, sizeof(buf) - 1)) > 0) {
        buf[n] = '\0';
        if (f->len + (size_t)n < sizeof(f->transcript)) {
            memcpy(f->transcript + f->len, buf, (size_t)n);
            f->len += (size_t)n;
            f->transcript[f->len] = '\0';
        }
        if (in_data) {
            if (strstr(f->transcript, "\r\n.\r\n")) {
                in_data = 0;
                say(fd, "250 2.0.0 queued\r\n");
            }
            continue;
        }
        if (!strncmp(buf, "EHLO", 4))
            say(fd, "250-fake.example\r\n250 8BITMIME\r\n");
        else if (!strncmp(buf, "HELO", 4))
            say(fd, "250 fake.example\r\n");
        else if (!strncmp(buf, "MAIL FROM", 9))
            say(fd, "250 2.1.0 ok\r\n");
        else if (!strncmp(buf, "RCPT TO", 7))
            say(fd, f->refuse_rcpt ? "550 5.1.1 no such user\r\n" : "250 2.1.5 ok\r\n");
        else if (!strncmp(buf, "DATA", 4)) {
            in_data = 1;
            say(fd, "354 go ahead\r\n");
        } else if (!strncmp(buf, "QUIT", 4)) {
            say(fd, "221 bye\r\n");
            break;
        } else if (!strncmp(buf, "RSET", 4))
            say(fd, "250 ok\r\n");
        else
            say(fd, "502 not implemented\r\n");
    }
    close(fd);
    return NULL;
}

static int fake_smtp_start(struct fake_smtp *f, pthread_t *t)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof(a);

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    f->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    if (f->listen_fd < 0 || bind(f->listen_fd, (struct sockaddr *)&a, sizeof(a)) ||
        listen(f->listen_fd, 1) || getsockname(f->listen_fd, (struct sockaddr *)&a, &alen))
        return -1;
    f->port = ntohs(a.sin_port);
    return pthread_create(t, NULL, fake_smtp_main, f);
}

static void outbox__smtp_through_libcurl(void)
{
    struct fake_smtp *f = calloc(1, sizeof(*f));
    struct config c;
    pthread_t t;
    char url[64], *last_error;
    long long id;
    int sent, attempts;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL_FATAL(fake_smtp_start(f, &t), 0);
    snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", f->port);
    config_for(&c, dir, url);
    CU_ASSERT_EQUAL_FATAL(mail_enqueue(db, 0, "dysgwr@example.cymru", LANG_CY, SUBJECT_CY, BODY_CY),
                          DB_OK);
    id = (long long)db_insert_id(db);
    CU_ASSERT_EQUAL(mail_deliver_pending(db, &c, 10), 1);
    pthread_join(t, NULL);
    close(f->listen_fd);
    CU_ASSERT_PTR_NOT_NULL(strstr(f->transcript, "MAIL FROM:<dysgu@dysgu.example>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(f->transcript, "RCPT TO:<dysgwr@example.cymru>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(f->transcript, "\r\nSubject: =?UTF-8?B?"));
    CU_ASSERT_PTR_NOT_NULL(strstr(f->transcript, "Helo Si\xc3\xa2n,\r\n"));
    row_state(id, &sent, &attempts, &last_error);
    CU_ASSERT_EQUAL(sent, 1);

    /* a refused recipient is a failed attempt with the reason kept */
    memset(f, 0, sizeof(*f));
    f->refuse_rcpt = 1;
    CU_ASSERT_EQUAL_FATAL(fake_smtp_start(f, &t), 0);
    snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", f->port);
    config_for(&c, dir, url);
    CU_ASSERT_EQUAL_FATAL(mail_enqueue(db, 0, "nobody@example.cymru", LANG_EN, "S", "B\n"), DB_OK);
    id = (long long)db_insert_id(db);
    CU_ASSERT_EQUAL(mail_deliver_pending(db, &c, 10), 0);
    pthread_join(t, NULL);
    close(f->listen_fd);
    row_state(id, &sent, &attempts, &last_error);
    CU_ASSERT_EQUAL(sent, 0);
    CU_ASSERT_EQUAL(attempts, 1);
    CU_ASSERT_PTR_NOT_NULL(last_error);
    CU_ASSERT_PTR_NULL(last_error ? strstr(last_error, "127.0.0.1:") : NULL);
    free(f);

    /* out of the way of the next tests */
    CU_ASSERT_EQUAL(db_exec(db, "UPDATE outbox SET attempts = 10 WHERE id = ?", "l", id), DB_OK);
}

/* the background worker delivers within a second or so and stops promptly */
static void outbox__worker(void)
{
    struct config c;
    struct app app;
    char sub[128], path[192];
    struct stat st;
    long long id;
    int i, found = 0;
    struct timespec t0, t1;

    snprintf(sub, sizeof(sub), "%s/worker", dir);
    config_for(&c, sub, "");
    memset(&app, 0, sizeof(app));
    app.cfg = &c;
    app.dbp = scratch_params;
    CU_ASSERT_EQUAL_FATAL(mail_worker_start(&app), 0);
    CU_ASSERT_EQUAL(mail_worker_start(&app), -1); /* one at a time */
    CU_ASSERT_EQUAL_FATAL(mail_enqueue(db, 0, "w@example.com", LANG_CY, "Gweithiwr", "Corff\n"),
                          DB_OK);
    id = (long long)db_insert_id(db);
    snprintf(path, sizeof(path), "%s/%lld.eml", sub, id);
    for (i = 0; i < 100 && !found; i++) {
        found = stat(path, &st) == 0;
        if (!found)
            test_sleep_ms(50);
    }
    CU_ASSERT(found);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    mail_worker_stop();
    clock_gettime(CLOCK_MONOTONIC, &t1);
    CU_ASSERT((double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9 < 1.0);
    mail_worker_stop(); /* a no-op now */
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "outbox__welsh_mail_to_eml", outbox__welsh_mail_to_eml },
        { "outbox__english_and_user", outbox__english_and_user },
        { "outbox__secret_mail_first", outbox__secret_mail_first },
        { "outbox__follows_the_callers_transaction", outbox__follows_the_callers_transaction },
        { "outbox__header_injection_refused", outbox__header_injection_refused },
        { "outbox__failure_is_recorded_and_retried", outbox__failure_is_recorded_and_retried },
        { "outbox__smtp_through_libcurl", outbox__smtp_through_libcurl },
        { "outbox__worker", outbox__worker },
        { NULL, NULL },
    };

    arena_init(&mem, 0);
    test_add_suite_with("outbox", cases, suite_init, suite_clean);
}
