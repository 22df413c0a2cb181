/*
 * migrations/0003_organisations.sql and orgs/store.c against the real
 * MariaDB: the 34 organisations with both names, the list in each language's
 * order with "Arall"/"Other" last, and lookups by id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "orgs/orgs.h"
#include "view/collate.h"

static struct arena mem;
static struct db *db;

static int suite_init(void)
{
    if (db_library_init() || !(db = fx_db_open(&mem, NULL)))
        return 1;
    return db_ping(db) != DB_OK;
}

static int suite_clean(void)
{
    db_free(db);
    db_thread_end();
    db_library_end();
    arena_release(&mem);
    return 0;
}

static void migration__seeded_in_both_languages(void)
{
    struct db_stmt *st = NULL;
    long long n = -1, named = -1, councils = -1, boards = -1, trusts = -1;

    CU_ASSERT_EQUAL_FATAL(
        db_query(db, &st,
                 "SELECT COUNT(*), SUM(name_cy <> '' AND name_en <> '' AND name_cy <> name_en),"
                 " SUM(kind = 'local_authority'), SUM(kind = 'health_board'),"
                 " SUM(kind = 'nhs_trust') FROM organisations",
                 ""),
        DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, NULL, "lllll", &n, &named, &councils, &boards, &trusts), DB_OK);
    db_done(st);
    CU_ASSERT_EQUAL(n, 34);
    CU_ASSERT_EQUAL(named, 34);
    CU_ASSERT_EQUAL(councils, 22);
    CU_ASSERT_EQUAL(boards, 7);
    CU_ASSERT_EQUAL(trusts, 3);
}

struct named {
    const char *code, *cy, *en;
};

static const struct named some[] = {
    { "AGY", "Cyngor Sir Ynys M\xc3\xb4n", "Isle of Anglesey County Council" },
    { "CRF", "Cyngor Caerdydd", "Cardiff Council" },
    { "SWA", "Cyngor Sir a Dinas Abertawe", "City and County of Swansea" },
    { "NWP", "Cyngor Dinas Casnewydd", "Newport City Council" },
    { "HB-CVUHB", "Bwrdd Iechyd Prifysgol Caerdydd a'r Fro",
      "Cardiff and Vale University Health Board" },
    { "HB-PTHB", "Bwrdd Iechyd Addysgu Powys", "Powys Teaching Health Board" },
    { "TR-WAST", "Ymddiriedolaeth GIG Gwasanaethau Ambiwlans Cymru",
      "Welsh Ambulance Services NHS Trust" },
    { "TR-PHW", "Iechyd Cyhoeddus Cymru", "Public Health Wales" },
    { "WG", "Llywodraeth Cymru", "Welsh Government" },
    { "OTHER", "Arall", "Other" },
};

static void migration__names_exact(void)
{
    size_t i;

    for (i = 0; i < sizeof(some) / sizeof(some[0]); i++) {
        struct db_stmt *st = NULL;
        char *cy = NULL, *en = NULL;

        CU_ASSERT_EQUAL_FATAL(db_query(db, &st,
                                       "SELECT name_cy, name_en FROM organisations WHERE code = ?",
                                       "s", some[i].code),
                              DB_OK);
        CU_ASSERT_EQUAL(db_row_next(st, &mem, "ss", &cy, &en), DB_OK);
        db_done(st);
        CU_ASSERT_PTR_NOT_NULL_FATAL(cy);
        CU_ASSERT_STRING_EQUAL(cy, some[i].cy);
        CU_ASSERT_STRING_EQUAL(en, some[i].en);
    }
}

static void check_list(enum lang l, const char *other)
{
    struct org *o = NULL;
    size_t n = 0, i;

    CU_ASSERT_EQUAL_FATAL(org_store_list(db, &mem, l, &o, &n), DB_OK);
    CU_ASSERT_EQUAL_FATAL(n, 34);
    CU_ASSERT_STRING_EQUAL(o[n - 1].name, other);
    CU_ASSERT_STRING_EQUAL(o[n - 1].code, "OTHER");
    CU_ASSERT_EQUAL(o[n - 1].is_other, 1);
    for (i = 0; i + 1 < n; i++) {
        CU_ASSERT_EQUAL(o[i].is_other, 0);
        CU_ASSERT(o[i].id > 0);
        CU_ASSERT(collate_cmp(l, o[i].name, o[i + 1].name) <= 0 || i + 2 == n);
    }
}

static void store__list_in_each_language(void)
{
    struct org *o = NULL;
    size_t n = 0, i, ynys = 0, wrecsam = 0;

    check_list(LANG_CY, "Arall");
    check_list(LANG_EN, "Other");
    /* Welsh order: "Bwrdd ..." before "Cyngor ..." before "Iechyd ..." */
    CU_ASSERT_EQUAL_FATAL(org_store_list(db, &mem, LANG_CY, &o, &n), DB_OK);
    CU_ASSERT_EQUAL(strncmp(o[0].name, "Bwrdd Iechyd Addysgu Powys", 26), 0);
    for (i = 0; i < n; i++) {
        if (!strcmp(o[i].code, "AGY"))
            ynys = i;
        if (!strcmp(o[i].code, "WRX"))
            wrecsam = i;
    }
    CU_ASSERT(ynys > wrecsam); /* Cyngor Sir Ynys Môn after ... Wrecsam ("Cyngor B" < "Cyngor S") */
    CU_ASSERT_EQUAL_FATAL(org_store_list(db, &mem, LANG_EN, &o, &n), DB_OK);
    CU_ASSERT_STRING_EQUAL(o[0].name, "Aneurin Bevan University Health Board");
}

static void store__get(void)
{
    struct org o;
    struct db_stmt *st = NULL;
    int id = 0;

    CU_ASSERT_EQUAL_FATAL(db_query(db, &st, "SELECT id FROM organisations WHERE code = 'AGY'", ""),
                          DB_OK);
    CU_ASSERT_EQUAL(db_row_next(st, NULL, "i", &id), DB_OK);
    db_done(st);
    CU_ASSERT_EQUAL_FATAL(org_store_get(db, &mem, LANG_CY, id, &o), DB_OK);
    CU_ASSERT_EQUAL(o.id, id);
    CU_ASSERT_STRING_EQUAL(o.code, "AGY");
    CU_ASSERT_STRING_EQUAL(o.name, "Cyngor Sir Ynys M\xc3\xb4n");
    CU_ASSERT_EQUAL(o.is_other, 0);
    CU_ASSERT_EQUAL(org_store_get(db, &mem, LANG_EN, id, &o), DB_OK);
    CU_ASSERT_STRING_EQUAL(o.name, "Isle of Anglesey County Council");
    CU_ASSERT_EQUAL(org_store_get(db, &mem, LANG_EN, 0, &o), DB_NOT_FOUND);
    CU_ASSERT_EQUAL(org_store_get(db, &mem, LANG_EN, -5, &o), DB_NOT_FOUND);
}

/* The kept lists (orgs/cache.c) say what the database says, in the same
 * order, and org_cache_forget drops them (the next read loads again). */
static void cache__same_as_the_store(void)
{
    static const enum lang langs[] = { LANG_CY, LANG_EN };
    struct org *a = NULL, *b = NULL, o;
    size_t na = 0, nb = 0, i, k;

    for (k = 0; k < 2; k++) {
        CU_ASSERT_EQUAL_FATAL(org_store_list(db, &mem, langs[k], &a, &na), DB_OK);
        CU_ASSERT_EQUAL_FATAL(org_list(db, &mem, langs[k], &b, &nb), DB_OK);
        CU_ASSERT_EQUAL_FATAL(na, nb);
        for (i = 0; i < na; i++) {
            CU_ASSERT_EQUAL(a[i].id, b[i].id);
            CU_ASSERT_STRING_EQUAL(a[i].name, b[i].name);
            CU_ASSERT_EQUAL(org_get(db, &mem, langs[k], a[i].id, &o), DB_OK);
            CU_ASSERT_STRING_EQUAL(o.code, a[i].code);
        }
    }
    CU_ASSERT_EQUAL(org_get(db, &mem, LANG_EN, 0, &o), DB_NOT_FOUND);
    CU_ASSERT_EQUAL(org_get(db, &mem, LANG_EN, 999999, &o), DB_NOT_FOUND);
    org_cache_forget();
    CU_ASSERT_EQUAL(org_list(db, &mem, LANG_CY, &b, &nb), DB_OK);
    CU_ASSERT_EQUAL(nb, 34);
    org_cache_forget(); /* nothing kept after the test: no leak reported */
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "migration__seeded_in_both_languages", migration__seeded_in_both_languages },
        { "migration__names_exact", migration__names_exact },
        { "store__list_in_each_language", store__list_in_each_language },
        { "store__get", store__get },
        { "cache__same_as_the_store", cache__same_as_the_store },
        { NULL, NULL },
    };

    arena_init(&mem, 0);
    test_add_suite_with("orgs", cases, suite_init, suite_clean);
}
