#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/sbuf.h"
#include "testing.h"
#include "view/tpl.h"

#define TPL_DATA "tests/unit/data/tpl"
#define TPL_DIRS DYSGU_SOURCE_DIR "/tests/unit/data/tpl_dirs"

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n > m && strcmp(s + n - m, suffix) == 0;
}

/* Add every <dir>/<x>.in to s as prefix<x>; returns how many, -1 on error. */
static int add_dir(struct tpl_set *s, const char *dir, const char *prefix)
{
    char path[512], name[256], err[256];
    struct dirent *e;
    DIR *d;
    char *src;
    size_t len;
    int n = 0;

    snprintf(path, sizeof(path), "%s/%s", DYSGU_SOURCE_DIR, dir);
    d = opendir(path);
    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL) {
        if (!ends_with(e->d_name, ".in"))
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        snprintf(name, sizeof(name), "%s%.*s", prefix, (int)(strlen(e->d_name) - 3), e->d_name);
        src = test_read_file(path, &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(src);
        if (tpl_set_add(s, name, src, len, err, sizeof(err)) < 0) {
            fprintf(stderr, "\n  %s: %s\n", path, err);
            CU_FAIL("golden template does not compile");
        }
        free(src);
        n++;
    }
    closedir(d);
    return n;
}

/* The parsed JSON file at path (relative to the source tree), or NULL if absent. */
static json_t *load_json(const char *path)
{
    char full[512];
    json_error_t e;
    json_t *j;

    snprintf(full, sizeof(full), "%s/%s", DYSGU_SOURCE_DIR, path);
    j = json_load_file(full, 0, &e);
    if (!j && e.line > 0)
        fprintf(stderr, "\n  %s:%d: %s\n", path, e.line, e.text);
    return j;
}

static void render_golden(const struct tpl_set *s, const char *name)
{
    char path[512];
    struct sbuf out = SBUF_INIT;
    json_t *ctx, *globals;
    char *want;
    size_t want_len;

    snprintf(path, sizeof(path), TPL_DATA "/%s.json", name);
    ctx = load_json(path);
    CU_ASSERT_PTR_NOT_NULL(ctx);
    snprintf(path, sizeof(path), TPL_DATA "/%s.globals.json", name);
    globals = load_json(path);
    snprintf(path, sizeof(path), TPL_DATA "/%s.out", name);
    want = test_read_file(path, &want_len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(want);
    CU_ASSERT(tpl_render(s, name, ctx, globals, &out) == 0);
    CU_ASSERT(!sbuf_failed(&out));
    if (out.len != want_len || memcmp(out.buf, want, want_len) != 0) {
        fprintf(stderr, "\n  golden %s differs\n--- want\n%s--- got\n%s---\n", name, want, out.buf);
        CU_FAIL("rendered output differs from the .out file");
    }
    free(want);
    json_decref(ctx);
    json_decref(globals);
    sbuf_release(&out);
}

static void tpl__golden_files(void)
{
    struct tpl_set *s = tpl_set_new();
    char err[256], path[512], name[128];
    struct dirent *e;
    int n_cases, n_partials, n_rendered = 0;
    DIR *d;

    n_cases = add_dir(s, TPL_DATA, "");
    n_partials = add_dir(s, TPL_DATA "/partials", "partials/");
    CU_ASSERT(n_cases >= 12);
    CU_ASSERT(n_partials >= 2);
    CU_ASSERT(tpl_set_link(s, err, sizeof(err)) == 0);
    snprintf(path, sizeof(path), "%s/" TPL_DATA, DYSGU_SOURCE_DIR);
    d = opendir(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    while ((e = readdir(d)) != NULL) {
        if (!ends_with(e->d_name, ".in"))
            continue;
        snprintf(name, sizeof(name), "%.*s", (int)(strlen(e->d_name) - 3), e->d_name);
        render_golden(s, name);
        n_rendered++;
    }
    closedir(d);
    CU_ASSERT(n_rendered == n_cases);
    tpl_set_free(s);
}

struct bad_case {
    const char *src;
    const char *want_err;
};

static const struct bad_case bad_cases[] = {
    { "{{#a}}x", "t:1: section {{#a}} is never closed" },
    { "x\n\n{{^a}}\n", "t:3: section {{^a}} is never closed" },
    { "line1\n{{#a}}\n{{/b}}", "t:3: {{/b}} does not match {{#a}} opened on line 2" },
    { "{{^a}}{{/b}}", "t:1: {{/b}} does not match {{^a}} opened on line 1" },
    { "{{#a}}{{#b}}{{/a}}{{/b}}", "t:1: {{/a}} does not match {{#b}} opened on line 1" },
    { "{{/a}}", "t:1: {{/a}} closes no open section" },
    { "{{#a}}{{/a}}{{/a}}", "t:1: {{/a}} closes no open section" },
    { "{{{body}}}", "t:1: {{{body}}} is raw output: only names ending in _html may be" },
    { "{{{a_html.x}}}", "t:1: {{{a_html.x}}} is raw output" },
    { "{{{html}}}", "t:1: {{{html}}} is raw output" },
    { "{{{.}}}", "t:1: {{{.}}} is raw output" },
    { "{{{ }}}", "t:1: empty tag name" },
    { "{{}}", "t:1: empty tag name" },
    { "{{ \t }}", "t:1: empty tag name" },
    { "{{#}}", "t:1: empty tag name" },
    { "{{/}}", "t:1: empty tag name" },
    { "{{> }}", "t:1: empty tag name" },
    { "{{a b}}", "t:1: bad character 0x20 in tag name" },
    { "\n{{a<b}}", "t:2: bad character '<' in tag name" },
    { "{{>a b}}", "t:1: bad character 0x20 in tag name" },
    { "{{#a/b}}{{/a/b}}", "t:1: bad character '/' in tag name" },
    { "{{caf\xc3\xa9}}", "t:1: bad character 0xc3 in tag name" },
    { "{{a..b}}", "t:1: empty segment in name 'a..b'" },
    { "{{.a}}", "t:1: empty segment in name '.a'" },
    { "{{a.}}", "t:1: empty segment in name 'a.'" },
    { "{{..}}", "t:1: empty segment in name '..'" },
    { "a\nb\n{{name", "t:3: '{{' is never closed" },
    { "{{{x_html}}", "t:1: '{{{' is never closed" },
    { "{{! unclosed comment", "t:1: '{{' is never closed" },
    { "{{! a\nb\nc }}\n{{#x}}", "t:4: section {{#x}} is never closed" },
    { "{{&name}}", "t:1: {{&...}} is not supported: use {{{name_html}}}" },
    { "{{=<% %>=}}", "t:1: delimiter changes are not supported" },
};

static void tpl__compile_errors(void)
{
    struct tpl_set *s = tpl_set_new();
    char err[256];
    size_t i;

    for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        snprintf(err, sizeof(err), "(unset)");
        CU_ASSERT(tpl_set_add(s, "t", bad_cases[i].src, strlen(bad_cases[i].src), err,
                              sizeof(err)) == -1);
        if (strncmp(err, bad_cases[i].want_err, strlen(bad_cases[i].want_err)) != 0) {
            fprintf(stderr, "\n  source '%s': got '%s', want '%s'\n", bad_cases[i].src, err,
                    bad_cases[i].want_err);
            CU_FAIL("wrong compile error");
        }
        CU_ASSERT(!tpl_set_has(s, "t"));
    }
    CU_ASSERT(tpl_set_count(s) == 0);
    tpl_set_free(s);
}

static const char *const good_sources[] = {
    "",
    "plain text, no tags",
    "}} and } { and { {a} }",
    "{{.}}",
    "{{a-b.c_d.E9}}",
    "{{{a.b_html}}}",
    "{{{ spaced_html }}}",
    "{{#.}}{{/.}}",
    "{{#a.b}}{{^c}}{{/c}}{{/a.b}}",
    "{{!}}{{!{{}}{{! {{#x}} }}",
    "{{>partials/x-y_z.1}}",
    "{{ # a }}{{ / a }}",
};

static void tpl__compile_accepts(void)
{
    struct tpl_set *s = tpl_set_new();
    char err[256], name[16];
    size_t i;

    for (i = 0; i < sizeof(good_sources) / sizeof(good_sources[0]); i++) {
        snprintf(name, sizeof(name), "g%zu", i);
        err[0] = '\0';
        if (tpl_set_add(s, name, good_sources[i], strlen(good_sources[i]), err, sizeof(err)) < 0) {
            fprintf(stderr, "\n  source '%s': %s\n", good_sources[i], err);
            CU_FAIL("valid template refused");
        }
    }
    CU_ASSERT(tpl_set_count(s) == sizeof(good_sources) / sizeof(good_sources[0]));
    tpl_set_free(s);
}

/* A template whose only names are "." has no segments at all (found by fuzz_tpl). */
static void tpl__dot_only_template(void)
{
    struct tpl_set *s = tpl_set_new();
    struct sbuf out = SBUF_INIT;
    char err[256];
    const char *src = "[{{.}}]{{#.}}({{.}}){{/.}}{{^.}}none{{/.}}";
    json_t *list = json_pack("[s,i]", "<a>", 7);

    CU_ASSERT(tpl_set_add(s, "dot", src, strlen(src), err, sizeof(err)) == 0);
    CU_ASSERT(tpl_render(s, "dot", NULL, NULL, &out) == 0);
    CU_ASSERT_STRING_EQUAL(out.buf, "[]none");
    sbuf_reset(&out);
    CU_ASSERT(tpl_render(s, "dot", list, NULL, &out) == 0);
    CU_ASSERT_STRING_EQUAL(out.buf, "[](&lt;a&gt;)(7)");
    json_decref(list);
    sbuf_release(&out);
    tpl_set_free(s);
}

/* n nested sections over "o", then body, then the closes. */
static char *nested(int n, const char *body)
{
    struct sbuf b = SBUF_INIT;
    int i;

    for (i = 0; i < n; i++)
        sbuf_adds(&b, "{{#o}}");
    sbuf_adds(&b, body);
    for (i = 0; i < n; i++)
        sbuf_adds(&b, "{{/o}}");
    return sbuf_detach(&b, NULL);
}

static void tpl__nesting_limits(void)
{
    struct tpl_set *s = tpl_set_new();
    struct sbuf out = SBUF_INIT;
    char err[256];
    char *src;
    json_t *ctx;

    src = nested(TPL_MAX_DEPTH + 1, "x");
    CU_ASSERT(tpl_set_add(s, "deep", src, strlen(src), err, sizeof(err)) == -1);
    CU_ASSERT(strstr(err, "nested more than") != NULL);
    free(src);
    /* {"o": {"o": ... }} resolves at every level: the stack fills exactly */
    ctx = json_pack("{s:{s:i}}", "o", "o", 1);
    src = nested(TPL_MAX_DEPTH, "[{{o}}]");
    CU_ASSERT(tpl_set_add(s, "max", src, strlen(src), err, sizeof(err)) == 0);
    CU_ASSERT(tpl_render(s, "max", ctx, NULL, &out) == 0);
    CU_ASSERT(out.len > 0);
    free(src);
    src = nested(TPL_MAX_DEPTH, "{{>p}}");
    CU_ASSERT(tpl_set_add(s, "over", src, strlen(src), err, sizeof(err)) == 0);
    CU_ASSERT(tpl_set_add(s, "p", "in p", 4, err, sizeof(err)) == 0);
    CU_ASSERT(tpl_set_link(s, err, sizeof(err)) == 0);
    sbuf_reset(&out);
    CU_ASSERT(tpl_render(s, "over", ctx, NULL, &out) == -1);
    free(src);
    json_decref(ctx);
    sbuf_release(&out);
    tpl_set_free(s);
}

static void tpl__recursive_partials_stop(void)
{
    struct tpl_set *s = tpl_set_new();
    struct sbuf out = SBUF_INIT;
    char err[256];
    const char *self = "a{{>self}}", *fan = "{{>fan}}{{>fan}}{{>fan}}{{>fan}}";

    CU_ASSERT(tpl_set_add(s, "self", self, strlen(self), err, sizeof(err)) == 0);
    CU_ASSERT(tpl_set_add(s, "fan", fan, strlen(fan), err, sizeof(err)) == 0);
    CU_ASSERT(tpl_set_link(s, err, sizeof(err)) == 0);
    CU_ASSERT(tpl_render(s, "self", NULL, NULL, &out) == -1);
    CU_ASSERT(out.len == TPL_MAX_DEPTH + 1);
    sbuf_reset(&out);
    /* 4^32 partials would never finish: the step budget ends it */
    CU_ASSERT(tpl_render(s, "fan", NULL, NULL, &out) == -1);
    sbuf_release(&out);
    tpl_set_free(s);
}

static void tpl__set_lookup_and_names(void)
{
    struct tpl_set *s = tpl_set_new();
    struct sbuf out = SBUF_INIT;
    char err[256];
    const char *names[] = { "m", "b", "z", "a/b", "a", "courses/show", "c" };
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        CU_ASSERT(tpl_set_add(s, names[i], names[i], strlen(names[i]), err, sizeof(err)) == 0);
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        CU_ASSERT(tpl_set_has(s, names[i]));
        sbuf_reset(&out);
        CU_ASSERT(tpl_render(s, names[i], NULL, NULL, &out) == 0);
        CU_ASSERT_STRING_EQUAL(out.buf, names[i]);
    }
    CU_ASSERT(!tpl_set_has(s, "courses"));
    CU_ASSERT(!tpl_set_has(s, "courses/show/x"));
    CU_ASSERT(!tpl_set_has(s, ""));
    CU_ASSERT(tpl_render(s, "nope", NULL, NULL, &out) == -1);
    CU_ASSERT(tpl_set_add(s, "b", "again", 5, err, sizeof(err)) == -1);
    CU_ASSERT_STRING_EQUAL(err, "b: template defined twice");
    CU_ASSERT(tpl_set_add(s, "", "x", 1, err, sizeof(err)) == -1);
    CU_ASSERT(tpl_set_count(s) == sizeof(names) / sizeof(names[0]));
    sbuf_release(&out);
    tpl_set_free(s);
}

static void tpl__link_reports_unknown_partial(void)
{
    struct tpl_set *s = tpl_set_new();
    struct sbuf out = SBUF_INIT;
    char err[256];
    const char *page = "<p>\n{{>partials/nav}}</p>";

    CU_ASSERT(tpl_set_add(s, "page", page, strlen(page), err, sizeof(err)) == 0);
    CU_ASSERT(tpl_set_link(s, err, sizeof(err)) == -1);
    CU_ASSERT_STRING_EQUAL(err, "page:2: unknown partial 'partials/nav'");
    /* unlinked: rendering still refuses the missing partial */
    CU_ASSERT(tpl_render(s, "page", NULL, NULL, &out) == -1);
    CU_ASSERT(tpl_set_add(s, "partials/nav", "NAV", 3, err, sizeof(err)) == 0);
    /* before linking, the partial is found by name */
    sbuf_reset(&out);
    CU_ASSERT(tpl_render(s, "page", NULL, NULL, &out) == 0);
    CU_ASSERT_STRING_EQUAL(out.buf, "<p>\nNAV</p>");
    CU_ASSERT(tpl_set_link(s, err, sizeof(err)) == 0);
    sbuf_reset(&out);
    CU_ASSERT(tpl_render(s, "page", NULL, NULL, &out) == 0);
    CU_ASSERT_STRING_EQUAL(out.buf, "<p>\nNAV</p>");
    sbuf_release(&out);
    tpl_set_free(s);
}

static void tpl__load_dir(void)
{
    struct tpl_set *s;
    struct sbuf out = SBUF_INIT;
    char err[512] = "";
    json_t *ctx, *globals;

    s = tpl_set_load_dir(TPL_DIRS "/good", err, sizeof(err));
    if (!s)
        fprintf(stderr, "\n  %s\n", err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT(tpl_set_count(s) == 3);
    CU_ASSERT(tpl_set_has(s, "layout"));
    CU_ASSERT(tpl_set_has(s, "partials/header"));
    CU_ASSERT(tpl_set_has(s, "errors/error"));
    CU_ASSERT(!tpl_set_has(s, "notes"));
    CU_ASSERT(!tpl_set_has(s, ".hidden"));
    ctx = json_pack("{s:s, s:s}", "body_html", "<p>Helo</p>", "status", "404");
    globals = json_pack("{s:s, s:{s:{s:s}}}", "lang", "cy", "t", "site", "name", "Dysgu & co");
    CU_ASSERT(tpl_render(s, "layout", ctx, globals, &out) == 0);
    CU_ASSERT_STRING_EQUAL(out.buf, "<!doctype html>\n<html lang=\"cy\"><header>Dysgu &amp; "
                                    "co</header><main><p>Helo</p></main></html>\n");
    sbuf_reset(&out);
    CU_ASSERT(tpl_render(s, "errors/error", ctx, globals, &out) == 0);
    CU_ASSERT_STRING_EQUAL(out.buf, "<h1>404</h1><header>Dysgu &amp; co</header>");
    json_decref(ctx);
    json_decref(globals);
    sbuf_release(&out);
    tpl_set_free(s);
}

static void tpl__load_dir_errors(void)
{
    char err[512];

    CU_ASSERT_PTR_NULL(tpl_set_load_dir(TPL_DIRS "/syntax", err, sizeof(err)));
    CU_ASSERT_STRING_EQUAL(err, "courses/show:2: section {{#lessons}} is never closed");
    CU_ASSERT_PTR_NULL(tpl_set_load_dir(TPL_DIRS "/unlinked", err, sizeof(err)));
    CU_ASSERT_STRING_EQUAL(err, "page:1: unknown partial 'partials/missing'");
    CU_ASSERT_PTR_NULL(tpl_set_load_dir(TPL_DIRS "/no-such-dir", err, sizeof(err)));
    CU_ASSERT(strstr(err, "cannot open directory") != NULL);
    CU_ASSERT(strstr(err, "no-such-dir") != NULL);
}

static void tpl__stops_when_output_is_full(void)
{
    struct tpl_set *s = tpl_set_new();
    struct arena a;
    struct sbuf out;
    char err[256];
    const char *src = "{{#items}}<li>{{.}}</li>{{/items}}";
    json_t *ctx = json_pack("{s:[s,s,s,s]}", "items", "one", "two", "three", "four");

    arena_init(&a, 0);
    sbuf_init(&out, &a, 20);
    CU_ASSERT(tpl_set_add(s, "list", src, strlen(src), err, sizeof(err)) == 0);
    CU_ASSERT(tpl_render(s, "list", ctx, NULL, &out) == 0);
    CU_ASSERT(sbuf_failed(&out));
    CU_ASSERT_STRING_EQUAL(out.buf, "<li>one</li><li>two");
    json_decref(ctx);
    arena_release(&a);
    tpl_set_free(s);
}

/* {"v": v, "o": {"v": v}, "list": [v, v], "x": v}, v taken as raw bytes. */
static json_t *hostile_ctx(const char *v)
{
    json_t *ctx = json_object(), *o = json_object(), *list = json_array();

    json_object_set_new(ctx, "v", json_stringn_nocheck(v, strlen(v)));
    json_object_set_new(o, "v", json_stringn_nocheck(v, strlen(v)));
    json_object_set_new(ctx, "o", o);
    json_array_append_new(list, json_stringn_nocheck(v, strlen(v)));
    json_array_append_new(list, json_stringn_nocheck(v, strlen(v)));
    json_object_set_new(ctx, "list", list);
    json_object_set_new(ctx, "x", json_stringn_nocheck(v, strlen(v)));
    return ctx;
}

/* Hostile values through every kind of tag: no markup character can come from data. */
static void tpl__values_never_inject(void)
{
    static const char *const values[] = {
        "<script>",          "\"><img src=x onerror=alert(1)>", "' onfocus='x", "`", "a=b", "&lt;",
        "\xc5\xb5<\xff\xfe",
    };
    struct tpl_set *s = tpl_set_new();
    struct sbuf out = SBUF_INIT;
    char err[256];
    const char *src = "[{{v}}|{{o.v}}|{{#list}}{{.}}{{v}}{{/list}}|{{#o}}{{v}}{{/o}}|{{{x_html}}}"
                      "|{{^none}}{{v}}{{/none}}]";
    size_t i;
    json_t *ctx;

    CU_ASSERT(tpl_set_add(s, "p", src, strlen(src), err, sizeof(err)) == 0);
    for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        ctx = hostile_ctx(values[i]);
        sbuf_reset(&out);
        CU_ASSERT(tpl_render(s, "p", ctx, ctx, &out) == 0);
        CU_ASSERT(strpbrk(out.buf, "<>\"'") == NULL);
        CU_ASSERT(strstr(out.buf, "&lt;") != NULL || strchr(values[i], '<') == NULL);
        json_decref(ctx);
    }
    sbuf_release(&out);
    tpl_set_free(s);
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "tpl__golden_files", tpl__golden_files },
        { "tpl__compile_errors", tpl__compile_errors },
        { "tpl__compile_accepts", tpl__compile_accepts },
        { "tpl__dot_only_template", tpl__dot_only_template },
        { "tpl__nesting_limits", tpl__nesting_limits },
        { "tpl__recursive_partials_stop", tpl__recursive_partials_stop },
        { "tpl__set_lookup_and_names", tpl__set_lookup_and_names },
        { "tpl__link_reports_unknown_partial", tpl__link_reports_unknown_partial },
        { "tpl__load_dir", tpl__load_dir },
        { "tpl__load_dir_errors", tpl__load_dir_errors },
        { "tpl__stops_when_output_is_full", tpl__stops_when_output_is_full },
        { "tpl__values_never_inject", tpl__values_never_inject },
        { NULL, NULL },
    };
    test_add_suite("view/tpl", cases);
}
