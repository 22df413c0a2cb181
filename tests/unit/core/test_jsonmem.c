#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/jsonmem.h"
#include "testing.h"

/* A view model's worth of values made while "serving a request". */
static json_t *build(int n)
{
    json_t *vm = json_object(), *list = json_array();
    int i;

    for (i = 0; i < n; i++)
        json_array_append_new(list,
                              json_pack("{s:i, s:s, s:b}", "n", i, "title", "Cwrs", "open", i % 2));
    json_object_set_new(vm, "courses", list);
    return vm;
}

/* Values made inside a request are whole until it ends, may be released
 * early, and are all gone at the end: under LeakSanitizer a value kept past
 * jsonmem_end() would be reported. */
static void jsonmem__request_values_live_until_the_end(void)
{
    struct arena a;
    json_t *vm, *dropped;
    char *text;

    arena_init(&a, 1024);
    jsonmem_begin(&a);
    vm = build(200);
    dropped = build(50);
    json_decref(dropped); /* freeing early is allowed and harmless */
    text = json_dumps(vm, JSON_COMPACT);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT(strstr(text, "\"n\":199") != NULL);
    jsonmem_free(text);
    CU_ASSERT_EQUAL(json_integer_value(
                        json_object_get(json_array_get(json_object_get(vm, "courses"), 42), "n")),
                    42);
    json_decref(vm); /* as the arena's deferred cleanups do, before the reset */
    arena_reset(&a);
    jsonmem_end();
    arena_release(&a);
}

/* Outside a request (start-up, the mail worker) values come from the heap
 * and outlive any arena; they are freed by their last reference. */
static void jsonmem__values_outside_a_request_outlive_arenas(void)
{
    struct arena a;
    json_t *kept = build(20), *inside;

    arena_init(&a, 1024);
    jsonmem_begin(&a);
    inside = json_string("gweminar");
    json_object_set(kept, "shared", inside); /* a heap value may refer to ... */
    json_object_del(kept, "shared");         /* ... but not keep a request's value */
    json_decref(inside);
    arena_reset(&a);
    jsonmem_end();
    arena_release(&a);
    json_object_set_new(kept, "after", json_string("wedyn"));
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(kept, "after")), "wedyn");
    CU_ASSERT_EQUAL(json_array_size(json_object_get(kept, "courses")), 20);
    json_decref(kept);
}

static int install(void)
{
    jsonmem_init();
    return 0;
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "jsonmem__request_values_live_until_the_end",
          jsonmem__request_values_live_until_the_end },
        { "jsonmem__values_outside_a_request_outlive_arenas",
          jsonmem__values_outside_a_request_outlive_arenas },
        { NULL, NULL },
    };
    test_add_suite_with("core/jsonmem", cases, install, NULL);
}
