#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testing.h"

void test_add_suite(const char *name, const struct test_case *cases)
{
    test_add_suite_with(name, cases, NULL, NULL);
}

void test_add_suite_with(const char *name, const struct test_case *cases, int (*init)(void),
                         int (*clean)(void))
{
    CU_pSuite s = CU_add_suite(name, init, clean);

    if (!s) {
        fprintf(stderr, "cannot add suite '%s'\n", name);
        exit(2);
    }
    for (; cases->name; cases++)
        if (!CU_add_test(s, cases->name, cases->fn)) {
            fprintf(stderr, "cannot add test '%s'\n", cases->name);
            exit(2);
        }
}

char *test_read_file(const char *path, size_t *len)
{
    char full[4096];
    FILE *f;
    char *buf;
    long n;

    if (path[0] == '/')
        snprintf(full, sizeof(full), "%s", path);
    else
        snprintf(full, sizeof(full), "%s/%s", DYSGU_SOURCE_DIR, path);
    f = fopen(full, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = (size_t)n;
    }
    return buf;
}

int main(void)
{
    unsigned failed;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    test_register();
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
             CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
