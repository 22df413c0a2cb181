#include "view/csv.h"

#include <assert.h>
#include <string.h>

#include "core/arena.h"
#include "core/sbuf.h"

void csv_init(struct csv *c, struct sbuf *out)
{
    assert(out);
    c->out = out;
    c->col = 0;
    sbuf_adds(out, "\xEF\xBB\xBF");
}

static void separator(struct csv *c)
{
    if (c->col++)
        sbuf_addc(c->out, ',');
}

void csv_field(struct csv *c, const char *s)
{
    const char *p;

    separator(c);
    if (!s || !*s)
        return;
    /* a spreadsheet would evaluate these as a formula */
    if (strchr("=+-@\t\r", *s)) {
        sbuf_addc(c->out, '"');
        sbuf_addc(c->out, '\'');
    } else if (!strpbrk(s, ",\"\r\n")) {
        sbuf_adds(c->out, s);
        return;
    } else {
        sbuf_addc(c->out, '"');
    }
    for (p = s; *p; p++) {
        if (*p == '"')
            sbuf_addc(c->out, '"');
        sbuf_addc(c->out, *p);
    }
    sbuf_addc(c->out, '"');
}

void csv_int(struct csv *c, long long n)
{
    separator(c);
    sbuf_addf(c->out, "%lld", n);
}

void csv_end_row(struct csv *c)
{
    sbuf_adds(c->out, "\r\n");
    c->col = 0;
}

const char *csv_disposition(struct arena *a, const char *filename)
{
    size_t len = strlen(filename), i;
    char *safe = arena_alloc(a, len + 1);

    for (i = 0; i < len; i++) {
        char ch = filename[i];
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                 ch == '-' || ch == '_' || ch == '.';

        safe[i] = ok ? ch : '-';
    }
    safe[len] = '\0';
    return arena_printf(a, "attachment; filename=\"%s\"", safe);
}
