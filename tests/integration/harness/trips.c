#include "trips.h"

#include "process.h"
#include "testing.h"

long trips_as(const struct server *srv, const struct fx_session *s, const char *path,
              const char *pattern)
{
    long before = http_round_trips(srv, pattern);
    struct http_resp r = http_get_as(srv, path, s);

    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
    return http_round_trips(srv, pattern) - before;
}

long trips_browser(const struct server *srv, struct browser *b, const char *path,
                   const char *pattern)
{
    long before = http_round_trips(srv, pattern);
    struct http_resp r = browser_get(b, path);

    CU_ASSERT_EQUAL(r.status, 200);
    http_resp_free(&r);
    return http_round_trips(srv, pattern) - before;
}

long trips_kept_as(const struct server *srv, const struct fx_session *s, const char *path,
                   const char *pattern, int tries)
{
    long least = -1, n;
    int i;

    for (i = 0; i < tries && least != 0; i++) {
        trips_as(srv, s, path, pattern);
        n = trips_as(srv, s, path, pattern);
        if (least < 0 || n < least)
            least = n;
    }
    return least;
}

long trips_least_as(const struct server *srv, const struct fx_session *s, const char *path,
                    const char *pattern)
{
    long least = -1, n;
    int i;

    for (i = 0; i < 3 && least != 0; i++) {
        if (i)
            test_sleep_ms(600);
        n = trips_as(srv, s, path, pattern);
        if (least < 0 || n < least)
            least = n;
    }
    return least;
}

int shows_as(const struct server *srv, const struct fx_session *s, const char *path,
             const char *needle)
{
    struct http_resp r = http_get_as(srv, path, s);
    int ok = r.status == 200 && http_body_has(&r, needle);

    http_resp_free(&r);
    return ok;
}

int shows_browser(struct browser *b, const char *path, const char *needle)
{
    struct http_resp r = browser_get(b, path);
    int ok = r.status == 200 && http_body_has(&r, needle);

    http_resp_free(&r);
    return ok;
}
