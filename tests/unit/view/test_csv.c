#include <string.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "testing.h"
#include "view/csv.h"

/* One row of fields through csv_field, as a string without the BOM. */
static char *row(struct sbuf *b, const char *const *fields, size_t n)
{
    struct csv c;
    size_t i;

    sbuf_init(b, NULL, 4096);
    csv_init(&c, b);
    for (i = 0; i < n; i++)
        csv_field(&c, fields[i]);
    csv_end_row(&c);
    return b->buf + 3;
}

static void csv__bom_then_crlf_rows(void)
{
    struct sbuf b;
    struct csv c;

    sbuf_init(&b, NULL, 4096);
    csv_init(&c, &b);
    csv_field(&c, "name");
    csv_int(&c, 42);
    csv_end_row(&c);
    csv_field(&c, "next");
    csv_end_row(&c);
    CU_ASSERT_STRING_EQUAL(b.buf, "\xEF\xBB\xBFname,42\r\nnext\r\n");
    sbuf_release(&b);
}

static void csv__quotes_what_needs_quoting(void)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        { "plain", "plain\r\n" },
        { "Siân ap Gwŷn", "Siân ap Gwŷn\r\n" },
        { "Jones, Dafydd \"Dai\" ŵ", "\"Jones, Dafydd \"\"Dai\"\" ŵ\"\r\n" },
        { "two\nlines", "\"two\nlines\"\r\n" },
        { "cr\rhere", "\"cr\rhere\"\r\n" },
        { "", "\r\n" },
        { NULL, "\r\n" },
        /* formulas are defused (OWASP CSV injection) */
        { "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"\r\n" },
        { "+1", "\"'+1\"\r\n" },
        { "-1", "\"'-1\"\r\n" },
        { "@SUM(A1)", "\"'@SUM(A1)\"\r\n" },
        { "\tx", "\"'\tx\"\r\n" },
    };
    struct sbuf b;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *f[] = { cases[i].in };

        CU_ASSERT_STRING_EQUAL(row(&b, f, 1), cases[i].want);
        sbuf_release(&b);
    }
}

static void csv__separators_between_fields_only(void)
{
    const char *f[] = { "a", NULL, "c,d" };
    struct sbuf b;

    CU_ASSERT_STRING_EQUAL(row(&b, f, 3), "a,,\"c,d\"\r\n");
    sbuf_release(&b);
}

static void csv__negative_numbers_stay_numbers(void)
{
    struct sbuf b;
    struct csv c;

    sbuf_init(&b, NULL, 64);
    csv_init(&c, &b);
    csv_int(&c, -3);
    csv_int(&c, 0);
    CU_ASSERT_STRING_EQUAL(b.buf + 3, "-3,0");
    sbuf_release(&b);
}

static void csv__disposition_keeps_safe_names(void)
{
    struct arena a;

    arena_init(&a, 0);
    CU_ASSERT_STRING_EQUAL(csv_disposition(&a, "cohort-12_progress.csv"),
                           "attachment; filename=\"cohort-12_progress.csv\"");
    CU_ASSERT_STRING_EQUAL(csv_disposition(&a, "a\"b\r\nc ŵ.csv"),
                           "attachment; filename=\"a-b--c---.csv\"");
    arena_release(&a);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "csv__bom_then_crlf_rows", csv__bom_then_crlf_rows },
        { "csv__quotes_what_needs_quoting", csv__quotes_what_needs_quoting },
        { "csv__separators_between_fields_only", csv__separators_between_fields_only },
        { "csv__negative_numbers_stay_numbers", csv__negative_numbers_stay_numbers },
        { "csv__disposition_keeps_safe_names", csv__disposition_keeps_safe_names },
        { NULL, NULL },
    };

    test_add_suite("csv", cases);
}
