/*
 * The stored sort keys give Welsh order in MariaDB itself: ORDER BY sort_cy
 * puts "Lyn" before "Llan" and "Cyw" before "Chwarae" (ll and ch are letters
 * of their own), while ORDER BY sort_en keeps English order.
 */
#include <string.h>

#include "harness.h"

static int init(void)
{
    return fx_init();
}

static int clean(void)
{
    fx_done();
    return 0;
}

/* The titles of the run's courses in the order of column col (cy or en). */
static void titles_in_order(int welsh, char *out, size_t cap)
{
    static const char *const q_cy =
        "SELECT title_cy FROM courses WHERE title_en LIKE ? ORDER BY sort_cy";
    static const char *const q_en =
        "SELECT title_en FROM courses WHERE title_en LIKE ? ORDER BY sort_en";
    struct db_stmt *st = NULL;
    char *t, like[64];

    out[0] = '\0';
    snprintf(like, sizeof(like), "%% %s", fx_tag);
    CU_ASSERT_EQUAL_FATAL(db_query(fx_dbh, &st, welsh ? q_cy : q_en, "s", like), DB_OK);
    while (db_row_next(st, &fx_mem, "s", &t) == DB_OK) {
        strncat(out, t, cap - strlen(out) - 1);
        strncat(out, "|", cap - strlen(out) - 1);
    }
    db_done(st);
}

static void order__welsh_digraphs_in_sql(void)
{
    char slug[96], got[1024], want[1024];

    CU_ASSERT_FATAL(fx_course("llan", "Llan", "Llan", "e-learning", 1, slug) > 0);
    CU_ASSERT_FATAL(fx_course("lyn", "Lyn", "Lyn", "e-learning", 1, slug) > 0);
    CU_ASSERT_FATAL(fx_course("chwarae", "Chwarae", "Chwarae", "e-learning", 1, slug) > 0);
    CU_ASSERT_FATAL(fx_course("cyw", "Cyw", "Cyw", "e-learning", 1, slug) > 0);
    titles_in_order(1, got, sizeof(got));
    snprintf(want, sizeof(want), "Cyw %s|Chwarae %s|Lyn %s|Llan %s|", fx_tag, fx_tag, fx_tag,
             fx_tag);
    CU_ASSERT_STRING_EQUAL(got, want);
    titles_in_order(0, got, sizeof(got));
    snprintf(want, sizeof(want), "Chwarae %s|Cyw %s|Llan %s|Lyn %s|", fx_tag, fx_tag, fx_tag,
             fx_tag);
    CU_ASSERT_STRING_EQUAL(got, want);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "order__welsh_digraphs_in_sql", order__welsh_digraphs_in_sql },
        { NULL, NULL },
    };

    test_add_suite_with("sortkeys", cases, init, clean);
}
