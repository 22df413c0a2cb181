/*
 * fuzz_ics: the webinars' calendars (webinars/ics.c, libical) and the
 * e-mail that carries one (mail/deliver.c mail_format). Any bytes are parsed
 * as a calendar (webinar_ics_parse, webinar_ics_count: never a crash); as
 * UTF-8 text they become a webinar's title, summary and the person's name,
 * and the invitation built from them must read back with its method, UID
 * and SEQUENCE, and its e-mail must have exactly one boundary that occurs in
 * neither part (three boundary lines: two parts and the end).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "mail/mail_impl.h"
#include "webinars/webinars.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;

    while ((s = strstr(s, needle))) {
        n++;
        s += strlen(needle);
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct webinar_ics_read back;
    char *text = malloc(size + 1);
    const char *cal, *type;
    size_t len;

    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    arena_init(&a, 0);
    (void)webinar_ics_parse(text, &back);
    (void)webinar_ics_count(text);
    if (size && strlen(text) == size && utf8_valid_text(text, size)) {
        const struct webinar w = { .id = 7,
                                   .slug = "gweminar",
                                   .title = { text, text },
                                   .summary = { text, text },
                                   .starts_at = 1801562400,
                                   .duration_min = 60 };
        const struct webinar_ics c = { "https://dysgu.example", LANG_CY, 1800000000, NULL };
        const struct webinar_invitee who = { "Dysgu", "dysgu@dysgu.example", text,
                                             "sian@dysgu.example" };
        struct mail_msg m = { 1,   "sian@dysgu.example", "cy", "Gwahoddiad", text, "REQUEST", NULL,
                              NULL };
        char *msg;

        cal = webinar_ics_invite(&a, &c, &w, &who, 3, 0);
        if (!cal || webinar_ics_parse(cal, &back) || strcmp(back.method, "REQUEST") ||
            strcmp(back.uid, "webinar-7@dysgu.example") || back.sequence != 3)
            abort();
        m.calendar = cal;
        msg = mail_format(&a, "Dysgu <dysgu@dysgu.example>", &m, 0, &len);
        type = msg ? strstr(msg, "boundary=\"") : NULL;
        if (!type)
            abort();
        type = arena_printf(&a, "--%s", arena_strndup(&a, type + 10, strcspn(type + 10, "\"")));
        if (count(msg, type) != 3)
            abort();
    }
    arena_release(&a);
    free(text);
    return 0;
}
