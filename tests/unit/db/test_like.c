/*
 * db_like_contains (db.h): a typed search becomes "%...%" with the LIKE
 * wildcards and the escape character itself escaped by '!', table-driven.
 */
#include <string.h>

#include "core/arena.h"
#include "db/db.h"
#include "testing.h"

static void like__contains_table(void)
{
    static const struct {
        const char *in, *want;
    } rows[] = {
        { "", "%%" },
        { "Cymraeg", "%Cymraeg%" },
        { "50%", "%50!%%" },
        { "a_b", "%a!_b%" },
        { "hi!", "%hi!!%" },
        { "!%_", "%!!!%!_%" },
        { "back\\slash", "%back\\slash%" }, /* an ordinary character with ESCAPE '!' */
        { "ŵ ŷ", "%ŵ ŷ%" },
    };
    struct arena a;
    size_t i;

    arena_init(&a, 0);
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        CU_ASSERT_STRING_EQUAL(db_like_contains(&a, rows[i].in), rows[i].want);
    arena_release(&a);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "like__contains_table", like__contains_table },
        { NULL, NULL },
    };
    test_add_suite("db/like", cases);
}
