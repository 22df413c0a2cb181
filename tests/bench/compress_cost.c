/*
 * compress_cost FILE... — what compress_body() costs on real response bodies
 * (tests/bench/run saves them): for each file, each coding and each effort,
 * the compressed size and the mean CPU time per call, as the server makes
 * them (into a request arena, reset after each call). Prints one line a
 * (file, coding, effort); used for docs/benchmarks.md, "Compression".
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/arena.h"
#include "http/compress.h"

static double cpu_seconds(void)
{
    struct timespec t;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n + 1);
        if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
        *len = (size_t)n;
    }
    fclose(f);
    return buf;
}

/* Mean CPU seconds of one compress_body() of body for coding k at effort. */
static double measure(struct arena *a, const char *body, size_t len, enum coding k,
                      enum compress_effort effort, size_t *out_len)
{
    double budget = effort == COMPRESS_BEST ? 1.0 : 0.3, t0 = cpu_seconds(), t;
    long n = 0;

    do {
        struct compressed c;

        compress_body(a, body, len, CODING_BIT(k), effort, &c);
        *out_len = c.body[k] ? c.len[k] : len;
        arena_reset(a);
        n++;
        t = cpu_seconds() - t0;
    } while (t < budget);
    return t / (double)n;
}

/*
 * The server compresses the static files at the best level before its first
 * request; the large blocks brotli frees then raise glibc's mmap and trim
 * thresholds, so later compressions reuse heap memory instead of returning it
 * to the kernel after every call. Do the same first, or the first file's
 * figures include a page fault per 4 KB of zlib's 256 KB of state.
 */
static void warm_up(struct arena *a)
{
    size_t len = 64 * 1024, i;
    char *body = malloc(len);
    struct compressed c;

    for (i = 0; i < len; i++)
        body[i] = (char)('a' + (i * i) % 23);
    compress_body(a, body, len, CODING_BIT(CODING_BR), COMPRESS_BEST, &c);
    arena_reset(a);
    free(body);
}

int main(int argc, char **argv)
{
    static const enum coding codings[] = { CODING_GZIP, CODING_BR };

    static const char *const effort_names[] = { "fast", "cache", "best" };
    struct arena a;
    int i;

    arena_init(&a, 64 * 1024); /* as a worker's */
    warm_up(&a);
    printf("%-40s %8s %-5s %-5s %8s %10s\n", "file", "bytes", "code", "level", "out", "us/call");
    for (i = 1; i < argc; i++) {
        size_t len = 0, out = 0, j;
        char *body = read_file(argv[i], &len);
        int e;

        if (!body) {
            fprintf(stderr, "compress_cost: cannot read '%s'\n", argv[i]);
            return 1;
        }
        for (e = COMPRESS_FAST; e <= COMPRESS_BEST; e++)
            for (j = 0; j < 2; j++) {
                double s = measure(&a, body, len, codings[j], (enum compress_effort)e, &out);

                printf("%-40s %8zu %-5s %-5s %8zu %10.1f\n", argv[i], len,
                       acceptenc_name(codings[j]), effort_names[e], out, s * 1e6);
            }
        free(body);
    }
    arena_release(&a);
    return 0;
}
