/*
 * db_json_rows and db_json_row (db/jsonrows.h): the lists a person's page
 * reads as JSON columns of its one statement come back as typed rows; a list
 * that is not an array of arrays of the right types is an error, never rows.
 */
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "db/jsonrows.h"
#include "testing.h"

static void jsonrows__reads_each_letter(void)
{
    struct arena a;
    json_t *rows = NULL;
    char *s = NULL, *none = (char *)"x";
    int i = 0, b = 0, f = 1;
    long long l = 0;
    time_t t = 0, zero = 1;

    arena_init(&a, 0);
    CU_ASSERT_EQUAL_FATAL(
        db_json_rows("[[\"Ŵyl\", null, 7, 9000000001, true, 0, 1794103096, null]]", &rows), DB_OK);
    CU_ASSERT_EQUAL(db_json_row(rows, 0, &a, "ssilbbtt", &s, &none, &i, &l, &b, &f, &t, &zero),
                    DB_OK);
    CU_ASSERT_STRING_EQUAL(s, "Ŵyl");
    CU_ASSERT_PTR_NULL(none);
    CU_ASSERT_EQUAL(i, 7);
    CU_ASSERT_EQUAL(l, 9000000001LL);
    CU_ASSERT_EQUAL(b, 1);
    CU_ASSERT_EQUAL(f, 0);
    CU_ASSERT_EQUAL(t, (time_t)1794103096);
    CU_ASSERT_EQUAL(zero, 0);
    CU_ASSERT_EQUAL(db_json_row(rows, 1, &a, "s", &s), DB_NOT_FOUND);
    json_decref(rows);
    arena_release(&a);
}

/* JSON_ARRAY writes a DATETIME as text; after 2038 too (UNIX_TIMESTAMP is NULL there) */
static void jsonrows__reads_datetimes_as_utc(void)
{
    json_t *rows = NULL;
    time_t t = 0, f = 0;

    CU_ASSERT_EQUAL_FATAL(
        db_json_rows("[[\"2040-01-02 03:04:05\", \"2026-12-06 01:00:00.500000\"], [\"2040-13-01 "
                     "00:00:00\", \"soon\"]]",
                     &rows),
        DB_OK);
    CU_ASSERT_EQUAL(db_json_row(rows, 0, NULL, "tt", &t, &f), DB_OK);
    CU_ASSERT_EQUAL(t, (time_t)2209086245);
    CU_ASSERT_EQUAL(f, (time_t)1796518800);
    CU_ASSERT_EQUAL(db_json_row(rows, 1, NULL, "tt", &t, &f), DB_ERROR);
    json_decref(rows);
}

static void jsonrows__null_is_no_rows(void)
{
    json_t *rows = NULL;

    CU_ASSERT_EQUAL_FATAL(db_json_rows(NULL, &rows), DB_OK);
    CU_ASSERT_EQUAL(json_array_size(rows), 0);
    CU_ASSERT_EQUAL(db_json_row(rows, 0, NULL, "i", NULL), DB_NOT_FOUND);
    json_decref(rows);
}

static void jsonrows__bad_lists_are_errors(void)
{
    struct arena a;
    json_t *rows = NULL;
    char *s = NULL;
    int i = 0;

    arena_init(&a, 0);
    /* cut short (group_concat_max_len), or not a list */
    CU_ASSERT_EQUAL(db_json_rows("[[\"a\", 1],[\"b\"", &rows), DB_ERROR);
    CU_ASSERT_PTR_NULL(rows);
    CU_ASSERT_EQUAL(db_json_rows("{\"a\": 1}", &rows), DB_ERROR);
    CU_ASSERT_EQUAL_FATAL(db_json_rows("[[\"a\", 1], [2, 1], [\"c\"], 4]", &rows), DB_OK);
    CU_ASSERT_EQUAL(db_json_row(rows, 0, &a, "si", &s, &i), DB_OK);
    CU_ASSERT_EQUAL(db_json_row(rows, 1, &a, "si", &s, &i), DB_ERROR); /* a number for 's' */
    CU_ASSERT_EQUAL(db_json_row(rows, 2, &a, "si", &s, &i), DB_ERROR); /* too short */
    CU_ASSERT_EQUAL(db_json_row(rows, 3, &a, "si", &s, &i), DB_ERROR); /* not a row */
    json_decref(rows);
    arena_release(&a);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "jsonrows__reads_each_letter", jsonrows__reads_each_letter },
        { "jsonrows__reads_datetimes_as_utc", jsonrows__reads_datetimes_as_utc },
        { "jsonrows__null_is_no_rows", jsonrows__null_is_no_rows },
        { "jsonrows__bad_lists_are_errors", jsonrows__bad_lists_are_errors },
        { NULL, NULL },
    };
    test_add_suite("db/jsonrows", cases);
}
