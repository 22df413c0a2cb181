/*
 * mail/deliver.c formatting: addresses that cannot inject headers, the From
 * setting, RFC 2047 subjects that decode back to the text, CRLF bodies, and
 * quoted-printable only for over-long lines.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "mail/mail.h"
#include "mail/mail_impl.h"
#include "testing.h"
#include "webinars/webinars.h"

static struct arena mem;

static int suite_init(void)
{
    arena_init(&mem, 0);
    return sodium_init() < 0;
}

static int suite_clean(void)
{
    arena_release(&mem);
    return 0;
}

struct addr_case {
    const char *s;
    int ok;
};

static const struct addr_case addr_cases[] = {
    { "learner@dysgu.example", 1 },
    { "a.b+tag@sub.example.cymru", 1 },
    { "", 0 },
    { "no-at-sign", 0 },
    { "@example.com", 0 },
    { "a@", 0 },
    { "a@b@c", 0 },
    { "a b@example.com", 0 },
    { "a@example.com\r\nBcc: victim@example.com", 0 },
    { "a@example.com\nBcc: victim@example.com", 0 },
    { "a@example.com,b@example.com", 0 },
    { "a@example.com;b@example.com", 0 },
    { "<a@example.com>", 0 },
    { "\"a\"@example.com", 0 },
    { "d\xc5\xb5r@example.com", 0 }, /* not ASCII: SMTPUTF8 is not assumed */
};

static void addr__table(void)
{
    size_t i;

    for (i = 0; i < sizeof(addr_cases) / sizeof(addr_cases[0]); i++)
        CU_ASSERT_EQUAL(mail_addr_ok(addr_cases[i].s, strlen(addr_cases[i].s)), addr_cases[i].ok);
}

static void from__parse(void)
{
    const char *name, *addr;

    CU_ASSERT_EQUAL_FATAL(mail_parse_from(&mem, "Dysgu <dysgu@localhost>", &name, &addr), 0);
    CU_ASSERT_STRING_EQUAL(name, "Dysgu");
    CU_ASSERT_STRING_EQUAL(addr, "dysgu@localhost");
    CU_ASSERT_EQUAL_FATAL(mail_parse_from(&mem, "noreply@dysgu.example", &name, &addr), 0);
    CU_ASSERT_STRING_EQUAL(name, "");
    CU_ASSERT_STRING_EQUAL(addr, "noreply@dysgu.example");
    CU_ASSERT_EQUAL(mail_parse_from(&mem, "Dysgu <dysgu@localhost", &name, &addr), -1);
    CU_ASSERT_EQUAL(mail_parse_from(&mem, "Dysgu <dysgu@localhost> x", &name, &addr), -1);
    CU_ASSERT_EQUAL(mail_parse_from(&mem, "Dysgu\r\nBcc: x <dysgu@localhost>", &name, &addr), -1);
    CU_ASSERT_EQUAL(mail_parse_from(&mem, "Dysgu <a@b, c@d>", &name, &addr), -1);
}

/* Decode every "=?UTF-8?B?...?=" word of a header value and join them. */
static char *decode_words(const char *v)
{
    struct sbuf b;
    const char *p = v, *end;
    unsigned char bin[256];
    size_t n;

    sbuf_init(&b, &mem, 4096);
    while ((p = strstr(p, "=?UTF-8?B?"))) {
        p += 10;
        end = strstr(p, "?=");
        if (!end || end - p > 75 - 12)
            return NULL;
        if (sodium_base642bin(bin, sizeof(bin), p, (size_t)(end - p), NULL, &n, NULL,
                              sodium_base64_VARIANT_ORIGINAL))
            return NULL;
        if (!utf8_valid((const char *)bin, n)) /* no word splits a character */
            return NULL;
        sbuf_add(&b, bin, n);
        p = end + 2;
    }
    return b.buf;
}

static void subject__encoded_words(void)
{
    static const char *const subjects[] = {
        "Ailosod eich cyfrinair \xe2\x80\x94 Dysgu",
        "\xc5\xb5\xc5\xb7\xc5\xb5\xc5\xb7\xc5\xb5\xc5\xb7\xc5\xb5\xc5\xb7\xc5\xb5\xc5\xb7\xc5\xb5"
        "\xc5\xb7\xc5\xb5\xc5\xb7\xc5\xb5\xc5\xb7\xc5\xb5\xc5\xb7\xc5\xb5\xc5\xb7\xc5\xb5\xc5\xb7"
        "\xc5\xb5\xc5\xb7 a long Welsh subject with many accents \xc3\xa2\xc3\xaa\xc3\xae\xc3\xb4",
        "plain but =?looks?= encoded",
    };
    size_t i;

    for (i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++) {
        struct sbuf b;
        char *back;

        sbuf_init(&b, &mem, 4096);
        mail_add_encoded(&b, subjects[i]);
        CU_ASSERT_EQUAL(strncmp(b.buf, "=?UTF-8?B?", 10), 0);
        back = decode_words(b.buf);
        CU_ASSERT_PTR_NOT_NULL_FATAL(back);
        CU_ASSERT_STRING_EQUAL(back, subjects[i]);
        CU_ASSERT_PTR_NULL(strchr(b.buf, '\n') ? strstr(b.buf, "\n=") : NULL); /* folded with SP */
    }
}

static void subject__ascii_unchanged(void)
{
    struct sbuf b;

    sbuf_init(&b, &mem, 4096);
    mail_add_encoded(&b, "Reset your password");
    CU_ASSERT_STRING_EQUAL(b.buf, "Reset your password");
}

static const char *header(const char *msg, const char *name)
{
    static char v[1024];
    size_t n = strlen(name);
    const char *p = msg, *end;

    while (p && *p && strncmp(p, "\r\n", 2)) {
        if (!strncmp(p, name, n) && p[n] == ':') {
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

static void format__message(void)
{
    struct mail_msg m = {
        .id = 42,
        .to = "learner@dysgu.example",
        .lang = "cy",
        .subject = "Croeso i Dysgu \xe2\x80\x94 d\xc5\xb5r",
        .body = "Helo Si\xc3\xa2n,\n\nDolen: https://dysgu.example/cy/reset?t=abc=def\n.\nHwyl\n",
    };
    size_t len;
    char *msg = mail_format(&mem, "Dysgu <dysgu@dysgu.example>", &m, 1700000000, &len);
    const char *body;

    CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
    CU_ASSERT_EQUAL(strlen(msg), len);
    CU_ASSERT_STRING_EQUAL(header(msg, "From"), "Dysgu <dysgu@dysgu.example>");
    CU_ASSERT_STRING_EQUAL(header(msg, "To"), "learner@dysgu.example");
    CU_ASSERT_STRING_EQUAL(header(msg, "Date"), "Tue, 14 Nov 2023 22:13:20 +0000");
    CU_ASSERT_STRING_EQUAL(header(msg, "MIME-Version"), "1.0");
    CU_ASSERT_STRING_EQUAL(header(msg, "Content-Type"), "text/plain; charset=utf-8");
    CU_ASSERT_STRING_EQUAL(header(msg, "Content-Transfer-Encoding"), "8bit");
    CU_ASSERT_STRING_EQUAL(header(msg, "Content-Language"), "cy");
    CU_ASSERT_STRING_EQUAL(decode_words(header(msg, "Subject")), m.subject);
    CU_ASSERT_PTR_NOT_NULL(header(msg, "Message-ID"));
    CU_ASSERT_EQUAL(strncmp(header(msg, "Message-ID"), "<42.", 4), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(header(msg, "Message-ID"), "@dysgu.example>"));
    body = strstr(msg, "\r\n\r\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    CU_ASSERT_STRING_EQUAL(body + 4, "Helo Si\xc3\xa2n,\r\n\r\nDolen: "
                                     "https://dysgu.example/cy/reset?t=abc=def\r\n.\r\nHwyl\r\n");
    /* every line ends in CRLF: no bare LF anywhere */
    for (body = msg; (body = strchr(body, '\n')); body++)
        CU_ASSERT_EQUAL(body[-1], '\r');
    m.lang = "en";
    msg = mail_format(&mem, "Dysgu <dysgu@dysgu.example>", &m, 1700000000, &len);
    CU_ASSERT_STRING_EQUAL(header(msg, "Content-Language"), "en");
    CU_ASSERT_PTR_NULL(mail_format(&mem, "not an address", &m, 1700000000, &len));
    CU_ASSERT_PTR_NULL(header(msg, "List-Unsubscribe"));
    /* a mail one may stop with one click (RFC 8058) */
    m.list_unsubscribe = "https://dysgu.example/en/notifications/unsubscribe/abc";
    msg = mail_format(&mem, "Dysgu <dysgu@dysgu.example>", &m, 1700000000, &len);
    CU_ASSERT_STRING_EQUAL(header(msg, "List-Unsubscribe"),
                           "<https://dysgu.example/en/notifications/unsubscribe/abc>");
    CU_ASSERT_STRING_EQUAL(header(msg, "List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
}

static void format__long_line_quoted_printable(void)
{
    char *body = malloc(2001), *msg;
    const char *p;
    struct mail_msg m = { 7, "a@b.example", "en", "Long", NULL, NULL, NULL, NULL };
    size_t len, i, col = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    for (i = 0; i < 1998; i += 2) {
        body[i] = '\xc5';
        body[i + 1] = '\xb5';
    }
    body[1998] = '=';
    body[1999] = ' ';
    body[2000] = '\0';
    m.body = body;
    msg = mail_format(&mem, "x@b.example", &m, 0, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
    CU_ASSERT_STRING_EQUAL(header(msg, "Content-Transfer-Encoding"), "quoted-printable");
    p = strstr(msg, "\r\n\r\n") + 4;
    CU_ASSERT_EQUAL(strncmp(p, "=C5=B5", 6), 0);
    for (; *p; p++) {
        if (*p == '\r') {
            col = 0;
            p++;
            continue;
        }
        col++;
        CU_ASSERT(col <= 76);
    }
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "=3D=20\r\n")); /* '=' and a trailing space */
    free(body);
}

/* The part between "--bd\r\n" number n (0-based) and the next boundary
 * line, in mem; NULL when there is none. */
static char *part(const char *msg, const char *bd, int n)
{
    const char *open = arena_printf(&mem, "--%s\r\n", bd), *p = msg, *end;

    while (p && n-- >= 0)
        if ((p = strstr(p, open)))
            p += strlen(open);
    end = p ? strstr(p, arena_printf(&mem, "\r\n--%s", bd)) : NULL;
    return end ? arena_strndup(&mem, p, (size_t)(end - p) + 2) : NULL;
}

/* A message with an invitation, parsed back: multipart/alternative, the
 * text part as before, the calendar part with its method, which libical
 * reads back to the same UID, SEQUENCE, ORGANIZER and ATTENDEE; the Welsh
 * subject intact through RFC 2047. */
static void format__calendar_part(void)
{
    const struct webinar w = {
        .id = 12,
        .slug = "gweminar",
        .title = { "Gweminar d\xc5\xb5r a th\xc5\xb7", "Water webinar" },
        .summary = { "Crynodeb", "Summary" },
        .starts_at = 1801562400,
        .duration_min = 60,
        .sequence = 2,
    };
    const struct webinar_ics c = { "https://dysgu.example", LANG_CY, 1800000000, NULL };
    const struct webinar_invitee who = { "Dysgu", "dysgu@dysgu.example", "Si\xc3\xa2n Ll\xc5\xb7r",
                                         "sian@dysgu.example" };
    struct mail_msg m = { 9,
                          "sian@dysgu.example",
                          "cy",
                          "Mae gennych le: d\xc5\xb5r a th\xc5\xb7",
                          "Helo,\n\nMae gennych le.\n",
                          "REQUEST",
                          NULL,
                          NULL };
    struct webinar_ics_read back;
    const char *type, *bd, *text, *cal;
    size_t len;
    char *msg;

    m.calendar = webinar_ics_invite(&mem, &c, &w, &who, 5, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m.calendar);
    msg = mail_format(&mem, "Dysgu <dysgu@dysgu.example>", &m, 1700000000, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
    CU_ASSERT_STRING_EQUAL(decode_words(header(msg, "Subject")), m.subject);
    type = header(msg, "Content-Type");
    CU_ASSERT_FATAL(type && !strncmp(type, "multipart/alternative; boundary=\"", 33));
    bd = arena_strndup(&mem, type + 33, strcspn(type + 33, "\""));
    CU_ASSERT_PTR_NULL(header(msg, "Content-Transfer-Encoding"));
    text = part(msg, bd, 0);
    cal = part(msg, bd, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cal);
    CU_ASSERT_PTR_NULL(part(msg, bd, 2));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, arena_printf(&mem, "\r\n--%s--\r\n", bd)));
    CU_ASSERT_STRING_EQUAL(header(text, "Content-Type"), "text/plain; charset=utf-8");
    CU_ASSERT_STRING_EQUAL(strstr(text, "\r\n\r\n") + 4, "Helo,\r\n\r\nMae gennych le.\r\n");
    CU_ASSERT_STRING_EQUAL(header(cal, "Content-Type"),
                           "text/calendar; charset=utf-8; method=REQUEST");
    CU_ASSERT_STRING_EQUAL(header(cal, "Content-Transfer-Encoding"), "8bit");
    CU_ASSERT_FATAL(webinar_ics_parse(strstr(cal, "\r\n\r\n") + 4, &back) == 0);
    CU_ASSERT_STRING_EQUAL(back.method, "REQUEST");
    CU_ASSERT_STRING_EQUAL(back.uid, "webinar-12@dysgu.example");
    CU_ASSERT_EQUAL(back.sequence, 5);
    CU_ASSERT_STRING_EQUAL(back.status, "CONFIRMED");
    CU_ASSERT_STRING_EQUAL(back.organizer, "mailto:dysgu@dysgu.example");
    CU_ASSERT_STRING_EQUAL(back.attendee, "mailto:sian@dysgu.example");
    CU_ASSERT_EQUAL(back.starts_at, w.starts_at);
    CU_ASSERT_PTR_NOT_NULL(strstr(cal, "SUMMARY:Gweminar d\xc5\xb5r a th\xc5\xb7"));
    CU_ASSERT_PTR_NOT_NULL(strstr(cal, "CN=Si\xc3\xa2n Ll\xc5\xb7r"));
    /* the cancellation: same UID, METHOD:CANCEL, STATUS:CANCELLED */
    CU_ASSERT_FATAL(webinar_ics_parse(webinar_ics_invite(&mem, &c, &w, &who, 6, 1), &back) == 0);
    CU_ASSERT_STRING_EQUAL(back.method, "CANCEL");
    CU_ASSERT_STRING_EQUAL(back.uid, "webinar-12@dysgu.example");
    CU_ASSERT_EQUAL(back.sequence, 6);
    CU_ASSERT_STRING_EQUAL(back.status, "CANCELLED");
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "addr__table", addr__table },
        { "from__parse", from__parse },
        { "subject__encoded_words", subject__encoded_words },
        { "subject__ascii_unchanged", subject__ascii_unchanged },
        { "format__message", format__message },
        { "format__long_line_quoted_printable", format__long_line_quoted_printable },
        { "format__calendar_part", format__calendar_part },
        { NULL, NULL },
    };

    test_add_suite_with("mail_format", cases, suite_init, suite_clean);
}
