/*
 * The folded search text of a course (courses.h, course_search_fold).
 */
#include <string.h>

#include "core/sbuf.h"
#include "courses/courses.h"
#include "view/welshfold.h"

void course_search_fold(const struct welshfold *wf, const char *const title[LANG__COUNT],
                        const char *const summary[LANG__COUNT], struct sbuf *out)
{
    const char *const *part[] = { title, summary };
    size_t i;
    int l;

    for (i = 0; i < sizeof(part) / sizeof(part[0]); i++)
        for (l = LANG_CY; l < LANG__COUNT; l++) {
            const char *s = part[i][l];

            if (!s || !*s)
                continue;
            if (out->len)
                sbuf_addc(out, ' ');
            welshfold_text(wf, s, strlen(s), out);
        }
}
