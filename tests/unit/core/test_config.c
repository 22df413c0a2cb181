#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "testing.h"

static void clear_env(void)
{
    static const char *const names[] = {
        "DYSGU_CONFIG",   "DYSGU_LISTEN",          "DYSGU_THREADS",
        "DYSGU_DB",       "DYSGU_BASE_URL",        "DYSGU_SECURE_COOKIES",
        "DYSGU_MAX_BODY", "DYSGU_LOG_LEVEL",       "DYSGU_ROOT",
        "DYSGU_DB_POOL",  "DYSGU_TRUSTED_PROXIES", "DYSGU_BREACHED_PASSWORDS"
    };
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        unsetenv(names[i]);
    setenv("DYSGU_CONFIG", "/nonexistent/dysgu.json", 1);
}

static void config__defaults(void)
{
    struct config c;
    char err[256];

    clear_env();
    CU_ASSERT_FATAL(config_load(&c, err, sizeof(err)) == -1);
    CU_ASSERT(strstr(err, "/nonexistent/dysgu.json") != NULL);
    config_release(&c);
    unsetenv("DYSGU_CONFIG");
    CU_ASSERT_FATAL(chdir("/") == 0);
    CU_ASSERT_FATAL(config_load(&c, err, sizeof(err)) == 0);
    CU_ASSERT_STRING_EQUAL(c.listen, "127.0.0.1:8080");
    CU_ASSERT(c.threads == 256);
    {
        long n = 4 * sysconf(_SC_NPROCESSORS_ONLN); /* four a core, 8 to 32 */

        CU_ASSERT(c.db_pool == (n < 8 ? 8 : n > 32 ? 32 : n));
    }
    CU_ASSERT(c.render_cache == 1);
    CU_ASSERT_STRING_EQUAL(c.trusted_proxies, "");
    CU_ASSERT(c.max_body == 65536);
    CU_ASSERT(c.secure_cookies == 0);
    CU_ASSERT_STRING_EQUAL(c.breached_passwords, "var/data/breached-passwords.txt");
    config_release(&c);
}

static void config__environment_wins_and_is_validated(void)
{
    static const struct {
        const char *name, *value, *must_mention;
    } bad[] = {
        { "DYSGU_THREADS", "2", "threads" },
        { "DYSGU_THREADS", "64x", "threads" },
        { "DYSGU_LISTEN", "localhost:99999", "listen" },
        { "DYSGU_LISTEN", "", "listen" },
        { "DYSGU_BASE_URL", "localhost:8080", "base_url" },
        { "DYSGU_BASE_URL", "https://x.example/", "base_url" },
        { "DYSGU_SECURE_COOKIES", "maybe", "secure_cookies" },
        { "DYSGU_MAX_BODY", "10", "max_body" },
        { "DYSGU_LOG_LEVEL", "loud", "log_level" },
        { "DYSGU_DB_POOL", "0", "db_pool" },
        { "DYSGU_TRUSTED_PROXIES", "127.0.0.1,nginx", "trusted_proxies" },
        { "DYSGU_TRUSTED_PROXIES", "10.0.0.0/8", "trusted_proxies" },
        { "DYSGU_TRUSTED_PROXIES", "127.0.0.1,,::1", "trusted_proxies" },
    };
    struct config c;
    char err[256];
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        clear_env();
        unsetenv("DYSGU_CONFIG");
        setenv(bad[i].name, bad[i].value, 1);
        err[0] = '\0';
        CU_ASSERT(config_load(&c, err, sizeof(err)) == -1);
        CU_ASSERT(strstr(err, bad[i].must_mention) != NULL);
        config_release(&c);
    }
    clear_env();
    unsetenv("DYSGU_CONFIG");
    setenv("DYSGU_THREADS", "8", 1);
    setenv("DYSGU_SECURE_COOKIES", "true", 1);
    CU_ASSERT_FATAL(config_load(&c, err, sizeof(err)) == 0);
    CU_ASSERT(c.threads == 8 && c.secure_cookies == 1);
    config_release(&c);
    unsetenv("DYSGU_THREADS");
    unsetenv("DYSGU_SECURE_COOKIES");
}

static void config__file_is_strict(void)
{
    struct config c;
    char err[256];

    clear_env();
    setenv("DYSGU_CONFIG", DYSGU_SOURCE_DIR "/tests/unit/data/config/unknown-key.json", 1);
    CU_ASSERT(config_load(&c, err, sizeof(err)) == -1);
    CU_ASSERT(strstr(err, "lisen") != NULL);
    config_release(&c);
    setenv("DYSGU_CONFIG", DYSGU_SOURCE_DIR "/tests/unit/data/config/good.json", 1);
    CU_ASSERT_FATAL(config_load(&c, err, sizeof(err)) == 0);
    CU_ASSERT_STRING_EQUAL(c.listen, "127.0.0.1:9090");
    CU_ASSERT(c.threads == 32);
    CU_ASSERT(c.access_log == 0);
    config_release(&c);
    setenv("DYSGU_LISTEN", "127.0.0.1:7070", 1);
    CU_ASSERT_FATAL(config_load(&c, err, sizeof(err)) == 0);
    CU_ASSERT_STRING_EQUAL(c.listen, "127.0.0.1:7070");
    config_release(&c);
    clear_env();
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "config__defaults", config__defaults },
        { "config__environment_wins_and_is_validated", config__environment_wins_and_is_validated },
        { "config__file_is_strict", config__file_is_strict },
        { NULL, NULL },
    };
    test_add_suite("core/config", cases);
}
