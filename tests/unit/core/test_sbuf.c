#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "testing.h"

static void assert_sane_sbuf(const struct sbuf *b)
{
    CU_ASSERT_PTR_NOT_NULL_FATAL(b->buf);
    CU_ASSERT(b->buf[b->len] == '\0');
    CU_ASSERT(b->alloc == 0 || b->len < b->alloc);
}

static void sbuf__static_init(void)
{
    struct sbuf b = SBUF_INIT;

    assert_sane_sbuf(&b);
    CU_ASSERT(b.len == 0);
    CU_ASSERT_STRING_EQUAL(b.buf, "");
    CU_ASSERT(!sbuf_failed(&b));
}

static void sbuf__appends_grow_on_heap(void)
{
    struct sbuf b = SBUF_INIT;
    int i;

    for (i = 0; i < 1000; i++) {
        sbuf_addf(&b, "%d,", i % 10);
        assert_sane_sbuf(&b);
    }
    CU_ASSERT(b.len == 2000);
    CU_ASSERT(strncmp(b.buf, "0,1,2,", 6) == 0);
    sbuf_release(&b);
    assert_sane_sbuf(&b);
}

static void sbuf__sticky_error_after_max(void)
{
    struct arena a;
    struct sbuf b;

    arena_init(&a, 0);
    sbuf_init(&b, &a, 8);
    sbuf_adds(&b, "Cymraeg");
    CU_ASSERT(!sbuf_failed(&b));
    sbuf_adds(&b, "!!");
    CU_ASSERT(sbuf_failed(&b));
    sbuf_addc(&b, 'x');
    CU_ASSERT_STRING_EQUAL(b.buf, "Cymraeg");
    assert_sane_sbuf(&b);
    sbuf_reset(&b);
    CU_ASSERT(!sbuf_failed(&b));
    CU_ASSERT(b.len == 0);
    arena_release(&a);
}

/* A formatted text written where the buffer has room, one that does not fit
 * its room (it grows), and one past max (failed, the buffer as it was). */
static void sbuf__addf_in_place_grows_and_stops_at_max(void)
{
    struct arena a;
    struct sbuf b;

    arena_init(&a, 0);
    sbuf_init(&b, &a, 40);
    sbuf_adds(&b, "ab"); /* 64 bytes of room now */
    sbuf_addf(&b, "[%s %d]", "cwrs", 7);
    CU_ASSERT_STRING_EQUAL(b.buf, "ab[cwrs 7]");
    assert_sane_sbuf(&b);
    sbuf_addf(&b, "%s", "0123456789012345678901234567"); /* 38 of 40 */
    CU_ASSERT(!sbuf_failed(&b));
    CU_ASSERT(b.len == 38);
    assert_sane_sbuf(&b);
    sbuf_addf(&b, "%s", "xyz"); /* 41: fits the room, not max */
    CU_ASSERT(sbuf_failed(&b));
    CU_ASSERT(b.len == 38);
    CU_ASSERT(b.buf[38] == '\0');
    assert_sane_sbuf(&b);
    sbuf_init(&b, &a, 1 << 16);
    sbuf_adds(&b, "a");
    sbuf_addf(&b, "%0200d", 5); /* past the room: grown, written whole */
    CU_ASSERT(b.len == 201);
    CU_ASSERT(b.buf[200] == '5' && b.buf[1] == '0');
    assert_sane_sbuf(&b);
    arena_release(&a);
}

static void sbuf__exact_max_fits(void)
{
    struct sbuf b = SBUF_INIT;

    b.max = 4;
    sbuf_add(&b, "abcd", 4);
    CU_ASSERT(!sbuf_failed(&b));
    CU_ASSERT(b.len == 4);
    sbuf_add(&b, "", 0);
    CU_ASSERT(!sbuf_failed(&b));
    sbuf_addc(&b, 'e');
    CU_ASSERT(sbuf_failed(&b));
    sbuf_release(&b);
}

static void sbuf__detach_hands_out_string(void)
{
    struct sbuf b = SBUF_INIT;
    size_t len;
    char *s;

    sbuf_adds(&b, "dysgu");
    s = sbuf_detach(&b, &len);
    CU_ASSERT_STRING_EQUAL(s, "dysgu");
    CU_ASSERT(len == 5);
    CU_ASSERT(b.len == 0);
    free(s);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "sbuf__static_init", sbuf__static_init },
        { "sbuf__appends_grow_on_heap", sbuf__appends_grow_on_heap },
        { "sbuf__sticky_error_after_max", sbuf__sticky_error_after_max },
        { "sbuf__exact_max_fits", sbuf__exact_max_fits },
        { "sbuf__addf_in_place_grows_and_stops_at_max",
          sbuf__addf_in_place_grows_and_stops_at_max },
        { "sbuf__detach_hands_out_string", sbuf__detach_hands_out_string },
        { NULL, NULL },
    };
    test_add_suite("core/sbuf", cases);
}
