#include "mail.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/utf8.h"
#include "http/app.h"
#include "mail/mail_impl.h"

enum mail_sql {
    SQL_MAIL_INSERT,
    SQL_MAIL__MAX,
};

static const char *const sql[SQL_MAIL__MAX] = {
    [SQL_MAIL_INSERT] =
        "INSERT INTO outbox (user_id, to_addr, lang, subject, body_text, secret, calendar, "
        "calendar_method, list_unsubscribe, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())",
};

int mail_addr_ok(const char *s, size_t len)
{
    size_t i, at = 0, n_at = 0;

    if (!len || len > MAIL_TO_MAX)
        return 0;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        /* printable ASCII without the characters that end or list addresses */
        if (c < 0x21 || c > 0x7e || strchr("<>,;:\"()[]\\", c))
            return 0;
        if (c == '@') {
            at = i;
            n_at++;
        }
    }
    return n_at == 1 && at > 0 && at + 1 < len;
}

int mail_addr_valid(const char *s)
{
    return s && mail_addr_ok(s, strlen(s));
}

/* What goes into one outbox row. */
struct outgoing {
    long long user_id;
    const char *to, *subject, *body;
    enum lang lang;
    int secret;
    const char *method, *calendar; /* both NULL, or both set */
    const char *list_unsubscribe;  /* NULL, or a URL (unsub_url_ok) */
};

/* 1 if url may stand in a List-Unsubscribe header: https:// (http:// for
 * a development server's base_url, which mail programs ignore), at most
 * MAIL_UNSUBSCRIBE_MAX bytes of printable ASCII without spaces, brackets,
 * quotes or commas. */
static int unsub_url_ok(const char *url)
{
    size_t i, len = strlen(url);

    if (len > MAIL_UNSUBSCRIBE_MAX || (strncmp(url, "https://", 8) && strncmp(url, "http://", 7)))
        return 0;
    for (i = 0; i < len; i++)
        if ((unsigned char)url[i] <= 0x20 || (unsigned char)url[i] >= 0x7f ||
            strchr("<>\"',\\", url[i]))
            return 0;
    return 1;
}

static enum db_rc enqueue(struct db *db, const struct outgoing *o)
{
    long long user_id = o->user_id;
    const char *to = o->to, *subject = o->subject, *body = o->body;
    size_t subject_len, body_len, i;

    if (!to || !subject || !body || !mail_addr_ok(to, strlen(to))) {
        log_error("mail_enqueue: not a plain e-mail address");
        return DB_ERROR;
    }
    subject_len = strlen(subject);
    body_len = strlen(body);
    if (subject_len > MAIL_SUBJECT_MAX || !utf8_valid(subject, subject_len) ||
        body_len > MAIL_BODY_MAX || !utf8_valid_text(body, body_len)) {
        log_error("mail_enqueue: subject or body too long or not UTF-8 text");
        return DB_ERROR;
    }
    for (i = 0; i < subject_len; i++)
        if ((unsigned char)subject[i] < 0x20 || subject[i] == 0x7f) {
            log_error("mail_enqueue: a control character in the subject");
            return DB_ERROR;
        }
    if (o->calendar &&
        (!o->method || (strcmp(o->method, "REQUEST") && strcmp(o->method, "CANCEL")) ||
         strlen(o->calendar) > MAIL_BODY_MAX ||
         !utf8_valid_text(o->calendar, strlen(o->calendar)))) {
        log_error("mail_enqueue: a calendar that is not REQUEST or CANCEL, or not UTF-8 text");
        return DB_ERROR;
    }
    if (o->list_unsubscribe && !unsub_url_ok(o->list_unsubscribe)) {
        log_error("mail_enqueue: a List-Unsubscribe address that is not a plain https URL");
        return DB_ERROR;
    }
    return db_exec(db, sql[SQL_MAIL_INSERT], "nlssssisss",
                   user_id ? (const long long *)&user_id : NULL, to, lang_code(o->lang), subject,
                   body, o->secret, o->calendar, o->calendar ? o->method : NULL,
                   o->list_unsubscribe);
}

enum db_rc mail_enqueue(struct db *db, long long user_id, const char *to, enum lang lang,
                        const char *subject, const char *body)
{
    const struct outgoing o = { user_id, to, subject, body, lang, 0, NULL, NULL, NULL };

    return enqueue(db, &o);
}

enum db_rc mail_enqueue_list(struct db *db, long long user_id, const char *to, enum lang lang,
                             const char *subject, const char *body, const char *unsubscribe)
{
    const struct outgoing o = { user_id, to, subject, body, lang, 0, NULL, NULL, unsubscribe };

    return enqueue(db, &o);
}

enum db_rc mail_enqueue_secret(struct db *db, long long user_id, const char *to, enum lang lang,
                               const char *subject, const char *body)
{
    const struct outgoing o = { user_id, to, subject, body, lang, 1, NULL, NULL, NULL };

    return enqueue(db, &o);
}

enum db_rc mail_enqueue_calendar(struct db *db, long long user_id, const char *to, enum lang lang,
                                 const char *subject, const char *body, const char *method,
                                 const char *calendar)
{
    const struct outgoing o = { user_id, to, subject, body, lang, 0, method, calendar, NULL };

    return enqueue(db, &o);
}

/* --- the worker ------------------------------------------------------ */

#define WORKER_BATCH      20
#define WORKER_PERIOD_MS  500
#define WORKER_BACKOFF_MS (60 * 1000)

static pthread_mutex_t worker_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t worker_wake = PTHREAD_COND_INITIALIZER;
static pthread_t worker_thread;
static const mail_task_fn *worker_tasks; /* set before the thread starts */
static int worker_running;
static int worker_stopping;

static void deadline_in(struct timespec *t, long ms)
{
    clock_gettime(CLOCK_REALTIME, t);
    t->tv_sec += ms / 1000;
    t->tv_nsec += (ms % 1000) * 1000000L;
    if (t->tv_nsec >= 1000000000L) {
        t->tv_sec++;
        t->tv_nsec -= 1000000000L;
    }
}

static void *worker_main(void *p)
{
    const struct app *app = p;
    struct db *db = db_new(&app->dbp);
    struct timespec until;
    long wait_ms = WORKER_PERIOD_MS;
    int failures, stop;
    size_t i;

    for (;;) {
        pthread_mutex_lock(&worker_lock);
        stop = worker_stopping;
        pthread_mutex_unlock(&worker_lock);
        if (stop)
            break;

        for (i = 0; worker_tasks && worker_tasks[i]; i++)
            worker_tasks[i](app, db);
        /* after a failed delivery wait longer (0.5 s doubling to a minute),
         * so a mail server that is down is not hammered twice a second */
        if (mail_deliver_pending_counted(db, app->cfg, WORKER_BATCH, &failures) < 0 || failures)
            wait_ms = wait_ms * 2 > WORKER_BACKOFF_MS ? WORKER_BACKOFF_MS : wait_ms * 2;
        else
            wait_ms = WORKER_PERIOD_MS;

        deadline_in(&until, wait_ms);
        pthread_mutex_lock(&worker_lock);
        while (!worker_stopping)
            if (pthread_cond_timedwait(&worker_wake, &worker_lock, &until) == ETIMEDOUT)
                break;
        pthread_mutex_unlock(&worker_lock);
    }
    db_free(db);
    db_thread_end();
    return NULL;
}

int mail_worker_start(const struct app *app)
{
    return mail_worker_start_with(app, NULL);
}

int mail_worker_start_with(const struct app *app, const mail_task_fn *tasks)
{
    int err;

    pthread_mutex_lock(&worker_lock);
    if (worker_running) {
        pthread_mutex_unlock(&worker_lock);
        return log_error("the mail worker is already running");
    }
    worker_stopping = 0;
    worker_tasks = tasks;
    /* the thread only reads app, which outlives it */
    err = pthread_create(&worker_thread, NULL, worker_main, (void *)(uintptr_t)app);
    if (!err)
        worker_running = 1;
    pthread_mutex_unlock(&worker_lock);
    if (err)
        return log_error("cannot start the mail worker: %s", strerror(err));
    return 0;
}

void mail_worker_stop(void)
{
    pthread_mutex_lock(&worker_lock);
    if (!worker_running) {
        pthread_mutex_unlock(&worker_lock);
        return;
    }
    worker_stopping = 1;
    pthread_cond_signal(&worker_wake);
    pthread_mutex_unlock(&worker_lock);
    pthread_join(worker_thread, NULL);
    pthread_mutex_lock(&worker_lock);
    worker_running = 0;
    pthread_mutex_unlock(&worker_lock);
}
