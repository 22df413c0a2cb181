/* http/gzsplice: a kept page's pieces gzipped once, joined with each
 * reader's holes into one valid gzip member (zlib inflates it to the page). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "core/splice.h"
#include "http/gzsplice.h"
#include "testing.h"

/* gunzip in[0..len) (exactly one member, nothing after it) into a malloc'd
 * string; NULL when it is not valid gzip. */
static char *gunzip(const char *in, size_t len, size_t *out_len)
{
    size_t room = 1 << 20;
    char *out = malloc(room + 1);
    z_stream s;
    int rc;

    memset(&s, 0, sizeof(s));
    CU_ASSERT_FATAL(inflateInit2(&s, 16 + 15) == Z_OK);
    s.next_in = (Bytef *)(uintptr_t)in;
    s.avail_in = (uInt)len;
    s.next_out = (Bytef *)out;
    s.avail_out = (uInt)room;
    rc = inflate(&s, Z_FINISH);
    *out_len = s.total_out;
    inflateEnd(&s);
    if (rc != Z_STREAM_END || s.avail_in) {
        free(out);
        return NULL;
    }
    out[*out_len] = '\0';
    return out;
}

static void check(const char *page, const struct splice *h, const char *const *fill,
                  const char *want)
{
    struct arena a;
    struct gzsplice g;
    struct sbuf out = SBUF_INIT;
    size_t fill_len[SPLICE_MAX_HOLES], i, n;
    char *got;

    arena_init(&a, 64 * 1024);
    for (i = 0; i < h->n; i++)
        fill_len[i] = strlen(fill[i]);
    CU_ASSERT_FATAL(gzsplice_make(&a, page, strlen(page), h, &g) == 0);
    CU_ASSERT_EQUAL(g.n, h->n + 1);
    gzsplice_join(&out, &g, fill, fill_len);
    got = gunzip(out.buf, out.len, &n);
    CU_ASSERT_PTR_NOT_NULL(got);
    if (got) {
        CU_ASSERT_EQUAL(n, strlen(want));
        CU_ASSERT(!strcmp(got, want));
    }
    free(got);
    sbuf_release(&out);
    arena_release(&a);
}

static void gzsplice__one_member_inflates_to_the_spliced_page(void)
{
    const char *page = "<header>Sign in</header><nav>..</nav><main>The courses, the courses, "
                       "the courses</main>";
    static const char *const fill[] = { "Siân Jones <form>tok</form>", "<li>Me</li>", "" };
    struct splice h;

    memset(&h, 0, sizeof(h));
    splice_add(&h, 8, 15, "personal/account"); /* "Sign in" */
    splice_add(&h, 29, 31, "personal/nav");    /* ".." */
    splice_add(&h, 43, 43, "personal/verify"); /* empty, after <main> */
    check(page, &h, fill,
          "<header>Siân Jones <form>tok</form></header><nav><li>Me</li></nav><main>The "
          "courses, the courses, the courses</main>");
}

static void gzsplice__holes_at_the_ends_and_none(void)
{
    static const char *const fill[] = { "AAA", "ZZZ" };
    static const char *const none[] = { NULL };
    struct splice h;

    memset(&h, 0, sizeof(h));
    splice_add(&h, 0, 1, "a");
    splice_add(&h, 5, 6, "b");
    check("xmidly", &h, fill, "AAAmidlZZZ");
    memset(&h, 0, sizeof(h));
    check("no holes at all", &h, none, "no holes at all");
}

static void gzsplice__a_hole_longer_than_a_stored_block(void)
{
    size_t big = 70000;
    char *fill0 = malloc(big + 1), *want = malloc(big + 16);
    const char *fill[] = { fill0 };
    struct splice h;

    memset(fill0, 'q', big);
    fill0[big] = '\0';
    snprintf(want, big + 16, "ab%scd", fill0);
    memset(&h, 0, sizeof(h));
    splice_add(&h, 2, 3, "a");
    check("abXcd", &h, fill, want);
    free(fill0);
    free(want);
}

/* gzpieces: csrf places (empty gaps) and personal parts (gaps over the
 * anonymous bytes) mixed, more of them than a splice holds. */
static void gzpieces__places_and_holes_any_number(void)
{
    static const char page[] = "<a>Sign in</a><form>|</form><form>|</form><p>end</p>";
    size_t start[12], end[12], fill_len[12], i, n_gaps = 0, n;
    const char *fill[12];
    struct arena a;
    struct gzpieces g;
    struct sbuf out = SBUF_INIT, want = SBUF_INIT;
    char *got;

    arena_init(&a, 64 * 1024);
    start[n_gaps] = 3; /* "Sign in" replaced */
    end[n_gaps] = 10;
    fill[n_gaps++] = "Siân";
    for (i = 0; i < 10; i++) { /* ten tokens at one place */
        start[n_gaps] = end[n_gaps] = 20;
        fill[n_gaps++] = "tok";
    }
    start[n_gaps] = end[n_gaps] = 34; /* the second form's "|" left in */
    fill[n_gaps++] = "";
    for (i = 0; i < n_gaps; i++)
        fill_len[i] = strlen(fill[i]);
    CU_ASSERT_FATAL(gzpieces_make(&a, page, strlen(page), start, end, n_gaps, &g) == 0);
    CU_ASSERT_EQUAL(g.n, n_gaps + 1);
    gzpieces_join(&out, &g, fill, fill_len);
    sbuf_adds(&want, "<a>Siân</a><form>");
    for (i = 0; i < 10; i++)
        sbuf_adds(&want, "tok");
    sbuf_adds(&want, "|</form><form>|</form><p>end</p>");
    got = gunzip(out.buf, out.len, &n);
    CU_ASSERT_PTR_NOT_NULL(got);
    if (got)
        CU_ASSERT_STRING_EQUAL(got, want.buf);
    /* gaps out of order, or past the page, are refused */
    start[0] = 30;
    CU_ASSERT(gzpieces_make(&a, page, strlen(page), start, end, 2, &g) == -1);
    start[0] = end[0] = sizeof(page) + 1;
    CU_ASSERT(gzpieces_make(&a, page, strlen(page), start, end, 1, &g) == -1);
    free(got);
    sbuf_release(&out);
    sbuf_release(&want);
    arena_release(&a);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "gzsplice__one_member_inflates_to_the_spliced_page",
          gzsplice__one_member_inflates_to_the_spliced_page },
        { "gzsplice__holes_at_the_ends_and_none", gzsplice__holes_at_the_ends_and_none },
        { "gzsplice__a_hole_longer_than_a_stored_block",
          gzsplice__a_hole_longer_than_a_stored_block },
        { "gzpieces__places_and_holes_any_number", gzpieces__places_and_holes_any_number },
        { NULL, NULL },
    };
    test_add_suite("http/gzsplice", cases);
}
