/*
 * deliver: from the outbox to files or SMTP. One message at a time, each in
 * its own transaction that claims the row (FOR UPDATE SKIP LOCKED), so two
 * servers sharing the database never deliver the same message twice at once.
 * Delivery is at least once: if the database is lost after a message went
 * out but before sent_at was written, it goes out again later.
 */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "mail/mail.h"
#include "mail/mail_impl.h"

enum deliver_sql {
    SQL_DELIVER_CLAIM_SECRET,
    SQL_DELIVER_CLAIM,
    SQL_DELIVER_SENT,
    SQL_DELIVER_FAILED,
    SQL_DELIVER__MAX,
};

#define MAX_ATTEMPTS   10
#define LINE_MAX_BYTES 998 /* RFC 5322 2.1.1 */
#define WORD_BYTES     36  /* UTF-8 bytes per encoded-word: 48 base64 + 12 = 60 */
#define QP_COLS        75

static const char *const sql[SQL_DELIVER__MAX] = {
    /* a one-time link (reset, verification, unlock, sign-off) first: it is
     * waited for on a page, and must never queue behind forum mail */
    [SQL_DELIVER_CLAIM_SECRET] = "SELECT id, to_addr, lang, subject, body_text, calendar, "
                                 "calendar_method, list_unsubscribe FROM outbox "
                                 "WHERE sent_at IS NULL AND attempts < 10 AND id > ? "
                                 "AND secret = 1 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
    [SQL_DELIVER_CLAIM] = "SELECT id, to_addr, lang, subject, body_text, calendar, "
                          "calendar_method, list_unsubscribe FROM outbox "
                          "WHERE sent_at IS NULL AND attempts < 10 AND id > ? AND secret = 0 "
                          "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
    /* a secret (a reset or unlock link) lives on only in the recipient's mailbox */
    [SQL_DELIVER_SENT] = "UPDATE outbox SET sent_at = UTC_TIMESTAMP(), last_error = NULL, "
                         "body_text = IF(secret, '', body_text) WHERE id = ?",
    [SQL_DELIVER_FAILED] = "UPDATE outbox SET attempts = attempts + 1, last_error = ? "
                           "WHERE id = ?",
};

_Static_assert(MAX_ATTEMPTS == 10, "SQL_DELIVER_CLAIM says attempts < 10");

/* --- formatting ------------------------------------------------------ */

static int is_atext_or_space(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr(" !#$%&'*+-/=?^_`{|}~", c));
}

int mail_parse_from(struct arena *a, const char *from, const char **name, const char **addr)
{
    const char *lt = strchr(from, '<'), *gt;
    const char *s, *e, *p;

    *name = "";
    *addr = NULL;
    if (!lt) {
        if (!mail_addr_ok(from, strlen(from)))
            return -1;
        *addr = arena_strdup(a, from);
        return 0;
    }
    gt = strchr(lt, '>');
    if (!gt || gt[1] || !mail_addr_ok(lt + 1, (size_t)(gt - lt - 1)))
        return -1;
    for (s = from; s < lt && *s == ' '; s++)
        ;
    for (e = lt; e > s && e[-1] == ' '; e--)
        ;
    for (p = s; p < e; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return -1;
    if (!utf8_valid(s, (size_t)(e - s)))
        return -1;
    *name = arena_strndup(a, s, (size_t)(e - s));
    *addr = arena_strndup(a, lt + 1, (size_t)(gt - lt - 1));
    return 0;
}

static int needs_encoding(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return 1;
    return 0;
}

void mail_add_encoded(struct sbuf *b, const char *s)
{
    size_t len = strlen(s), i = 0, n, chunk;
    char b64[sodium_base64_ENCODED_LEN(WORD_BYTES, sodium_base64_VARIANT_ORIGINAL)];

    if (!needs_encoding(s) && !strstr(s, "=?")) {
        sbuf_adds(b, s);
        return;
    }
    while (i < len) {
        /* whole characters only, at most WORD_BYTES bytes */
        for (chunk = 0; i + chunk < len; chunk += n) {
            n = utf8_seq_len(s + i + chunk, len - i - chunk);
            if (n == 0)
                n = 1;
            if (chunk + n > WORD_BYTES)
                break;
        }
        sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)s + i, chunk,
                          sodium_base64_VARIANT_ORIGINAL);
        if (i)
            sbuf_adds(b, "\r\n ");
        sbuf_addf(b, "=?UTF-8?B?%s?=", b64);
        i += chunk;
    }
}

static void add_from(struct sbuf *b, const char *name, const char *addr)
{
    const char *p;
    int plain = 1, printable = 1;

    if (!*name) {
        sbuf_adds(b, addr);
        return;
    }
    for (p = name; *p; p++) {
        if (!is_atext_or_space((unsigned char)*p))
            plain = 0;
        if ((unsigned char)*p > 0x7e || *p == '"' || *p == '\\')
            printable = 0;
    }
    if (plain && !strstr(name, "=?"))
        sbuf_adds(b, name);
    else if (printable && !strstr(name, "=?"))
        sbuf_addf(b, "\"%s\"", name);
    else
        mail_add_encoded(b, name);
    sbuf_addf(b, " <%s>", addr);
}

static void add_date(struct sbuf *b, time_t now)
{
    static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    struct tm tm;

    gmtime_r(&now, &tm);
    sbuf_addf(b, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
              months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The body's lines without their ends, for both encodings. */
static int next_line(const char **s, const char **line, size_t *len)
{
    const char *p = *s, *nl;

    if (!*p)
        return 0;
    nl = strchr(p, '\n');
    *line = p;
    *len = nl ? (size_t)(nl - p) : strlen(p);
    *s = nl ? nl + 1 : p + *len;
    if (*len && p[*len - 1] == '\r')
        (*len)--;
    return 1;
}

static int body_needs_qp(const char *body)
{
    const char *line;
    size_t len;

    while (next_line(&body, &line, &len))
        if (len > LINE_MAX_BYTES)
            return 1;
    return 0;
}

static void add_body_8bit(struct sbuf *b, const char *body)
{
    const char *line;
    size_t len, i;

    while (next_line(&body, &line, &len)) {
        for (i = 0; i < len; i++)
            if (line[i] != '\r') /* a lone CR would end the line for some readers */
                sbuf_addc(b, line[i]);
        sbuf_adds(b, "\r\n");
    }
}

static void add_body_qp(struct sbuf *b, const char *body)
{
    const char *line;
    size_t len, i, col;

    while (next_line(&body, &line, &len)) {
        col = 0;
        for (i = 0; i < len; i++) {
            unsigned char c = (unsigned char)line[i];
            int last = i + 1 == len;
            int literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
            size_t w = literal ? 1 : 3;

            if (c == '\r')
                continue;
            if (col + w > QP_COLS) {
                sbuf_adds(b, "=\r\n");
                col = 0;
            }
            if (literal)
                sbuf_addc(b, (char)c);
            else
                sbuf_addf(b, "=%02X", c);
            col += w;
        }
        sbuf_adds(b, "\r\n");
    }
}

/* The body as one part: 8bit, or quoted-printable for an over-long line. */
static void add_part(struct sbuf *b, const char *body)
{
    if (body_needs_qp(body))
        add_body_qp(b, body);
    else
        add_body_8bit(b, body);
}

/* A boundary that occurs in neither part (RFC 2046 5.1.1). */
static const char *boundary_for(struct arena *a, const struct mail_msg *m, const char *hex)
{
    const char *bd = arena_printf(a, "=_dysgu_%lld_%s", m->id, hex);

    while (strstr(m->body, bd) || strstr(m->calendar, bd))
        bd = arena_printf(a, "%s_", bd);
    return bd;
}

char *mail_format(struct arena *a, const char *from, const struct mail_msg *m, time_t now,
                  size_t *len)
{
    const char *name, *addr, *domain, *bd = NULL;
    unsigned char rnd[8];
    char hex[17];
    struct sbuf b;
    int qp;

    *len = 0;
    if (mail_parse_from(a, from, &name, &addr))
        return NULL;
    domain = strchr(addr, '@') + 1;
    randombytes_buf(rnd, sizeof(rnd));
    sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
    qp = body_needs_qp(m->body);
    if (m->calendar)
        bd = boundary_for(a, m, hex);

    sbuf_init(&b, a, 8 * (size_t)MAIL_BODY_MAX);
    sbuf_adds(&b, "From: ");
    add_from(&b, name, addr);
    sbuf_addf(&b, "\r\nTo: %s\r\nSubject: ", m->to);
    mail_add_encoded(&b, m->subject);
    sbuf_adds(&b, "\r\nDate: ");
    add_date(&b, now);
    sbuf_addf(&b, "\r\nMessage-ID: <%lld.%s@%s>\r\n", m->id, hex, domain);
    sbuf_adds(&b, "MIME-Version: 1.0\r\n");
    if (bd)
        sbuf_addf(&b, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n", bd);
    else
        sbuf_addf(&b,
                  "Content-Type: text/plain; charset=utf-8\r\n"
                  "Content-Transfer-Encoding: %s\r\n",
                  qp ? "quoted-printable" : "8bit");
    sbuf_addf(&b, "Content-Language: %s\r\n", !strcmp(m->lang, "en") ? "en" : "cy");
    if (m->list_unsubscribe) /* checked when queued: an https URL, no spaces or brackets */
        sbuf_addf(&b,
                  "List-Unsubscribe: <%s>\r\n"
                  "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
                  m->list_unsubscribe);
    sbuf_adds(&b, "Auto-Submitted: auto-generated\r\n\r\n");
    if (bd) {
        /* the text first, the calendar last: the part readers prefer */
        sbuf_addf(&b,
                  "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
                  "Content-Transfer-Encoding: %s\r\n\r\n",
                  bd, qp ? "quoted-printable" : "8bit");
        add_part(&b, m->body);
        sbuf_addf(&b,
                  "--%s\r\nContent-Type: text/calendar; charset=utf-8; method=%s\r\n"
                  "Content-Transfer-Encoding: %s\r\n\r\n",
                  bd, m->calendar_method, body_needs_qp(m->calendar) ? "quoted-printable" : "8bit");
        add_part(&b, m->calendar);
        sbuf_addf(&b, "--%s--\r\n", bd);
    } else
        add_part(&b, m->body);
    if (sbuf_failed(&b))
        return NULL;
    *len = b.len;
    return b.buf;
}

/* --- files ----------------------------------------------------------- */

static int mkdir_p(const char *dir)
{
    char path[4096];
    size_t i, len = strlen(dir);

    if (!len || len >= sizeof(path))
        return -1;
    memcpy(path, dir, len + 1);
    for (i = 1; i <= len; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        path[i] = '\0';
        if (mkdir(path, 0700) && errno != EEXIST)
            return -1;
        path[i] = i == len ? '\0' : '/';
    }
    return 0;
}

static int write_all(int fd, const char *p, size_t len)
{
    while (len) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Write msg as dir/<id>.eml through a hidden temporary file and rename(). */
static int write_eml(const char *dir, long long id, const char *msg, size_t len, char *err,
                     size_t errlen)
{
    char tmp[4096], path[4096];
    int fd = -1, ret = -1, n1, n2;

    n1 = snprintf(path, sizeof(path), "%s/%lld.eml", dir, id);
    n2 = snprintf(tmp, sizeof(tmp), "%s/.tmp-%lld-%ld-%08x", dir, id, (long)getpid(),
                  (unsigned)randombytes_random());
    if (n1 < 0 || n2 < 0 || (size_t)n1 >= sizeof(path) || (size_t)n2 >= sizeof(tmp)) {
        snprintf(err, errlen, "the mail folder's name is too long");
        return -1;
    }
    if (mkdir_p(dir)) {
        snprintf(err, errlen, "cannot create the mail folder: %s", strerror(errno));
        return -1;
    }
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a file in the mail folder: %s", strerror(errno));
        goto out;
    }
    if (write_all(fd, msg, len)) {
        snprintf(err, errlen, "cannot write %lld.eml: %s", id, strerror(errno));
        goto out;
    }
    n1 = close(fd);
    fd = -1;
    if (n1) {
        snprintf(err, errlen, "cannot write %lld.eml: %s", id, strerror(errno));
        goto out;
    }
    if (rename(tmp, path)) {
        snprintf(err, errlen, "cannot rename to %lld.eml: %s", id, strerror(errno));
        goto out;
    }
    ret = 0;
out:
    if (fd >= 0)
        close(fd);
    if (ret)
        unlink(tmp);
    return ret;
}

/* --- SMTP ------------------------------------------------------------ */

struct upload {
    const char *data;
    size_t len;
    size_t pos;
};

static size_t upload_read(char *buf, size_t size, size_t nitems, void *p)
{
    struct upload *u = p;
    size_t n = size * nitems;

    if (n > u->len - u->pos)
        n = u->len - u->pos;
    memcpy(buf, u->data + u->pos, n);
    u->pos += n;
    return n;
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_FAILED_INIT;

static void curl_init(void)
{
    curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* 1 if the url's host is this machine: plain SMTP without TLS is then allowed. */
static int url_is_local(const char *url)
{
    const char *h = strstr(url, "://"), *end, *at;
    size_t n;

    if (!h)
        return 0;
    h += 3;
    end = h + strcspn(h, "/?#");
    at = memchr(h, '@', (size_t)(end - h));
    if (at)
        h = at + 1;
    n = (size_t)(end - h);
    if (n >= 9 && !strncmp(h, "localhost", 9) && (n == 9 || h[9] == ':'))
        return 1;
    if (n >= 9 && !strncmp(h, "127.0.0.1", 9) && (n == 9 || h[9] == ':'))
        return 1;
    return n >= 5 && !strncmp(h, "[::1]", 5);
}

static int smtp_send(const struct config *cfg, const char *from_addr, const char *to,
                     const char *msg, size_t len, char *err, size_t errlen)
{
    char ebuf[CURL_ERROR_SIZE], angle_from[MAIL_TO_MAX + 3], angle_to[MAIL_TO_MAX + 3];
    struct upload u = { msg, len, 0 };
    struct curl_slist *rcpt = NULL;
    CURL *c = NULL;
    CURLcode rc;
    int ret = -1;

    pthread_once(&curl_once, curl_init);
    if (curl_init_rc != CURLE_OK) {
        snprintf(err, errlen, "cannot initialise libcurl");
        return -1;
    }
    c = curl_easy_init();
    if (!c) {
        snprintf(err, errlen, "cannot initialise libcurl");
        goto out;
    }
    snprintf(angle_from, sizeof(angle_from), "<%s>", from_addr);
    snprintf(angle_to, sizeof(angle_to), "<%s>", to);
    rcpt = curl_slist_append(NULL, angle_to);
    if (!rcpt) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    ebuf[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     (long)(url_is_local(cfg->smtp_url) ? CURLUSESSL_TRY : CURLUSESSL_ALL));
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, angle_from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, upload_read);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
    rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
        /* never the url: it may hold the SMTP password */
        snprintf(err, errlen, "smtp: %s%s%s", curl_easy_strerror(rc), ebuf[0] ? ": " : "", ebuf);
        goto out;
    }
    ret = 0;
out:
    curl_slist_free_all(rcpt);
    if (c)
        curl_easy_cleanup(c);
    return ret;
}

/* --- the loop -------------------------------------------------------- */

/* Make err storable in last_error (utf8mb4, strict mode): invalid or cut
 * UTF-8 sequences and control characters become '?'. */
static void clean_error(char *err)
{
    size_t len = strlen(err), i = 0, n;

    while (i < len) {
        n = utf8_seq_len(err + i, len - i);
        if (n == 0 || (n == 1 && ((unsigned char)err[i] < 0x20 || err[i] == 0x7f))) {
            err[i++] = '?';
            continue;
        }
        i += n;
    }
}

static int deliver_one(const struct config *cfg, struct arena *a, const struct mail_msg *m,
                       char *err, size_t errlen)
{
    const char *name, *from_addr;
    size_t len;
    char *msg;

    if (mail_parse_from(a, cfg->mail_from, &name, &from_addr)) {
        snprintf(err, errlen, "setting 'mail_from' is not \"Name <address>\" or an address");
        return -1;
    }
    msg = mail_format(a, cfg->mail_from, m, time(NULL), &len);
    if (!msg) {
        snprintf(err, errlen, "cannot format the message");
        return -1;
    }
    if (!cfg->smtp_url || !*cfg->smtp_url)
        return write_eml(cfg->mail_dir, m->id, msg, len, err, errlen);
    return smtp_send(cfg, from_addr, m->to, msg, len, err, errlen);
}

int mail_deliver_pending_counted(struct db *db, const struct config *cfg, int n, int *failures)
{
    struct arena a;
    struct db_stmt *st = NULL;
    struct mail_msg m;
    long long after = 0;
    char *to, *lang, *subject, *body, *calendar, *method, *unsub, err[256];
    int delivered = 0, ret = -1, i, secret_pass = 1;
    enum db_rc rc;

    *failures = 0;
    arena_init(&a, 0);
    for (i = 0; i < n; i++) {
        rc = db_begin(db);
        if (rc != DB_OK)
            goto out;
        rc = db_query(db, &st, sql[secret_pass ? SQL_DELIVER_CLAIM_SECRET : SQL_DELIVER_CLAIM], "l",
                      after);
        if (rc == DB_OK) {
            rc = db_row_next(st, &a, "lsssssss", &m.id, &to, &lang, &subject, &body, &calendar,
                             &method, &unsub);
            db_done(st);
        }
        if (rc == DB_NOT_FOUND) {
            db_rollback(db);
            if (!secret_pass)
                break;
            secret_pass = 0; /* then the rest, from the start */
            after = 0;
            i--;
            continue;
        }
        if (rc != DB_OK)
            goto out;
        after = m.id;
        m.to = to;
        m.lang = lang;
        m.subject = subject;
        m.body = body;
        m.calendar = calendar;
        m.calendar_method = calendar ? method : NULL;
        m.list_unsubscribe = unsub;
        err[0] = '\0';
        if (deliver_one(cfg, &a, &m, err, sizeof(err)) == 0) {
            rc = db_exec(db, sql[SQL_DELIVER_SENT], "l", m.id);
            if (rc == DB_OK)
                delivered++;
        } else {
            clean_error(err);
            log_warn("cannot deliver mail %lld: %s", m.id, err);
            (*failures)++;
            rc = db_exec(db, sql[SQL_DELIVER_FAILED], "sl", err, m.id);
        }
        if (rc != DB_OK)
            goto out;
        rc = db_commit(db);
        if (rc != DB_OK)
            goto out;
        arena_reset(&a);
    }
    ret = 0;
out:
    if (ret)
        db_rollback(db);
    arena_release(&a);
    /* a database failure after some messages went out still reports them */
    return ret && !delivered ? -1 : delivered;
}

int mail_deliver_pending(struct db *db, const struct config *cfg, int n)
{
    int failures;

    return mail_deliver_pending_counted(db, cfg, n, &failures);
}
