#include "password.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/utf8.h"
#include "core/xalloc.h"

#define PW_OPS crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PW_MEM crypto_pwhash_MEMLIMIT_INTERACTIVE

/* stored hashes above these are refused before verifying (security.md 2.3) */
#define PW_CEILING_M_KIB (256u * 1024u)
#define PW_CEILING_T     10u

#define PW_WAIT_MS 2000

/* input to pw_normalise above this is refused outright: nothing longer can
 * pass the policy, and it bounds the memory one request can make us use */
#define PW_NORMALISE_MAX (64 * 1024)

/* common-list entries longer than this are skipped when loading */
#define PW_COMMON_ENTRY_MAX 128

/* The service's names and what it is called, in both languages (ASVS 6.2.11). */
static const char *const service_words[] = {
    "dysgu", "cymru", "wales", "welsh", "cymraeg", "academi", "academy",
};

/* --- hashing --------------------------------------------------------- */

int pw_hash(char out[PW_HASH_LEN], const char *pw, size_t len)
{
    return crypto_pwhash_str(out, pw, len, PW_OPS, PW_MEM) ? -1 : 0;
}

/* the prototypes read a full crypto_pwhash_STRBYTES: copy into a zeroed buffer */
static int load(char buf[PW_HASH_LEN], const char *stored)
{
    size_t n = strlen(stored);

    if (n >= PW_HASH_LEN)
        return -1;
    memset(buf, 0, PW_HASH_LEN);
    memcpy(buf, stored, n);
    return 0;
}

/* Read an unsigned decimal at *s, advancing it; -1 when there is none or it
 * does not fit in 32 bits. */
static int read_u32(const char **s, unsigned *out)
{
    unsigned long long v = 0;
    const char *p = *s;

    if (*p < '0' || *p > '9')
        return -1;
    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (unsigned)(*p - '0');
        if (v > 0xffffffffull)
            return -1;
        p++;
    }
    *s = p;
    *out = (unsigned)v;
    return 0;
}

/* 0 when stored is "$argon2id$v=19$m=M,t=T,p=P$..." (or argon2i) with m and t
 * within the ceiling; -1 otherwise (malformed, or too costly to verify). */
static int within_ceiling(const char *stored)
{
    const char *p = stored;
    unsigned v, m, t, par;

    if (!strncmp(p, "$argon2id$", 10))
        p += 10;
    else if (!strncmp(p, "$argon2i$", 9))
        p += 9;
    else
        return -1;
    if (!strncmp(p, "v=", 2)) {
        p += 2;
        if (read_u32(&p, &v) || *p++ != '$')
            return -1;
    }
    if (strncmp(p, "m=", 2))
        return -1;
    p += 2;
    if (read_u32(&p, &m) || strncmp(p, ",t=", 3))
        return -1;
    p += 3;
    if (read_u32(&p, &t) || strncmp(p, ",p=", 3))
        return -1;
    p += 3;
    if (read_u32(&p, &par) || *p != '$')
        return -1;
    if (m > PW_CEILING_M_KIB || t > PW_CEILING_T)
        return -1;
    return 0;
}

int pw_verify(const char *stored, const char *pw, size_t len)
{
    char buf[PW_HASH_LEN];

    if (load(buf, stored))
        return 0;
    if (within_ceiling(buf)) {
        log_warn("refusing to verify a stored password hash with unexpected or too costly "
                 "parameters");
        return 0;
    }
    return crypto_pwhash_str_verify(buf, pw, len) == 0;
}

int pw_needs_rehash(const char *stored)
{
    char buf[PW_HASH_LEN];

    if (load(buf, stored))
        return 1;
    return crypto_pwhash_str_needs_rehash(buf, PW_OPS, PW_MEM) != 0;
}

void pw_random(char *out, size_t size)
{
    /* no look-alikes (0/O, 1/l/I) so it can be read out and typed */
    static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    size_t i, n = size - 1 < 20 ? size - 1 : 20;

    do {
        for (i = 0; i < n; i++)
            out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
        out[n] = '\0';
    } while (n >= PW_MIN_CHARS && pw_check_policy(out, n) != PW_OK);
}

/* --- normalisation --------------------------------------------------- */

char *pw_normalise(struct arena *a, const char *pw, size_t len, size_t *out_len)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfkc;
    UChar *src = NULL, *dst = NULL;
    int32_t src_n = 0, dst_n = 0, out_n = 0, src_cap = 0, dst_cap = 0;
    char *buf, *ret = NULL;

    *out_len = 0;
    if (!pw)
        pw = "";
    if (len > PW_NORMALISE_MAX || !utf8_valid(pw, len))
        return NULL;
    nfkc = unorm2_getNFKCInstance(&err);
    if (U_FAILURE(err))
        goto out;

    /* UTF-8 -> UTF-16: never more code units than bytes */
    src_cap = (int32_t)len + 1;
    src = arena_alloc(a, (size_t)src_cap * sizeof(UChar));
    u_strFromUTF8(src, src_cap, &src_n, pw, (int32_t)len, &err);
    if (U_FAILURE(err))
        goto out;

    /* preflight for the size: NFKC can expand (U+FDFA becomes 18 characters) */
    dst_n = unorm2_normalize(nfkc, src, src_n, NULL, 0, &err);
    if (U_FAILURE(err) && err != U_BUFFER_OVERFLOW_ERROR)
        goto out;
    err = U_ZERO_ERROR;
    dst_cap = dst_n + 1;
    dst = arena_alloc(a, (size_t)dst_cap * sizeof(UChar));
    dst_n = unorm2_normalize(nfkc, src, src_n, dst, dst_cap, &err);
    if (U_FAILURE(err))
        goto out;

    /* UTF-16 -> UTF-8: at most 3 bytes per code unit */
    buf = arena_alloc(a, (size_t)dst_n * 3 + 1);
    u_strToUTF8(buf, dst_n * 3 + 1, &out_n, dst, dst_n, &err);
    if (U_FAILURE(err))
        goto out;
    *out_len = (size_t)out_n;
    ret = buf;
out:
    if (U_FAILURE(err))
        log_warn("cannot normalise a password: %s", u_errorName(err));
    /* the arena's memory is reused: leave no copy of the password behind */
    if (src)
        sodium_memzero(src, (size_t)src_cap * sizeof(UChar));
    if (dst)
        sodium_memzero(dst, (size_t)dst_cap * sizeof(UChar));
    return ret;
}

/* --- policy ---------------------------------------------------------- */

static char **common;
static size_t n_common;

/* 1 if s has a C0 control, DEL or a C1 control (U+0080..U+009F). */
static int has_control(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c < 0x20 || c == 0x7f)
            return 1;
        if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] <= 0x9f)
            return 1;
    }
    return 0;
}

/*
 * Case-fold s (valid UTF-8, len <= PW_MAX_BYTES) with ICU's default full case
 * folding into out (NUL-terminated). 0, or -1 if it does not fit.
 */
static int fold(const char *s, size_t len, char *out, size_t out_size)
{
    UChar u[PW_MAX_BYTES + 1], f[3 * (PW_MAX_BYTES + 1)];
    UErrorCode err = U_ZERO_ERROR;
    int32_t u_n = 0, f_n = 0, o_n = 0;
    int ret = -1;

    if (len > PW_MAX_BYTES)
        return -1;
    u_strFromUTF8(u, (int32_t)(sizeof(u) / sizeof(u[0])), &u_n, s, (int32_t)len, &err);
    if (U_FAILURE(err))
        goto out;
    f_n = u_strFoldCase(f, (int32_t)(sizeof(f) / sizeof(f[0])), u, u_n, U_FOLD_CASE_DEFAULT, &err);
    if (U_FAILURE(err))
        goto out;
    u_strToUTF8(out, (int32_t)out_size, &o_n, f, f_n, &err);
    if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING)
        goto out;
    ret = 0;
out:
    sodium_memzero(u, sizeof(u));
    sodium_memzero(f, sizeof(f));
    return ret;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* 1 if s contains word, both case-folded (word: valid UTF-8). */
static int contains_folded(const char *folded_s, const char *word, size_t word_len)
{
    char w[3 * 3 * (PW_MAX_BYTES + 1)];
    int found;

    if (!word_len || word_len > PW_MAX_BYTES || !utf8_valid(word, word_len) ||
        fold(word, word_len, w, sizeof(w)))
        return 0;
    found = strstr(folded_s, w) != NULL;
    sodium_memzero(w, sizeof(w));
    return found;
}

/* 1 if s contains one of the service's names in either language, ignoring
 * case (after NFKC every way of writing them that looks like it is ASCII). */
static int contains_service(const char *s, size_t len)
{
    char folded[3 * 3 * (PW_MAX_BYTES + 1)];
    size_t i;
    int found = 0;

    if (fold(s, len, folded, sizeof(folded)))
        return 0;
    for (i = 0; i < sizeof(service_words) / sizeof(service_words[0]) && !found; i++)
        found = contains_folded(folded, service_words[i], strlen(service_words[i]));
    sodium_memzero(folded, sizeof(folded));
    return found;
}

/* 1 for a byte that separates the words of a name or an e-mail address:
 * ASCII that is not a letter (bytes of other letters are UTF-8, >= 0x80). */
static int word_break(unsigned char c)
{
    return c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

enum pw_problem pw_check_context(const char *normalised, size_t len, const char *const *context,
                                 size_t n)
{
    char folded[3 * 3 * (PW_MAX_BYTES + 1)];
    size_t i, start, end;
    int found = 0;

    if (!normalised || len > PW_MAX_BYTES || fold(normalised, len, folded, sizeof(folded)))
        return PW_OK; /* pw_check_policy says what is wrong with it */
    for (i = 0; i < n && !found; i++) {
        const char *t = context[i] ? context[i] : "";

        for (start = 0; t[start] && !found; start = end) {
            while (t[start] && word_break((unsigned char)t[start]))
                start++;
            for (end = start; t[end] && !word_break((unsigned char)t[end]); end++)
                ;
            if (utf8_count(t + start, end - start) >= PW_CONTEXT_MIN)
                found = contains_folded(folded, t + start, end - start);
        }
    }
    sodium_memzero(folded, sizeof(folded));
    return found ? PW_CONTEXT : PW_OK;
}

static int is_common(const char *s, size_t len)
{
    char folded[3 * 3 * (PW_MAX_BYTES + 1)];
    const char *key = folded;
    int found;

    /* folding at most triples the length, so nothing this long is listed */
    if (!n_common || len > 3 * PW_COMMON_ENTRY_MAX)
        return 0;
    if (fold(s, len, folded, sizeof(folded)))
        return 0;
    found = bsearch(&key, common, n_common, sizeof(common[0]), cmp_str) != NULL;
    sodium_memzero(folded, sizeof(folded));
    return found;
}

enum pw_problem pw_check_policy(const char *normalised, size_t len)
{
    if (!normalised || !utf8_valid(normalised, len) || has_control(normalised, len))
        return PW_INVALID;
    if (utf8_count(normalised, len) < PW_MIN_CHARS)
        return PW_TOO_SHORT;
    if (len > PW_MAX_BYTES)
        return PW_TOO_LONG;
    if (contains_service(normalised, len))
        return PW_CONTAINS_SERVICE;
    if (is_common(normalised, len))
        return PW_COMMON;
    return PW_OK;
}

void pw_policy_free(void)
{
    size_t i;

    for (i = 0; i < n_common; i++)
        free(common[i]);
    free(common);
    common = NULL;
    n_common = 0;
}

/*
 * Append the entries of the list at path to (*list)[0..*n) (case-folded, each
 * malloc'd; the array grows as needed): the number appended, or -1 (logged)
 * when the file cannot be read or holds an entry that is not UTF-8; entries
 * appended before the failure stay in *list for the caller to free.
 */
static long read_list(const char *path, char ***list, size_t *n, size_t *cap)
{
    char line[1024], folded[3 * 3 * (PW_MAX_BYTES + 1)];
    FILE *f = fopen(path, "r");
    size_t start = *n;
    long ret = -1;

    if (!f)
        return log_error("cannot read the password list '%s': %s", path, strerror(errno));
    while (fgets(line, sizeof(line), f)) {
        size_t len = strlen(line);

        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (!len || line[0] == '#' || len > PW_COMMON_ENTRY_MAX)
            continue;
        if (!utf8_valid(line, len) || fold(line, len, folded, sizeof(folded))) {
            log_error("password list '%s': an entry is not valid UTF-8", path);
            goto out;
        }
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 4096;
            *list = xrealloc(*list, *cap * sizeof(**list));
        }
        (*list)[(*n)++] = xstrdup(folded);
    }
    if (ferror(f)) {
        log_error("cannot read the password list '%s'", path);
        goto out;
    }
    ret = (long)(*n - start);
out:
    fclose(f);
    return ret;
}

/* Sort list[0..n), drop repeats and make it the refused list (taking it over). */
static void install(char **list, size_t n)
{
    size_t i, out;

    qsort(list, n, sizeof(*list), cmp_str);
    for (i = 0, out = 0; i < n; i++) {
        if (out && !strcmp(list[out - 1], list[i])) {
            free(list[i]);
            continue;
        }
        list[out++] = list[i];
    }
    pw_policy_free();
    common = list;
    n_common = out;
}

static void free_entries(char **list, size_t from, size_t to)
{
    size_t i;

    for (i = from; i < to; i++)
        free(list[i]);
}

int pw_policy_load(const char *path)
{
    char **list = NULL;
    size_t n = 0, cap = 0;

    if (read_list(path, &list, &n, &cap) < 0) {
        free_entries(list, 0, n);
        free(list);
        return -1;
    }
    install(list, n);
    return 0;
}

long pw_policy_add(const char *path)
{
    char **list = common;
    size_t before = n_common, n = n_common, cap = n_common;
    long added;

    /* the old list is the start of the new one: sorted again with the rest */
    common = NULL;
    n_common = 0;
    added = read_list(path, &list, &n, &cap);
    if (added < 0) {
        free_entries(list, before, n);
        common = list;
        n_common = before;
        return -1;
    }
    install(list, n);
    return added;
}

/* --- the Argon2id semaphore ------------------------------------------ */

static pthread_once_t slots_once = PTHREAD_ONCE_INIT;
static sem_t slots_sem;
static int n_slots;

static void slots_init(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    n_slots = n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
    if (sem_init(&slots_sem, 0, (unsigned)n_slots)) {
        log_error("cannot create the password-hashing semaphore: %s", strerror(errno));
        abort();
    }
}

int pw_slots(void)
{
    pthread_once(&slots_once, slots_init);
    return n_slots;
}

int pw_slot_acquire(int timeout_ms)
{
    struct timespec deadline;

    pthread_once(&slots_once, slots_init);
    deadline = clock_deadline(CLOCK_REALTIME, timeout_ms); /* sem_timedwait's clock */
    for (;;) {
        if (!sem_timedwait(&slots_sem, &deadline))
            return 0;
        if (errno == ETIMEDOUT)
            return -1;
        if (errno != EINTR) {
            log_error("cannot wait for a password-hashing slot: %s", strerror(errno));
            return -1;
        }
    }
}

void pw_slot_release(void)
{
    sem_post(&slots_sem);
}

int pw_hash_limited(char out[PW_HASH_LEN], const char *pw, size_t len)
{
    int ret;

    if (pw_slot_acquire(PW_WAIT_MS)) {
        log_warn("password hashing is busy: every slot is taken");
        return -2;
    }
    ret = pw_hash(out, pw, len);
    pw_slot_release();
    return ret;
}

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[PW_HASH_LEN];

static void dummy_init(void)
{
    char pw[33];

    pw_random(pw, sizeof(pw));
    if (pw_hash(dummy_hash, pw, strlen(pw))) {
        log_error("cannot make the dummy password hash: out of memory");
        dummy_hash[0] = '\0';
    }
    sodium_memzero(pw, sizeof(pw));
}

int pw_verify_limited(const char *stored, const char *pw, size_t len)
{
    int ret;

    if (pw_slot_acquire(PW_WAIT_MS)) {
        log_warn("password verification is busy: every slot is taken");
        return -2;
    }
    if (stored) {
        ret = pw_verify(stored, pw, len);
    } else {
        /* the same work as for a real account, and never a match */
        pthread_once(&dummy_once, dummy_init);
        (void)pw_verify(dummy_hash, pw, len);
        ret = 0;
    }
    pw_slot_release();
    return ret;
}
