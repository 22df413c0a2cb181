/*
 * The courses/ folder on disk into a course_tree (the parsers in
 * source_course.c, source_lesson.c and source_pathway.c do the checking).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "courses/source.h"

#define DIR_ENTRIES_MAX 2000 /* in one folder: far more than a catalogue needs */

struct names {
    char **v;
    size_t n;
};

static int skipped(const char *name)
{
    return name[0] == '.' || !strcmp(name, "README.md");
}

static int by_name(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The names in folder path, sorted, without skipped() ones. 0, or -1 with
 * errno set (E2BIG: more than DIR_ENTRIES_MAX). */
static int list_dir(struct arena *a, const char *path, struct names *out)
{
    DIR *d = opendir(path);
    struct dirent *de;
    size_t alloc = 64;

    out->n = 0;
    if (!d)
        return -1;
    out->v = arena_alloc(a, alloc * sizeof(*out->v));
    while ((de = readdir(d)) != NULL) {
        if (skipped(de->d_name))
            continue;
        if (out->n == DIR_ENTRIES_MAX) {
            closedir(d);
            errno = E2BIG;
            return -1;
        }
        if (out->n == alloc) {
            char **v = arena_alloc(a, alloc * 2 * sizeof(*v));

            memcpy(v, out->v, alloc * sizeof(*v));
            out->v = v;
            alloc *= 2;
        }
        out->v[out->n++] = arena_strdup(a, de->d_name);
    }
    closedir(d);
    qsort(out->v, out->n, sizeof(*out->v), by_name);
    return 0;
}

static int is_dir(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The whole regular file path (at most max bytes) into the arena, NUL-terminated;
 * errors name rel. 0, or -1 after adding the error. */
static int read_file(struct arena *a, struct src_errors *e, const char *path, const char *rel,
                     size_t max, const char **out, size_t *len)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    char *buf;
    size_t got = 0;
    int ret = -1;

    if (fd < 0) {
        src_error(e, rel, "file", errno == ENOENT ? "missing" : "cannot open: %s", strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        src_error(e, rel, "file", "not a regular file");
        goto out;
    }
    if ((unsigned long long)st.st_size > max) {
        src_error(e, rel, "size", "%lld bytes, at most %zu", (long long)st.st_size, max);
        goto out;
    }
    buf = arena_alloc(a, (size_t)st.st_size + 1);
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            src_error(e, rel, "file", "cannot read: %s", n ? strerror(errno) : "it shrank");
            goto out;
        }
        got += (size_t)n;
    }
    buf[got] = '\0';
    *out = buf;
    *len = got;
    ret = 0;
out:
    close(fd);
    return ret;
}

static void load_lessons(struct arena *a, struct src_errors *e, const char *path,
                         struct course_src *c)
{
    const char *rel = arena_printf(a, "%s/lessons/", c->slug);
    struct names names;
    size_t i;

    if (!is_dir(path)) {
        src_error(e, rel, "file", "missing: the lessons go in a folder lessons/");
        return;
    }
    if (list_dir(a, path, &names)) {
        src_error(e, rel, "file", "cannot list: %s", strerror(errno));
        return;
    }
    for (i = 0; i < names.n; i++) {
        const char *text;
        size_t len;

        if (read_file(a, e, arena_printf(a, "%s/%s", path, names.v[i]),
                      arena_printf(a, "%s%s", rel, names.v[i]), LESSON_FILE_MAX, &text, &len))
            continue;
        course_src_add_lesson(a, e, c, names.v[i], text, len);
    }
    course_src_finish(a, e, c);
}

static void load_course(struct arena *a, struct src_errors *e, const char *dir, const char *slug,
                        struct course_src *c)
{
    const char *path = arena_printf(a, "%s/%s", dir, slug);
    struct names names;
    const char *text;
    size_t len, i;

    course_src_init(c, slug);
    if (!course_slug_ok(slug, strlen(slug)))
        src_error(e, arena_printf(a, "%s/", slug), "slug",
                  "the folder name must be %d to %d of a-z, 0-9 and '-', with no '-' at "
                  "either end",
                  COURSE_SLUG_MIN, COURSE_SLUG_MAX);
    if (list_dir(a, path, &names)) {
        src_error(e, arena_printf(a, "%s/", slug), "file", "cannot list: %s", strerror(errno));
        return;
    }
    for (i = 0; i < names.n; i++)
        if (strcmp(names.v[i], "course.json") && strcmp(names.v[i], "lessons"))
            src_error(e, arena_printf(a, "%s/%s", slug, names.v[i]), "file",
                      "unknown: a course folder holds course.json and lessons/");
    if (read_file(a, e, arena_printf(a, "%s/course.json", path),
                  arena_printf(a, "%s/course.json", slug), COURSE_JSON_MAX, &text, &len) == 0)
        course_src_parse_json(a, e, c, text, len);
    load_lessons(a, e, arena_printf(a, "%s/lessons", path), c);
}

int course_tree_load(struct arena *a, struct src_errors *e, const char *dir, struct course_tree *t)
{
    size_t before = e->n, i;
    struct names names;
    const char *text;
    size_t len;

    memset(t, 0, sizeof(*t));
    if (list_dir(a, dir, &names)) {
        src_error(e, dir, "folder", "cannot list: %s", strerror(errno));
        return -1;
    }
    t->courses = arena_calloc(a, (names.n + 1) * sizeof(*t->courses));
    for (i = 0; i < names.n; i++) {
        const char *path = arena_printf(a, "%s/%s", dir, names.v[i]);

        if (is_dir(path))
            load_course(a, e, dir, names.v[i], &t->courses[t->n_courses++]);
        else if (strcmp(names.v[i], "pathways.json"))
            src_error(e, names.v[i], "file",
                      "unknown: the folder holds course folders and pathways.json");
    }
    for (i = 0; i < names.n; i++) {
        if (strcmp(names.v[i], "pathways.json"))
            continue;
        if (read_file(a, e, arena_printf(a, "%s/pathways.json", dir), "pathways.json",
                      PATHWAYS_JSON_MAX, &text, &len) == 0)
            pathways_src_parse(a, e, "pathways.json", text, len, t);
    }
    return e->n == before ? 0 : -1;
}
