/*
 * testing: the shared CUnit main. Each test file defines test_register(),
 * which adds its suite(s) with CU_add_suite/CU_add_test (or TEST_SUITE below);
 * the main runs them all in verbose mode and exits non-zero on any failure.
 *
 * DYSGU_SOURCE_DIR is the project's source tree (for locales/, web/, data files).
 */
#pragma once

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

void test_register(void);

struct test_case {
    const char *name;
    void (*fn)(void);
};

/* Add one suite named name with the NULL-terminated list of cases. */
void test_add_suite(const char *name, const struct test_case *cases);

/* The same with set-up and tear-down functions (CUnit: 0 = success). */
void test_add_suite_with(const char *name, const struct test_case *cases, int (*init)(void),
                         int (*clean)(void));

/* Read a whole file (relative to DYSGU_SOURCE_DIR unless absolute); caller frees. */
char *test_read_file(const char *path, size_t *len);
