/*
 * auth/password.c: NFKC normalisation, the policy (ASVS 6.2), the common
 * list, Argon2id through the semaphore, the dummy verification and the
 * ceiling on stored parameters.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "auth/password.h"
#include "core/arena.h"
#include "testing.h"

#define LIST   DYSGU_SOURCE_DIR "/data/common-passwords.txt"
#define L(lit) lit, sizeof(lit) - 1

static struct arena mem;

static double now_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU seconds this thread has used: the work done, which a busy machine does
 * not stretch as it stretches the wall clock (the checks that ask whether
 * Argon2id ran at all use it, not how fast the machine is). */
static double cpu_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int suite_init(void)
{
    if (sodium_init() < 0)
        return 1;
    arena_init(&mem, 0);
    return pw_policy_load(LIST) ? 1 : 0;
}

static int suite_clean(void)
{
    pw_policy_free();
    arena_release(&mem);
    return 0;
}

struct policy_case {
    const char *pw;
    size_t len;
    enum pw_problem want;
};

static const struct policy_case policy_cases[] = {
    { L(""), PW_TOO_SHORT },
    { L("x7#kQ2m"), PW_TOO_SHORT }, /* 7 characters */
    { L("x7#kQ2mz"), PW_OK },       /* 8 */
    { L("correct horse battery staple"), PW_OK },
    { L("t\xc5\xb7 bach twt"), PW_OK }, /* tŷ bach twt */
    { L("\xc5\xb5\xc5\xb5\xc5\xb5\xc5\xb5\xc5\xb5\xc5\xb5\xc5\xb5"), PW_TOO_SHORT },  /* ŵ x 7 */
    { L("\xc5\xb5\xc5\xb5\xc5\xb5\xc5\xb5\xc5\xb5\xc5\xb5\xc5\xb5\xc5\xb5"), PW_OK }, /* ŵ x 8 */
    { L("password123"), PW_COMMON },
    { L("PassWord123"), PW_COMMON },
    { L("password"), PW_COMMON },
    { L("qwertyuiop"), PW_COMMON },
    { L("1qaz2wsx"), PW_COMMON },
    { L("Cymru123"), PW_CONTAINS_SERVICE }, /* the service's names before the list */
    { L("caru-WALES-am-byth"), PW_CONTAINS_SERVICE },
    { L("yr academi fach"), PW_CONTAINS_SERVICE },
    { L("hiraeth1"), PW_COMMON },
    { L("CARIAD123"), PW_COMMON },
    { L("password123 but longer"), PW_OK }, /* a list entry inside is fine */
    { L("Dysgu2025!"), PW_CONTAINS_SERVICE },
    { L("my-dYsGu-account"), PW_CONTAINS_SERVICE },
    { L("dysgu"), PW_TOO_SHORT }, /* length first */
    { L("pass\tword123x"), PW_INVALID },
    { L("pass\nword123x"), PW_INVALID },
    { L("password\x7f"
        "123"),
      PW_INVALID },
    { L("password\xc2\x85xyz"), PW_INVALID }, /* C1 NEL */
    { L("pass\xffword123"), PW_INVALID },
    { L("pass\xc0\xafword123"), PW_INVALID }, /* overlong */
};

/* Context words: the person's name and e-mail address, split into words of
 * at least four characters, found ignoring case beyond ASCII too. */
static void policy__context_words(void)
{
    const char *const context[] = { "Si\xc3\xa2n Llewelyn-Jo", "jo.gwenllian@llyw.cymru" };

    CU_ASSERT_EQUAL(pw_check_context(L("mae llewelyn yma"), context, 2), PW_CONTEXT);
    CU_ASSERT_EQUAL(pw_check_context(L("SI\xc3\x82N a'r gath"), context, 2), PW_CONTEXT);
    CU_ASSERT_EQUAL(pw_check_context(L("Gwenllian 1282"), context, 2), PW_CONTEXT);
    CU_ASSERT_EQUAL(pw_check_context(L("llyw y llong"), context, 2), PW_CONTEXT);
    /* "jo" is too short to count; a NULL context is nothing */
    CU_ASSERT_EQUAL(pw_check_context(L("jo a'r gath ddu"), context, 2), PW_OK);
    CU_ASSERT_EQUAL(pw_check_context(L("mae llewelyn yma"), NULL, 0), PW_OK);
}

static void policy__table(void)
{
    size_t i;
    char msg[128];

    for (i = 0; i < sizeof(policy_cases) / sizeof(policy_cases[0]); i++) {
        enum pw_problem got = pw_check_policy(policy_cases[i].pw, policy_cases[i].len);

        CU_ASSERT_EQUAL(got, policy_cases[i].want);
        if (got != policy_cases[i].want) {
            snprintf(msg, sizeof(msg), "policy case %zu: got %d, want %d", i, (int)got,
                     (int)policy_cases[i].want);
            fprintf(stderr, "%s\n", msg);
        }
    }
}

/* 1024 bytes is the longest allowed, 1025 is refused; never truncated */
static void policy__length_limits(void)
{
    char pw[1100];
    size_t i;

    for (i = 0; i < sizeof(pw); i++)
        pw[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[(i * 7) % 36];
    CU_ASSERT_EQUAL(pw_check_policy(pw, 1024), PW_OK);
    CU_ASSERT_EQUAL(pw_check_policy(pw, 1025), PW_TOO_LONG);
    CU_ASSERT_EQUAL(pw_check_policy(pw, 64), PW_OK);
    /* 512 two-byte characters = 1024 bytes: fine; one more is too long */
    for (i = 0; i + 1 < sizeof(pw); i += 2) {
        pw[i] = '\xc5';
        pw[i + 1] = '\xb5';
    }
    CU_ASSERT_EQUAL(pw_check_policy(pw, 1024), PW_OK);
    CU_ASSERT_EQUAL(pw_check_policy(pw, 1026), PW_TOO_LONG);
}

/* "tŷ" typed precomposed (NFC) and as y + U+0302 (NFD) is one password */
static void normalise__nfc_and_nfd_equal(void)
{
    size_t a_len, b_len;
    char *a = pw_normalise(&mem, L("t\xc5\xb7 bach twt 2025"), &a_len);
    char *b = pw_normalise(&mem, L("ty\xcc\x82 bach twt 2025"), &b_len);

    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL(a_len, b_len);
    CU_ASSERT_EQUAL(memcmp(a, b, a_len), 0);
    CU_ASSERT_STRING_EQUAL(a, "t\xc5\xb7 bach twt 2025");
    CU_ASSERT_EQUAL(a[a_len], '\0');
}

static void normalise__compatibility_forms(void)
{
    size_t len;
    /* fullwidth "ｐａｓｓｗｏｒｄ１２３" is password123 after NFKC */
    char *s = pw_normalise(&mem,
                           L("\xef\xbd\x90\xef\xbd\x81\xef\xbd\x93\xef\xbd\x93\xef\xbd\x97\xef\xbd"
                             "\x8f\xef\xbd\x92\xef\xbd\x84\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93"),
                           &len);

    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "password123");
    CU_ASSERT_EQUAL(pw_check_policy(s, len), PW_COMMON);
    /* the ligature ﬁ becomes "fi"; the service name written in fullwidth is caught */
    s = pw_normalise(&mem, L("\xef\xac\x81ne words"), &len);
    CU_ASSERT_STRING_EQUAL(s, "fine words");
    s = pw_normalise(
        &mem, L("my \xef\xbc\xa4\xef\xbc\xb9\xef\xbc\xb3\xef\xbc\xa7\xef\xbc\xb5 pass"), &len);
    CU_ASSERT_EQUAL(pw_check_policy(s, len), PW_CONTAINS_SERVICE);
}

static void normalise__invalid_utf8(void)
{
    size_t len = 99;

    CU_ASSERT_PTR_NULL(pw_normalise(&mem, L("pass\xffword"), &len));
    CU_ASSERT_EQUAL(len, 0);
    CU_ASSERT_PTR_NULL(pw_normalise(&mem, L("\xed\xa0\x80surrogate"), &len));
    CU_ASSERT_PTR_NULL(pw_normalise(&mem, "a\0b", 3, &len));
    CU_ASSERT_EQUAL(pw_check_policy("pass\xffword", 9), PW_INVALID);
    CU_ASSERT_PTR_NOT_NULL(pw_normalise(&mem, L(""), &len));
    CU_ASSERT_EQUAL(len, 0);
}

/* without the list only the list check is skipped; a bad path is -1 */
static void policy__without_list(void)
{
    CU_ASSERT_EQUAL(pw_policy_load("/nonexistent/common-passwords.txt"), -1);
    CU_ASSERT_EQUAL(pw_check_policy(L("password123")), PW_COMMON); /* old list kept */
    pw_policy_free();
    CU_ASSERT_EQUAL(pw_check_policy(L("password123")), PW_OK);
    CU_ASSERT_EQUAL(pw_check_policy(L("Dysgu2025!")), PW_CONTAINS_SERVICE);
    CU_ASSERT_EQUAL(pw_check_policy(L("short")), PW_TOO_SHORT);
    CU_ASSERT_EQUAL_FATAL(pw_policy_load(LIST), 0);
    CU_ASSERT_EQUAL(pw_check_policy(L("password123")), PW_COMMON);
}

/* a second list joins the first: both refused, a bad path changes nothing */
static void policy__breached_list_added(void)
{
    char path[] = "/tmp/dysgu-breached-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("# a list made at install time\nusuckballz1\nPassword123\n\nZ\xc5\xb5-breached-9\n", f);
    fclose(f);
    CU_ASSERT_EQUAL(pw_check_policy(L("usuckballz1")), PW_OK);
    CU_ASSERT_EQUAL(pw_policy_add(path), 3);
    CU_ASSERT_EQUAL(pw_check_policy(L("usuckballz1")), PW_COMMON);
    CU_ASSERT_EQUAL(pw_check_policy(L("USuckBallz1")), PW_COMMON);
    CU_ASSERT_EQUAL(pw_check_policy(L("z\xc5\xb5-BREACHED-9")), PW_COMMON);
    CU_ASSERT_EQUAL(pw_check_policy(L("password123")), PW_COMMON); /* the first list stays */
    CU_ASSERT_EQUAL(pw_check_policy(L("usuckballz2")), PW_OK);
    CU_ASSERT_EQUAL(pw_policy_add("/nonexistent/breached.txt"), -1);
    CU_ASSERT_EQUAL(pw_check_policy(L("usuckballz1")), PW_COMMON);
    CU_ASSERT_EQUAL(pw_check_policy(L("password123")), PW_COMMON);
    unlink(path);
    CU_ASSERT_EQUAL_FATAL(pw_policy_load(LIST), 0);
    CU_ASSERT_EQUAL(pw_check_policy(L("usuckballz1")), PW_OK);
}

static void hash__round_trip_limited(void)
{
    char h[PW_HASH_LEN];
    size_t a_len, b_len;
    char *set = pw_normalise(&mem, L("t\xc5\xb7 bach twt 2025"), &a_len);
    char *typed = pw_normalise(&mem, L("ty\xcc\x82 bach twt 2025"), &b_len);

    CU_ASSERT_EQUAL_FATAL(pw_hash_limited(h, set, a_len), 0);
    CU_ASSERT_EQUAL(strncmp(h, "$argon2id$v=19$m=65536,t=2,p=1$", 31), 0);
    CU_ASSERT_EQUAL(pw_verify_limited(h, typed, b_len), 1);
    CU_ASSERT_EQUAL(pw_verify_limited(h, L("t\xc5\xb7 bach twt 202")), 0); /* a prefix */
    CU_ASSERT_EQUAL(pw_verify_limited(h, L("wrong")), 0);
    CU_ASSERT_EQUAL(pw_needs_rehash(h), 0);
    CU_ASSERT_EQUAL(pw_verify_limited("not a hash", L("wrong")), 0);
}

/* an unknown e-mail: no match, but the same work as a real verification */
static void hash__dummy_verification(void)
{
    char h[PW_HASH_LEN];
    double t0, real, dummy;

    CU_ASSERT_EQUAL(pw_verify_limited(NULL, L("anything at all")), 0); /* makes the dummy */
    CU_ASSERT_EQUAL_FATAL(pw_hash_limited(h, L("a real password")), 0);
    t0 = cpu_s();
    CU_ASSERT_EQUAL(pw_verify_limited(h, L("not the password")), 0);
    real = cpu_s() - t0;
    t0 = cpu_s();
    CU_ASSERT_EQUAL(pw_verify_limited(NULL, L("not the password")), 0);
    dummy = cpu_s() - t0;
    /* Argon2id with 64 MiB takes tens of milliseconds either way */
    CU_ASSERT(dummy > real / 3);
    CU_ASSERT(dummy > 0.01);
}

/* a planted hash with a huge m or t is refused at once, not run */
static void hash__ceiling(void)
{
    static const char *const costly[] = {
        "$argon2id$v=19$m=1048576,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
        "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$m=65536,t=11,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
        "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$m=99999999999,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
        "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$m=65536$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
        "$scrypt$whatever",
    };
    double t0 = cpu_s();
    size_t i;

    for (i = 0; i < sizeof(costly) / sizeof(costly[0]); i++)
        CU_ASSERT_EQUAL(pw_verify_limited(costly[i], L("password")), 0);
    CU_ASSERT(cpu_s() - t0 < 0.05);
}

/* --- the semaphore, held from threads --- */

static pthread_mutex_t hold_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hold_cond = PTHREAD_COND_INITIALIZER;
static int held, holding_failed, let_go;

static void *hold_slot(void *p)
{
    int ok = pw_slot_acquire(5000) == 0;

    (void)p;
    pthread_mutex_lock(&hold_lock);
    if (ok)
        held++;
    else
        holding_failed++;
    pthread_cond_broadcast(&hold_cond);
    while (!let_go)
        pthread_cond_wait(&hold_cond, &hold_lock);
    pthread_mutex_unlock(&hold_lock);
    if (ok)
        pw_slot_release();
    return NULL;
}

static void hash__busy_when_slots_held(void)
{
    int n = pw_slots(), i;
    pthread_t *t = calloc((size_t)n, sizeof(*t));
    char h[PW_HASH_LEN];
    double t0, waited;

    CU_ASSERT_FATAL(n >= 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    held = holding_failed = let_go = 0;
    for (i = 0; i < n; i++)
        CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, hold_slot, NULL), 0);
    pthread_mutex_lock(&hold_lock);
    while (held + holding_failed < n)
        pthread_cond_wait(&hold_cond, &hold_lock);
    pthread_mutex_unlock(&hold_lock);
    CU_ASSERT_EQUAL(held, n);

    t0 = now_s();
    CU_ASSERT_EQUAL(pw_hash_limited(h, L("correct horse battery staple")), -2);
    waited = now_s() - t0;
    CU_ASSERT(waited >= 1.9 && waited < 4.0);
    CU_ASSERT_EQUAL(pw_verify_limited(NULL, L("correct horse battery staple")), -2);

    pthread_mutex_lock(&hold_lock);
    let_go = 1;
    pthread_cond_broadcast(&hold_cond);
    pthread_mutex_unlock(&hold_lock);
    for (i = 0; i < n; i++)
        pthread_join(t[i], NULL);
    free(t);

    /* every slot is back */
    CU_ASSERT_EQUAL(pw_hash_limited(h, L("correct horse battery staple")), 0);
    CU_ASSERT_EQUAL(pw_verify_limited(h, L("correct horse battery staple")), 1);
}

static void random__passes_policy(void)
{
    char pw[21];
    int i;

    for (i = 0; i < 50; i++) {
        pw_random(pw, sizeof(pw));
        CU_ASSERT_EQUAL(strlen(pw), 20);
        CU_ASSERT_EQUAL(pw_check_policy(pw, strlen(pw)), PW_OK);
    }
}

void test_register(void)
{
    static const struct test_case cases[] = {
        { "policy__table", policy__table },
        { "policy__context_words", policy__context_words },
        { "policy__length_limits", policy__length_limits },
        { "normalise__nfc_and_nfd_equal", normalise__nfc_and_nfd_equal },
        { "normalise__compatibility_forms", normalise__compatibility_forms },
        { "normalise__invalid_utf8", normalise__invalid_utf8 },
        { "policy__without_list", policy__without_list },
        { "policy__breached_list_added", policy__breached_list_added },
        { "hash__round_trip_limited", hash__round_trip_limited },
        { "hash__dummy_verification", hash__dummy_verification },
        { "hash__ceiling", hash__ceiling },
        { "hash__busy_when_slots_held", hash__busy_when_slots_held },
        { "random__passes_policy", random__passes_policy },
        { NULL, NULL },
    };

    test_add_suite_with("password", cases, suite_init, suite_clean);
}
