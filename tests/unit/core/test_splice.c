/* core/splice: the offsets of a page's personal parts, checked and joined
 * (issue 22: the cached body with each reader's own header). */
#include <string.h>

#include "core/sbuf.h"
#include "core/splice.h"
#include "testing.h"

/* put(): "[name]" for every hole, or a failure for the name "fail". */
static int put_name(void *arg, const char *name, struct sbuf *out)
{
    (void)arg;
    if (!strcmp(name, "fail"))
        return -1;
    sbuf_addf(out, "[%s]", name);
    return 0;
}

static void splice__joins_prefix_holes_and_suffix(void)
{
    const char *page = "<h>ANON</h><n>X</n><main>body</main>";
    struct splice s;
    struct sbuf out = SBUF_INIT;

    memset(&s, 0, sizeof(s));
    splice_add(&s, 3, 7, "personal/account");
    splice_add(&s, 14, 15, "personal/nav");
    splice_add(&s, 25, 25, "personal/verify"); /* an empty hole, just after <main> */
    CU_ASSERT(splice_ok(&s, strlen(page)));
    CU_ASSERT_EQUAL(splice_join(&out, page, strlen(page), &s, put_name, NULL), 0);
    CU_ASSERT_STRING_EQUAL(out.buf, "<h>[personal/account]</h><n>[personal/nav]</n><main>"
                                    "[personal/verify]body</main>");
    sbuf_release(&out);
}

static void splice__no_holes_copies_the_page(void)
{
    struct splice s;
    struct sbuf out = SBUF_INIT;

    memset(&s, 0, sizeof(s));
    CU_ASSERT_EQUAL(splice_join(&out, "{\"a\":1}", 7, &s, put_name, NULL), 0);
    CU_ASSERT_STRING_EQUAL(out.buf, "{\"a\":1}");
    sbuf_release(&out);
}

static void splice__holes_at_both_ends(void)
{
    struct splice s;
    struct sbuf out = SBUF_INIT;

    memset(&s, 0, sizeof(s));
    splice_add(&s, 0, 2, "a");
    splice_add(&s, 2, 5, "b"); /* touching is fine */
    CU_ASSERT_EQUAL(splice_join(&out, "xxyyy", 5, &s, put_name, NULL), 0);
    CU_ASSERT_STRING_EQUAL(out.buf, "[a][b]");
    sbuf_release(&out);
}

static void splice__refuses_bad_offsets(void)
{
    struct splice s;
    struct sbuf out = SBUF_INIT;
    size_t i;

    memset(&s, 0, sizeof(s));
    splice_add(&s, 5, 9, "a");
    splice_add(&s, 4, 6, "b"); /* overlaps the one before */
    CU_ASSERT(s.broken);
    CU_ASSERT(!splice_ok(&s, 100));

    memset(&s, 0, sizeof(s));
    splice_add(&s, 5, 4, "a"); /* ends before it starts */
    CU_ASSERT(s.broken);

    memset(&s, 0, sizeof(s));
    splice_add(&s, 2, 12, "a"); /* past the end of a 10-byte page */
    CU_ASSERT(!s.broken);
    CU_ASSERT(!splice_ok(&s, 10));
    CU_ASSERT_EQUAL(splice_join(&out, "0123456789", 10, &s, put_name, NULL), -1);
    CU_ASSERT(splice_ok(&s, 12));

    memset(&s, 0, sizeof(s));
    for (i = 0; i <= SPLICE_MAX_HOLES; i++)
        splice_add(&s, i, i, "a");
    CU_ASSERT(s.broken); /* one too many */

    memset(&s, 0, sizeof(s));
    splice_add(&s, 0, 0, "personal/a-name-far-too-long-for-a-hole-of-this-page");
    CU_ASSERT(s.broken);
    sbuf_release(&out);
}

static void splice__a_failed_hole_fails_the_join(void)
{
    struct splice s;
    struct sbuf out = SBUF_INIT;

    memset(&s, 0, sizeof(s));
    splice_add(&s, 1, 2, "fail");
    CU_ASSERT_EQUAL(splice_join(&out, "abc", 3, &s, put_name, NULL), -1);
    sbuf_release(&out);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "splice__joins_prefix_holes_and_suffix", splice__joins_prefix_holes_and_suffix },
        { "splice__no_holes_copies_the_page", splice__no_holes_copies_the_page },
        { "splice__holes_at_both_ends", splice__holes_at_both_ends },
        { "splice__refuses_bad_offsets", splice__refuses_bad_offsets },
        { "splice__a_failed_hole_fails_the_join", splice__a_failed_hole_fails_the_join },
        { NULL, NULL },
    };
    test_add_suite("core/splice", cases);
}
