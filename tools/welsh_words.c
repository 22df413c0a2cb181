/*
 * welsh_words OUT LIST... — the word list welshfold_load() reads, built by
 * CMake from `aspell -l cy dump master` and locales/cy-words.txt: each line of
 * each LIST folded with welshfold_norm() (lower case, accents off; lines that
 * are not one word of letters, such as "i'r", left out), sorted by strcmp,
 * each word once, one a line. Fails if the lists give no word at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "view/welshfold.h"

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    char line[1024], w[WELSHFOLD_WORD_MAX + 1];
    char **words = NULL;
    size_t n = 0, cap = 0, i, kept = 0;
    FILE *out;
    int a;

    if (argc < 3) {
        fprintf(stderr, "usage: welsh_words OUT LIST...\n");
        return 2;
    }
    for (a = 2; a < argc; a++) {
        FILE *f = fopen(argv[a], "r");

        if (!f) {
            perror(argv[a]);
            return 1;
        }
        while (fgets(line, sizeof(line), f)) {
            size_t len = welshfold_norm(line, strcspn(line, "\r\n"), w, sizeof(w));

            if (!len)
                continue;
            if (n == cap) {
                cap = cap ? 2 * cap : 1 << 16;
                words = xrealloc(words, cap * sizeof(*words));
            }
            words[n++] = xstrdup(w);
        }
        fclose(f);
    }
    if (!n) {
        fprintf(stderr, "welsh_words: no words in the lists (is aspell-cy installed?)\n");
        return 1;
    }
    qsort(words, n, sizeof(*words), cmp);
    out = fopen(argv[1], "w");
    if (!out) {
        perror(argv[1]);
        return 1;
    }
    for (i = 0; i < n; i++)
        if (!i || strcmp(words[i - 1], words[i])) {
            fprintf(out, "%s\n", words[i]);
            kept++;
        }
    for (i = 0; i < n; i++)
        free(words[i]);
    free(words);
    if (fclose(out)) {
        perror(argv[1]);
        return 1;
    }
    fprintf(stderr, "welsh_words: %zu words in %s\n", kept, argv[1]);
    return 0;
}
