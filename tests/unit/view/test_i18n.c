#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "testing.h"
#include "view/i18n.h"

#define I18N_DATA DYSGU_SOURCE_DIR "/tests/unit/data/i18n"

static struct i18n *load_good(void)
{
    char err[512] = "";
    struct i18n *t = i18n_load(I18N_DATA "/good", err, sizeof(err));

    if (!t)
        fprintf(stderr, "\n  %s\n", err);
    return t;
}

struct text_case {
    enum lang l;
    const char *key;
    const char *want; /* NULL: the key itself comes back */
};

static const struct text_case text_cases[] = {
    { LANG_CY, "home.title", "Hafan" },
    { LANG_EN, "home.title", "Home" },
    { LANG_CY, "site.name", "Dysgu" },
    { LANG_CY, "a.b.c", "dwfn" },
    { LANG_EN, "a.b.c", "deep" },
    { LANG_CY, "date.month.11", "Tachwedd" },
    { LANG_EN, "date.day.1", "Monday" },
    { LANG_CY, "home.greeting", "Shwmae {name}, croeso i {site}!" },
    { LANG_CY, "home.missing", NULL },
    { LANG_EN, "nope", NULL },
    { LANG_CY, "home", NULL },            /* a group, not a string */
    { LANG_CY, "cohort.learners", NULL }, /* a plural, not a string */
    { LANG_CY, "home.title.x", NULL },
    { LANG_CY, "a.b", NULL },
    { LANG_CY, "", NULL },
    { LANG_CY, ".", NULL },
    { LANG_CY, "home.", NULL },
    { LANG_CY, ".home.title", NULL },
    { LANG_CY, "home..title", NULL },
};

static void i18n__text_lookup(void)
{
    struct i18n *t = load_good();
    const char *got;
    size_t i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    for (i = 0; i < sizeof(text_cases) / sizeof(text_cases[0]); i++) {
        got = i18n_text(t, text_cases[i].l, text_cases[i].key);
        if (text_cases[i].want ? strcmp(got, text_cases[i].want) != 0 : got != text_cases[i].key) {
            fprintf(stderr, "\n  %s '%s': got '%s'\n", lang_code(text_cases[i].l),
                    text_cases[i].key, got);
            CU_FAIL("wrong catalogue text");
        }
    }
    i18n_free(t);
}

static void i18n__catalogue_is_the_loaded_object(void)
{
    struct i18n *t = load_good();
    json_t *cy, *en;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    cy = i18n_catalogue(t, LANG_CY);
    en = i18n_catalogue(t, LANG_EN);
    CU_ASSERT(json_is_object(cy) && json_is_object(en) && cy != en);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_object_get(cy, "home"), "title")),
                           "Hafan");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_object_get(en, "home"), "title")),
                           "Home");
    i18n_free(t);
}

struct plural_lookup {
    enum lang l;
    long n;
    const char *want;
};

static const struct plural_lookup plural_lookups[] = {
    { LANG_CY, 0, "zero:{n}" },  { LANG_CY, 1, "one:{n}" },   { LANG_CY, 2, "two:{n}" },
    { LANG_CY, 3, "few:{n}" },   { LANG_CY, 4, "other:{n}" }, { LANG_CY, 5, "other:{n}" },
    { LANG_CY, 6, "many:{n}" },  { LANG_CY, 7, "other:{n}" }, { LANG_CY, 13, "other:{n}" },
    { LANG_CY, -3, "few:{n}" },  { LANG_EN, 0, "other:{n}" }, { LANG_EN, 1, "one:{n}" },
    { LANG_EN, 2, "other:{n}" }, { LANG_EN, 3, "other:{n}" }, { LANG_EN, 6, "other:{n}" },
    { LANG_EN, -1, "one:{n}" },
};

static void i18n__plural_picks_the_form(void)
{
    struct i18n *t = load_good();
    size_t i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    for (i = 0; i < sizeof(plural_lookups) / sizeof(plural_lookups[0]); i++) {
        const struct plural_lookup *c = &plural_lookups[i];
        const char *got = i18n_plural(t, c->l, "test.forms", c->n);

        if (strcmp(got, c->want) != 0) {
            fprintf(stderr, "\n  %s %ld: got '%s', want '%s'\n", lang_code(c->l), c->n, got,
                    c->want);
            CU_FAIL("wrong plural form");
        }
    }
    /* a plain string is its own only form; a missing key comes back */
    CU_ASSERT_STRING_EQUAL(i18n_plural(t, LANG_CY, "home.title", 5), "Hafan");
    CU_ASSERT_STRING_EQUAL(i18n_plural(t, LANG_CY, "cohort.none", 5), "cohort.none");
    CU_ASSERT_STRING_EQUAL(i18n_plural(t, LANG_CY, "home", 5), "home");
    i18n_free(t);
}

static void i18n__pluralf_substitutes_n(void)
{
    static const struct plural_lookup cases[] = {
        { LANG_CY, 0, "0 dysgwyr" },
        { LANG_CY, 1, "1 dysgwr" },
        { LANG_CY, 2, "2 ddysgwr" },
        { LANG_CY, 3, "3 dysgwr" },
        { LANG_CY, 6, "6 dysgwr" },
        { LANG_CY, 20, "20 dysgwr" },
        { LANG_EN, 0, "0 learners" },
        { LANG_EN, 1, "1 learner" },
        { LANG_EN, 2, "2 learners" },
        { LANG_EN, -1, "-1 learner" },
        { LANG_EN, 999, "999 learners" },
        { LANG_EN, 1000, "1,000 learners" },
        { LANG_EN, 1000000, "1,000,000 learners" },
        { LANG_CY, 100015, "100,015 dysgwr" },
        { LANG_EN, -12345, "-12,345 learners" },
    };
    struct i18n *t = load_good();
    struct arena a;
    size_t i;

    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    arena_init(&a, 0);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        CU_ASSERT_STRING_EQUAL(i18n_pluralf(&a, t, cases[i].l, "cohort.learners", cases[i].n),
                               cases[i].want);
    CU_ASSERT_STRING_EQUAL(i18n_pluralf(&a, t, LANG_CY, "no.such", 2), "no.such");
    arena_release(&a);
    i18n_free(t);
}

struct format_case {
    const char *tmpl;
    const char *want;
};

static const struct format_case format_cases[] = {
    { "", "" },
    { "no placeholders", "no placeholders" },
    { "Shwmae {name}!", "Shwmae Siân!" },
    { "{name}", "Siân" },
    { "{name} yn {site}", "Siân yn Dysgu" },
    { "{a}{a}{a}", "111" },
    { "{unknown} {name}", "{unknown} Siân" },
    { "[{empty}]", "[]" },
    { "{inj}", "{a}" }, /* values are not re-scanned */
    { "{ name }", "{ name }" },
    { "{}", "{}" },
    { "{name", "{name" },
    { "name}", "name}" },
    { "{{name}}", "{Siân}" },
    { "{na-me}", "{na-me}" },
    { "ŵ {name} ŷ", "ŵ Siân ŷ" },
    { "{", "{" },
    { "}{", "}{" },
};

static void i18n__format_table(void)
{
    struct arena a;
    const char *got;
    size_t i;

    arena_init(&a, 0);
    for (i = 0; i < sizeof(format_cases) / sizeof(format_cases[0]); i++) {
        got = i18n_format(&a, format_cases[i].tmpl, "name", "Siân", "site", "Dysgu", "a", "1",
                          "empty", (const char *)NULL, "inj", "{a}", (const char *)NULL);
        if (strcmp(got, format_cases[i].want) != 0) {
            fprintf(stderr, "\n  '%s': got '%s', want '%s'\n", format_cases[i].tmpl, got,
                    format_cases[i].want);
            CU_FAIL("wrong formatted text");
        }
    }
    CU_ASSERT_STRING_EQUAL(i18n_format(&a, "x {y}", (const char *)NULL), "x {y}");
    CU_ASSERT_STRING_EQUAL(i18n_format(&a, NULL, "y", "1", (const char *)NULL), "");
    arena_release(&a);
}

struct bad_dir {
    const char *dir;
    const char *want; /* expected text after ".../bad/" */
};

static const struct bad_dir bad_dirs[] = {
    { "missing-key", "missing-key/en.json: key 'home.intro': is missing (" },
    { "extra-key", "extra-key/cy.json: key 'home.extra': is missing (" },
    { "placeholder-mismatch",
      "placeholder-mismatch/en.json: key 'home.greeting': has placeholders {nmae} but in " },
    { "non-string-leaf", "non-string-leaf/cy.json: key 'home.count': is not a string" },
    { "incomplete-plural",
      "incomplete-plural/cy.json: key 'cohort.learners': plural lacks the 'many' form" },
    { "plural-form-placeholder",
      "plural-form-placeholder/cy.json: key 'c': form 'one' has placeholders none but the "
      "'other' form in " },
    { "syntax", "syntax/cy.json:1:" },
    { "duplicate-key", "duplicate-key/en.json:1:" },
    { "missing-file", "missing-file/en.json: unable to open" },
    { "no-such-dir", "no-such-dir/cy.json: unable to open" },
};

static void i18n__load_rejects_bad_catalogues(void)
{
    char err[512], *at;
    size_t i;

    for (i = 0; i < sizeof(bad_dirs) / sizeof(bad_dirs[0]); i++) {
        char dir[512];

        snprintf(dir, sizeof(dir), I18N_DATA "/bad/%s", bad_dirs[i].dir);
        snprintf(err, sizeof(err), "(unset)");
        CU_ASSERT_PTR_NULL(i18n_load(dir, err, sizeof(err)));
        at = strstr(err, "/bad/");
        if (!at || strncmp(at + 5, bad_dirs[i].want, strlen(bad_dirs[i].want)) != 0) {
            fprintf(stderr, "\n  %s: got '%s'\n  want '...%s'\n", bad_dirs[i].dir, err,
                    bad_dirs[i].want);
            CU_FAIL("wrong catalogue error");
        }
    }
}

struct parity_case {
    const char *cy, *en;
    const char *want; /* NULL: parity holds */
};

#define SIX(z, o, t, f, m, x)                                                                      \
    "{\"zero\":\"" z "\",\"one\":\"" o "\",\"two\":\"" t "\",\"few\":\"" f "\",\"many\":\"" m      \
    "\",\"other\":\"" x "\"}"
#define N6 SIX("{n}", "{n}", "{n}", "{n}", "{n}", "{n}")

static const struct parity_case parity_cases[] = {
    { "{}", "{}", NULL },
    { "{\"a\":\"x\"}", "{\"a\":\"y\"}", NULL },
    { "{\"a\":{}}", "{\"a\":{}}", NULL },
    { "{\"a\":\"{b} {a} {a}\"}", "{\"a\":\"{a}{b}\"}", NULL },
    { "{\"a\":\"{{n}} { x } {} {y\"}", "{\"a\":\"{n}\"}", NULL },
    { "{\"p\":" N6 "}", "{\"p\":" N6 "}", NULL },
    { "{\"a\":\"x\"}", "{}", "en.json: key 'a': is missing (cy.json has it)" },
    { "{}", "{\"a\":\"y\"}", "cy.json: key 'a': is missing (en.json has it)" },
    { "{\"g\":{\"a\":\"x\",\"b\":\"y\"}}", "{\"g\":{\"a\":\"x\",\"c\":\"y\"}}",
      "en.json: key 'g.b': is missing (cy.json has it)" },
    { "{\"a\":{\"b\":\"x {n}\"}}", "{\"a\":{\"b\":\"y\"}}",
      "en.json: key 'a.b': has placeholders none but in cy.json it has {n}" },
    { "{\"a\":\"{x}{y}\"}", "{\"a\":\"{y}{z}\"}",
      "en.json: key 'a': has placeholders {y}{z} but in cy.json it has {x}{y}" },
    { "{\"a\":1}", "{\"a\":\"x\"}", "cy.json: key 'a': is not a string" },
    { "{\"a\":\"x\"}", "{\"a\":null}", "en.json: key 'a': is not a string" },
    { "{\"a\":[\"x\"]}", "{\"a\":[\"x\"]}", "cy.json: key 'a': is not a string" },
    { "{\"a\":true}", "{\"a\":true}", "cy.json: key 'a': is not a string" },
    { "{\"g\":{\"a\":\"x\"}}", "{\"g\":\"x\"}",
      "en.json: key 'g': is a string but in cy.json it is a group of keys" },
    { "{\"p\":" N6 "}", "{\"p\":\"{n}\"}",
      "en.json: key 'p': is a string but in cy.json it is a plural" },
    { "{\"p\":{\"one\":\"{n}\",\"other\":\"{n}\"}}", "{\"p\":" N6 "}",
      "cy.json: key 'p': plural lacks the 'zero' form" },
    { "{\"p\":" N6 "}", "{\"p\":{\"one\":\"{n}\",\"other\":\"{n}\"}}",
      "en.json: key 'p': plural lacks the 'zero' form" },
    { "{\"p\":{\"zero\":\"\",\"one\":\"\",\"two\":1,\"few\":\"\",\"many\":\"\",\"other\":\"\"}}",
      "{}", "cy.json: key 'p': plural form 'two' is not a string" },
    { "{\"p\":{\"zero\":\"\",\"one\":\"\",\"two\":\"\",\"few\":\"\",\"many\":\"\",\"other\":"
      "\"\",\"lots\":\"\"}}",
      "{}", "cy.json: key 'p': plural has keys other than zero, one, two, few, many, other" },
    { "{\"p\":" N6 "}", "{\"p\":" SIX("none", "{n}", "{n}", "{n}", "{n}", "{n}") "}",
      "en.json: key 'p': form 'zero' has placeholders none but the 'other' form in cy.json has "
      "{n}" },
    { "{\"p\":" SIX("{n}", "{n}", "{n}", "{n}", "{n} {x}", "{n}") "}", "{\"p\":" N6 "}",
      "cy.json: key 'p': form 'many' has placeholders {n}{x} but the 'other' form in cy.json "
      "has {n}" },
    { "{\"p\":" SIX("{n}", "{n}", "{n}", "{n}", "{n}", "{count}") "}", "{\"p\":" N6 "}",
      "cy.json: key 'p': form 'zero' has placeholders {n} but the 'other' form in cy.json has "
      "{count}" },
    { "{\"a.b\":\"x\"}", "{\"a.b\":\"x\"}",
      "cy.json: key 'a.b': keys must be non-empty and contain no '.'" },
    { "{\"\":\"x\"}", "{\"\":\"x\"}",
      "cy.json: key '': keys must be non-empty and contain no '.'" },
    { "[]", "{}", "cy.json: the top level is not an object" },
    { "{}", "\"x\"", "en.json: the top level is not an object" },
    { "{\"a\":\"{a}{b}{c}{d}{e}{f}{g}{h}{i}{j}{k}{l}{m}{n}{o}{p}{q}\"}", "{\"a\":\"\"}",
      "cy.json: key 'a': more than 16 placeholders" },
};

static void i18n__parity_table(void)
{
    char err[512];
    json_t *cy, *en;
    size_t i;
    int rc;

    for (i = 0; i < sizeof(parity_cases) / sizeof(parity_cases[0]); i++) {
        const struct parity_case *c = &parity_cases[i];

        cy = json_loads(c->cy, JSON_DECODE_ANY, NULL);
        en = json_loads(c->en, JSON_DECODE_ANY, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(cy);
        CU_ASSERT_PTR_NOT_NULL_FATAL(en);
        snprintf(err, sizeof(err), "(unset)");
        rc = i18n_check_parity(cy, en, err, sizeof(err));
        if (c->want ? rc != -1 || strcmp(err, c->want) != 0 : rc != 0) {
            fprintf(stderr, "\n  cy %s\n  en %s\n  got %d '%s'\n  want '%s'\n", c->cy, c->en, rc,
                    err, c->want ? c->want : "(ok)");
            CU_FAIL("wrong parity verdict");
        }
        json_decref(cy);
        json_decref(en);
    }
}

static void i18n__new_holds_references(void)
{
    json_t *cy = json_pack("{s:s}", "k", "cy {n}");
    json_t *en = json_pack("{s:s}", "k", "en {n}");
    json_t *bad = json_pack("{s:s}", "k", "en");
    char err[256];
    struct i18n *t;

    CU_ASSERT_PTR_NULL(i18n_new(cy, bad, err, sizeof(err)));
    CU_ASSERT(strstr(err, "en.json: key 'k'") == err);
    t = i18n_new(cy, en, err, sizeof(err));
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    json_decref(cy);
    json_decref(en);
    json_decref(bad);
    /* the catalogue outlives the caller's references */
    CU_ASSERT_STRING_EQUAL(i18n_text(t, LANG_CY, "k"), "cy {n}");
    CU_ASSERT_STRING_EQUAL(i18n_text(t, LANG_EN, "k"), "en {n}");
    i18n_free(t);
    i18n_free(NULL);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "i18n__text_lookup", i18n__text_lookup },
        { "i18n__catalogue_is_the_loaded_object", i18n__catalogue_is_the_loaded_object },
        { "i18n__plural_picks_the_form", i18n__plural_picks_the_form },
        { "i18n__pluralf_substitutes_n", i18n__pluralf_substitutes_n },
        { "i18n__format_table", i18n__format_table },
        { "i18n__load_rejects_bad_catalogues", i18n__load_rejects_bad_catalogues },
        { "i18n__parity_table", i18n__parity_table },
        { "i18n__new_holds_references", i18n__new_holds_references },
        { NULL, NULL },
    };
    test_add_suite("view/i18n", cases);
}
