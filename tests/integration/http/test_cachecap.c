/*
 * The render cache's byte cap (http/rendercache.h) over HTTP: filled with
 * far more kept pages than its cap holds, it stays under the cap, counting
 * what it truly holds (each page's mapping in whole pages, its variants,
 * slots and keys), and still keeps pages; /metrics shows each cache and the
 * process's memory (issue 22, "Memory").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "http/rendercache.h"

#define CAP       (64 * 1024)
#define ADDRESSES 24 /* each kept page is 8-20 KB: several times the cap */

static struct server srv;

static int start(void)
{
    static const char *const env[] = { "DYSGU_RENDER_CACHE=true", "DYSGU_RENDER_CACHE_BYTES=65536",
                                       NULL };

    if (fx_init())
        return -1;
    return server_start(&srv, env);
}

static int stop(void)
{
    return harness_stop(&srv);
}

/* GET a catalogue search often enough to be kept, in Welsh with brotli
 * asked for (so its variants are made too); 1 when every answer was 200. */
static int ask_often(int i)
{
    char path[96];
    int k, ok = 1;

    snprintf(path, sizeof(path), "/cy/courses?q=cap%02d", i);
    for (k = 0; k <= RENDERCACHE_ADMIT_ASKS; k++) {
        struct http_resp r;

        if (http_get(&srv, path, "Accept-Encoding: br\r\n", &r))
            return 0;
        ok &= r.status == 200;
        http_resp_free(&r);
    }
    return ok;
}

static void cachecap__filled_past_its_cap_stays_under_it(void)
{
    long empty = http_metric(&srv, "dysgu_cache_bytes{cache=\"render\"}"), bytes, entries, peak = 0;
    int i;

    CU_ASSERT(empty > 0); /* its tables */
    CU_ASSERT_EQUAL(http_metric(&srv, "dysgu_cache_entries{cache=\"render\"}"), 0);
    for (i = 0; i < ADDRESSES; i++) {
        CU_ASSERT(ask_often(i));
        bytes = http_metric(&srv, "dysgu_cache_bytes{cache=\"render\"}");
        CU_ASSERT(bytes - empty <= CAP);
        if (bytes - empty > CAP)
            fprintf(stderr, "render cache holds %ld bytes, cap %d\n", bytes - empty, CAP);
        if (bytes > peak)
            peak = bytes;
    }
    entries = http_metric(&srv, "dysgu_cache_entries{cache=\"render\"}");
    /* it kept pages, and dropped the oldest: far fewer than were asked for */
    CU_ASSERT(entries >= 1 && entries < ADDRESSES / 2);
    CU_ASSERT(peak - empty > CAP / 4);
    /* the old gauge says the same */
    CU_ASSERT_EQUAL(http_metric(&srv, "dysgu_rendercache_keys"), entries);
}

static void cachecap__metrics_show_memory_and_every_cache(void)
{
    static const char *const caches[] = { "render", "session", "catalogue",
                                          "words",  "kept",    "kept_packed" };
    char line[96];
    size_t i;

    CU_ASSERT(http_metric(&srv, "dysgu_resident_bytes") > 1024 * 1024);
    /* glibc's figures (0 under AddressSanitizer, whose allocator replaces it) */
    CU_ASSERT(http_metric(&srv, "dysgu_malloc_bytes{state=\"in_use\"}") >= 0);
    for (i = 0; i < sizeof(caches) / sizeof(caches[0]); i++) {
        snprintf(line, sizeof(line), "dysgu_cache_bytes{cache=\"%s\"}", caches[i]);
        CU_ASSERT(http_metric(&srv, line) >= 0);
        snprintf(line, sizeof(line), "dysgu_cache_entries{cache=\"%s\"}", caches[i]);
        CU_ASSERT(http_metric(&srv, line) >= 0);
    }
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "cachecap__filled_past_its_cap_stays_under_it",
          cachecap__filled_past_its_cap_stays_under_it },
        { "cachecap__metrics_show_memory_and_every_cache",
          cachecap__metrics_show_memory_and_every_cache },
        { NULL, NULL },
    };
    test_add_suite_with("http/cachecap", cases, start, stop);
}
