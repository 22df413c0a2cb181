/*
 * view/welshfold.c: words folded to their radical forms for searching
 * (welshfold.h). The word list is the file mapped read-only, a line a word,
 * searched by bisecting its bytes: the 4.8 MB of the list are the page cache's,
 * and only the pages a search touches count in the server's memory.
 */
#define _DEFAULT_SOURCE /* madvise */
#include "view/welshfold.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "core/log.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "core/xalloc.h"

#define TERMS_MAX 16 /* radical forms of one word: 4 in practice (f: b, m, p) */
#define FOLD_MIN  3  /* shorter words (i, o, y, ar, am, yn) are not unmutated */

#define SAMPLE_EVERY 64 /* words of the list between two samples */

/* The list is searched in two steps: the samples, copied into the heap (~100 KB),
 * say which stretch of SAMPLE_EVERY words can hold the word, then that stretch
 * (~1.4 KB) is bisected in the mapping. A search thus touches one or two pages
 * of the file, not the ~10 of a bisection of all of it, and the kernel maps
 * 64 KB around each page it faults in. */
struct welshfold {
    const char *buf; /* the file, mapped read-only (NULL: no list), each word ending '\n' */
    size_t len;      /* its bytes (0 without a list) */
    size_t n;        /* its words */
    size_t n_samples;
    uint32_t *at;  /* n_samples + 1: where word k * SAMPLE_EVERY starts in buf, then len */
    uint32_t *off; /* n_samples: where the copy of that word starts in words */
    char *words;   /* the sampled words, each NUL-terminated */
};

/* One folded word and its radical forms: terms[0] is the word itself. */
struct word {
    char terms[TERMS_MAX][WELSHFOLD_WORD_MAX + 4];
    size_t lens[TERMS_MAX];
    size_t n;
};

/* Base letters of U+00C0..U+024F and U+1E00..U+1EFF ('.': none). */
static const char latin_a[] = "aaaaaa.ceeeeiiii.nooooo..uuuuy..aaaaaa.ceeeeiiii.nooooo..uuuuy.y"
                              "aaaaaaccccccccdd..eeeeeeeeeegggggggghh..iiiiiiiii...jjkk.llllll."
                              "...nnnnnn...oooooo..rrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzz."
                              "................................oo.............uu..............."
                              ".............aaiioouuuuuuuuuu.aaaa....ggkkoooo..j...gg..nnaa...."
                              "aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............"
                              "................";
static const char latin_ext[] = "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm"
                                "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv"
                                "wwwwwwwwwwxxxxyyzzzzzzhtwy......aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"
                                "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......";

_Static_assert(sizeof(latin_a) - 1 == 0x250 - 0xc0, "one letter per code point");
_Static_assert(sizeof(latin_ext) - 1 == 0x100, "one letter per code point");

/* InnoDB's default stopwords of 3 letters or more: never indexed. */
static const char *const stopwords[] = {
    "about", "are",  "com",  "for",   "from", "how",  "that", "the", "this",
    "was",   "what", "when", "where", "who",  "will", "with", "und", "www",
};

enum cls { SEP, DROP, LETTER };

/*
 * What code point c is in a word: a separator, a combining mark (dropped:
 * the accent of a decomposed letter) or a letter, digit or '_' (InnoDB's word
 * characters), whose folded UTF-8 goes to out (*n bytes).
 */
static enum cls classify(UChar32 c, char out[4], size_t *n)
{
    char base = '.';

    *n = 1;
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')
            out[0] = (char)c;
        else if (c >= 'A' && c <= 'Z')
            out[0] = (char)(c - 'A' + 'a');
        else
            return SEP;
        return LETTER;
    }
    if (c >= 0x300 && c <= 0x36f)
        return DROP;
    if (c >= 0xc0 && c < 0x250)
        base = latin_a[c - 0xc0];
    else if (c >= 0x1e00 && c < 0x1f00)
        base = latin_ext[c - 0x1e00];
    if (base != '.') {
        out[0] = base;
        return LETTER;
    }
    if (!u_isalnum(c))
        return SEP;
    c = u_tolower(c);
    *n = 0;
    U8_APPEND_UNSAFE(out, *n, c);
    return LETTER;
}

/* The next code point of s[*i..len), or -1 for an invalid byte (skipped). */
static UChar32 next_cp(const char *s, size_t len, size_t *i)
{
    size_t n = utf8_seq_len(s + *i, len - *i);
    UChar32 c;
    int32_t k = 0;

    if (n == 0) {
        (*i)++;
        return -1;
    }
    U8_NEXT_UNSAFE((const uint8_t *)(s + *i), k, c);
    *i += n;
    return c;
}

/*
 * Read the next word of s from *i into w (w->terms[0], folded). 0 at the
 * end. A word too long to fold comes back with w->n == 0 (skip it).
 */
static int next_word(const char *s, size_t len, size_t *i, struct word *w)
{
    char *t = w->terms[0];
    size_t n = 0, k;
    int seen = 0, over = 0;

    while (*i < len) {
        UChar32 c = next_cp(s, len, i);
        char u[4];
        enum cls cl = c < 0 ? SEP : classify(c, u, &k);

        if (cl == SEP) {
            if (seen)
                break;
            continue;
        }
        if (cl == DROP)
            continue;
        seen = 1;
        if (n + k > WELSHFOLD_WORD_MAX)
            over = 1;
        else
            memcpy(t + n, u, k), n += k;
    }
    t[n] = '\0';
    w->lens[0] = n;
    w->n = over || !n ? 0 : 1;
    return seen;
}

/* <0, 0, >0 as w[0..len) sorts before, equal to or after e[0..elen) (strcmp's order). */
static int word_cmp(const char *w, size_t len, const char *e, size_t elen)
{
    int cmp = memcmp(w, e, len < elen ? len : elen);

    return cmp ? cmp : len < elen ? -1 : len > elen;
}

/* Bisect the bytes buf[lo..hi): lo is always the start of a line and hi the
 * start of one or the end, so the line around the middle starts at or after lo. */
static int known_between(const struct welshfold *wf, const char *w, size_t len, size_t lo,
                         size_t hi)
{
    while (lo < hi) {
        size_t s = lo + (hi - lo) / 2;
        const char *e;
        int cmp;

        while (s > lo && wf->buf[s - 1] != '\n')
            s--;
        e = memchr(wf->buf + s, '\n', wf->len - s); /* the list ends with one */
        cmp = word_cmp(w, len, wf->buf + s, (size_t)(e - (wf->buf + s)));
        if (!cmp)
            return 1;
        if (cmp < 0)
            hi = s;
        else
            lo = (size_t)(e - wf->buf) + 1;
    }
    return 0;
}

int welshfold_known(const struct welshfold *wf, const char *w, size_t len)
{
    size_t lo = 0, hi = wf ? wf->n_samples : 0;

    /* the last sample not after w: its stretch is the only one that can hold w */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *e = wf->words + wf->off[mid];
        int cmp = word_cmp(w, len, e, strlen(e));

        if (!cmp)
            return 1;
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo > 0 && known_between(wf, w, len, wf->at[lo - 1], wf->at[lo]);
}

static int is_vowel(char c)
{
    return c && strchr("aeiouwy", c) != NULL;
}

/* 1 if t begins with a mutation no radical begins with: dd ng(h) mh nh. */
static int sure_prefix(const char *t)
{
    return !strncmp(t, "dd", 2) || !strncmp(t, "ng", 2) || !strncmp(t, "mh", 2) ||
           !strncmp(t, "nh", 2);
}

/* Add prefix + rest to w if it is new and (forced and t is unknown, or known). */
static void try_add(const struct welshfold *wf, struct word *w, const char *prefix,
                    const char *rest, size_t rlen, int forced, int t_known)
{
    size_t plen = strlen(prefix), len = plen + rlen, i;
    char c[WELSHFOLD_WORD_MAX + 4];

    if (w->n == TERMS_MAX || len > WELSHFOLD_WORD_MAX || len < FOLD_MIN)
        return;
    memcpy(c, prefix, plen);
    memcpy(c + plen, rest, rlen);
    c[len] = '\0';
    /* a sure mutation of a sure mutation ("dddd") would chain without end */
    if (!welshfold_known(wf, c, len) && !(forced && !t_known && !sure_prefix(c)))
        return;
    for (i = 0; i < w->n; i++)
        if (w->lens[i] == len && !memcmp(w->terms[i], c, len))
            return;
    memcpy(w->terms[w->n], c, len + 1);
    w->lens[w->n++] = len;
}

/* Add the forms term t could be a mutation of (welshfold.h lists them). */
static void radicals(const struct welshfold *wf, struct word *w, const char *t, size_t len)
{
    int k = welshfold_known(wf, t, len);

#define HAS(p)                    (!strncmp(t, p, sizeof(p) - 1))
#define ADD(prefix, skip, forced) try_add(wf, w, prefix, t + (skip), len - (skip), forced, k)
    if (HAS("ngh"))
        ADD("c", 3, 1);
    else if (HAS("ng"))
        ADD("g", 2, 1);
    else if (HAS("mh"))
        ADD("p", 2, 1);
    else if (HAS("nh"))
        ADD("t", 2, 1);
    else if (HAS("dd"))
        ADD("d", 2, 1);
    else if (HAS("ch"))
        ADD("c", 2, 0);
    else if (HAS("ph"))
        ADD("p", 2, 0);
    else if (HAS("th"))
        ADD("t", 2, 0);
    else if (HAS("ll") || HAS("rh") || HAS("ff"))
        return;
    else if (t[0] == 'f')
        ADD("b", 1, 0), ADD("m", 1, 0);
    else if (t[0] == 'g')
        ADD("c", 1, 0);
    else if (t[0] == 'b')
        ADD("p", 1, 0);
    else if (t[0] == 'd')
        ADD("t", 1, 0);
    else if (t[0] == 'l')
        ADD("ll", 1, 0);
    else if (t[0] == 'r')
        ADD("rh", 1, 0);
    else if (t[0] == 'm')
        ADD("b", 1, 0);
    else if (t[0] == 'n')
        ADD("d", 1, 0);
    else if (t[0] == 'h' && is_vowel(t[1]))
        ADD("", 1, 0);
    else if (is_vowel(t[0]))
        ADD("g", 0, 0);
#undef ADD
#undef HAS
}

/* Grow w from its word to every radical form reachable (a closure: idempotent). */
static void fold_word(const struct welshfold *wf, struct word *w)
{
    size_t i, k;

    if (w->lens[0] < FOLD_MIN)
        return;
    for (k = 0; k < w->lens[0]; k++)
        if (w->terms[0][k] < 'a' || w->terms[0][k] > 'z')
            return; /* digits, '_' or other letters: not Welsh-looking */
    for (i = 0; i < w->n; i++)
        radicals(wf, w, w->terms[i], w->lens[i]);
}

size_t welshfold_letters(const char *in, size_t len, struct sbuf *out)
{
    size_t i = 0, start = out->len;

    while (in && i < len) {
        size_t at = i, k, k2;
        UChar32 c = next_cp(in, len, &i), c2;
        char u[4], u2[4];
        int32_t j = 0;

        /* only a letter whose fold folds to itself (not U+212B, Angstrom
         * sign: U+00E5, then "a"), so the terms are those of the text */
        if (c >= 0 && classify(c, u, &k) == LETTER) {
            U8_NEXT_UNSAFE((const uint8_t *)u, j, c2);
            if (classify(c2, u2, &k2) == LETTER && k2 == k && !memcmp(u, u2, k)) {
                sbuf_add(out, u, k);
                continue;
            }
        }
        sbuf_add(out, in + at, i - at);
    }
    return out->len - start;
}

size_t welshfold_norm(const char *s, size_t len, char *out, size_t cap)
{
    struct word w, rest;
    size_t i = 0, k;

    if (!next_word(s, len, &i, &w) || !w.n || w.lens[0] >= cap || next_word(s, len, &i, &rest))
        return 0;
    for (k = 0; k < w.lens[0]; k++)
        if (w.terms[0][k] < 'a' || w.terms[0][k] > 'z')
            return 0;
    memcpy(out, w.terms[0], w.lens[0] + 1);
    return w.lens[0];
}

/* The terms already written to out, by offset, for each-term-once. */
struct seen {
    struct {
        uint32_t off, len; /* len 0: empty slot */
    } * slot;

    size_t cap, n;
};

static uint32_t hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;

    while (len--)
        h = (h ^ (uint8_t)*s++) * 16777619u;
    return h;
}

/* 1 if t is new (and now remembered at offset off of out), 0 if seen. */
static int seen_add(struct seen *st, const struct sbuf *out, const char *t, size_t len, size_t off)
{
    size_t i, mask;

    if (2 * (st->n + 1) > st->cap) {
        struct seen big = { .cap = st->cap ? 2 * st->cap : 64, .n = 0 };

        big.slot = xcalloc(big.cap, sizeof(*big.slot));
        for (i = 0; i < st->cap; i++)
            if (st->slot[i].len) {
                size_t j = hash(out->buf + st->slot[i].off, st->slot[i].len) & (big.cap - 1);

                while (big.slot[j].len)
                    j = (j + 1) & (big.cap - 1);
                big.slot[j] = st->slot[i];
            }
        free(st->slot);
        big.n = st->n;
        *st = big;
    }
    mask = st->cap - 1;
    for (i = hash(t, len) & mask; st->slot[i].len; i = (i + 1) & mask)
        if (st->slot[i].len == len && !memcmp(out->buf + st->slot[i].off, t, len))
            return 0;
    st->slot[i].off = (uint32_t)off;
    st->slot[i].len = (uint32_t)len;
    st->n++;
    return 1;
}

size_t welshfold_text(const struct welshfold *wf, const char *in, size_t len, struct sbuf *out)
{
    struct seen st = { 0 };
    struct word w;
    size_t i = 0, t, terms = 0, start = out->len;

    while (in && next_word(in, len, &i, &w)) {
        fold_word(wf, &w);
        for (t = 0; t < w.n; t++) {
            size_t at = out->len + (out->len > start);

            if (at > UINT32_MAX || sbuf_failed(out))
                break;
            /* the set compares with what is written at earlier offsets only */
            if (!seen_add(&st, out, w.terms[t], w.lens[t], at))
                continue;
            sbuf_add(out, " ", out->len > start);
            sbuf_add(out, w.terms[t], w.lens[t]);
            terms++;
        }
    }
    free(st.slot);
    return terms;
}

int welshfold_stopword(const char *t, size_t len)
{
    size_t i;

    for (i = 0; i < sizeof(stopwords) / sizeof(stopwords[0]); i++)
        if (strlen(stopwords[i]) == len && !memcmp(stopwords[i], t, len))
            return 1;
    return 0;
}

size_t welshfold_query(const struct welshfold *wf, const char *in, size_t len, struct sbuf *out)
{
    struct word w;
    size_t i = 0, t, words = 0;

    while (in && words < WELSHFOLD_QUERY_WORDS && next_word(in, len, &i, &w)) {
        size_t at = out->len, kept = 0;

        fold_word(wf, &w);
        for (t = 0; t < w.n; t++) {
            if (utf8_count(w.terms[t], w.lens[t]) < WELSHFOLD_QUERY_MIN ||
                welshfold_stopword(w.terms[t], w.lens[t]))
                continue;
            sbuf_adds(out, kept ? " " : words ? " +(" : "+(");
            sbuf_add(out, w.terms[t], w.lens[t]);
            sbuf_addc(out, '*');
            kept++;
        }
        if (kept) {
            sbuf_addc(out, ')');
            words++;
        } else if (at != out->len) {
            out->len = at;
            out->buf[at] = '\0';
        }
    }
    return words;
}

/* The number of lines of buf[0..len), or 0 if it is not sorted distinct lines
 * (strcmp's order), each ending '\n', without NULs. */
static size_t count_sorted_lines(const char *buf, size_t len)
{
    const char *prev = NULL, *p = buf, *end = buf + len, *e;
    size_t n = 0;

    if (!len || buf[len - 1] != '\n' || memchr(buf, '\0', len))
        return 0;
    for (; p < end; p = e + 1, n++) {
        e = memchr(p, '\n', (size_t)(end - p));
        if (prev && word_cmp(prev, (size_t)(p - 1 - prev), p, (size_t)(e - p)) >= 0)
            return 0;
        prev = p;
    }
    return n;
}

/* Copy every SAMPLE_EVERY-th word of the checked list (n words) into the heap. */
static void take_samples(struct welshfold *wf)
{
    const char *p = wf->buf, *end = wf->buf + wf->len, *e;
    size_t k = 0, i, bytes = 0;
    char *to;

    wf->n_samples = (wf->n + SAMPLE_EVERY - 1) / SAMPLE_EVERY;
    wf->at = xmalloc((wf->n_samples + 1) * sizeof(*wf->at));
    wf->off = xmalloc(wf->n_samples * sizeof(*wf->off));
    for (i = 0; p < end; p = e + 1, i++) {
        e = memchr(p, '\n', (size_t)(end - p));
        if (i % SAMPLE_EVERY == 0) {
            wf->at[k] = (uint32_t)(p - wf->buf);
            wf->off[k++] = (uint32_t)bytes;
            bytes += (size_t)(e - p) + 1;
        }
    }
    wf->at[k] = (uint32_t)wf->len;
    to = wf->words = xmalloc(bytes);
    for (k = 0; k < wf->n_samples; k++) {
        const char *w = wf->buf + wf->at[k];
        const char *nl = memchr(w, '\n', wf->len - wf->at[k]);
        size_t n = (size_t)(nl - w);

        memcpy(to, w, n);
        to[n] = '\0';
        to += n + 1;
    }
}

/* Map the file at path read-only; the list's words are counted (and their order
 * checked) once, then the pages are let go: a search faults in only the few it
 * reads, from the page cache. 0, or -1 with errno. */
static int map_list(struct welshfold *wf, const char *path)
{
    struct stat st;
    void *map;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return -1;
    if (fstat(fd, &st)) {
        close(fd);
        return -1;
    }
    if (st.st_size <= 0) { /* no words: not a list */
        close(fd);
        return 0;
    }
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return -1;
    wf->buf = map;
    wf->len = (size_t)st.st_size;
    wf->n = wf->len <= UINT32_MAX ? count_sorted_lines(wf->buf, wf->len) : 0;
    if (wf->n)
        take_samples(wf);
    /* bisection reads scattered pages: no read-ahead around them */
    madvise(map, wf->len, MADV_RANDOM);
    madvise(map, wf->len, MADV_DONTNEED);
    return 0;
}

struct welshfold *welshfold_load(const char *path)
{
    struct welshfold *wf = xcalloc(1, sizeof(*wf));

    if (map_list(wf, path)) {
        log_warn("cannot read the Welsh word list '%s' (%s): search folds case, accents and sure "
                 "mutations only",
                 path, strerror(errno));
    } else if (!wf->n) {
        log_warn("Welsh word list '%s' is not one sorted word a line: search folds "
                 "case, accents and sure mutations only",
                 path);
        if (wf->buf)
            munmap((void *)(uintptr_t)wf->buf, wf->len);
        wf->buf = NULL;
        wf->len = 0;
    }
    return wf;
}

void welshfold_free(struct welshfold *wf)
{
    if (!wf)
        return;
    if (wf->buf)
        munmap((void *)(uintptr_t)wf->buf, wf->len);
    free(wf->at);
    free(wf->off);
    free(wf->words);
    free(wf);
}

size_t welshfold_size(const struct welshfold *wf)
{
    return wf ? wf->n : 0;
}
