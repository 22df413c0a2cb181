/*
 * welshfold_speed [FILE...] — how fast search folding is (docs/benchmarks.md,
 * "Welsh search folding"): the time welshfold_load() takes on the built word
 * list, its size and memory, then welshfold_text() and welshfold_query() run
 * over the FILEs (default: every course's course.json and lessons) until a
 * second of CPU time has passed, as words a second.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/sbuf.h"
#include "view/welshfold.h"

static double cpu_seconds(void)
{
    struct timespec t;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Append the file at path to b; -1 if it cannot be read. */
static int add_file(struct sbuf *b, const char *path)
{
    char chunk[65536];
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f)
        return -1;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        sbuf_add(b, chunk, n);
    sbuf_addc(b, '\n');
    fclose(f);
    return 0;
}

/* Words in s as welshfold counts them: runs of letters and digits. */
static size_t count_words(const char *s)
{
    size_t n = 0;
    int in = 0;

    for (; *s; s++) {
        int w = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
                (unsigned char)*s >= 0x80;

        n += w && !in;
        in = w;
    }
    return n;
}

/* Run fn over text until a CPU second has passed; words a second. */
static double rate(const struct welshfold *wf, const struct sbuf *text, size_t words,
                   size_t (*fn)(const struct welshfold *, const char *, size_t, struct sbuf *))
{
    struct sbuf out = SBUF_INIT;
    double t0 = cpu_seconds(), t;
    size_t rounds = 0;

    do {
        sbuf_reset(&out);
        fn(wf, text->buf, text->len, &out);
        rounds++;
        t = cpu_seconds() - t0;
    } while (t < 1.0);
    sbuf_release(&out);
    return (double)(words * rounds) / t;
}

int main(int argc, char **argv)
{
    struct sbuf text = SBUF_INIT, folded = SBUF_INIT;
    struct welshfold *wf;
    struct stat st;
    glob_t g = { 0 };
    double t0;
    size_t i, words;

    t0 = cpu_seconds();
    wf = welshfold_load(DYSGU_WELSH_WORDS);
    printf("load: %zu words in %.0f ms", welshfold_size(wf), (cpu_seconds() - t0) * 1000);
    if (!stat(DYSGU_WELSH_WORDS, &st))
        printf(", %.1f MB of list + %.1f MB of index\n", (double)st.st_size / 1e6,
               (double)(welshfold_size(wf) + 1) * 4 / 1e6);
    if (argc > 1) {
        for (i = 1; i < (size_t)argc; i++)
            if (add_file(&text, argv[i]))
                fprintf(stderr, "welshfold_speed: cannot read '%s'\n", argv[i]);
    } else {
        glob(DYSGU_SOURCE_DIR "/courses/*/course.json", 0, NULL, &g);
        glob(DYSGU_SOURCE_DIR "/courses/*/lessons/*.md", GLOB_APPEND, NULL, &g);
        for (i = 0; i < g.gl_pathc; i++)
            add_file(&text, g.gl_pathv[i]);
        globfree(&g);
    }
    words = count_words(text.buf);
    welshfold_text(wf, text.buf, text.len, &folded);
    printf("text: %zu bytes, %zu words; folded: %zu bytes, %zu terms\n", text.len, words,
           folded.len, count_words(folded.buf));
    printf("welshfold_text:  %.2f M words/s\n", rate(wf, &text, words, welshfold_text) / 1e6);
    printf("welshfold_query: %.2f M words/s (the first %d words of each call)\n",
           rate(wf, &text, WELSHFOLD_QUERY_WORDS, welshfold_query) / 1e6, WELSHFOLD_QUERY_WORDS);
    sbuf_release(&folded);
    sbuf_release(&text);
    welshfold_free(wf);
    return 0;
}
