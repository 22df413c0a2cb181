#include "tpl.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/sbuf.h"
#include "core/xalloc.h"
#include "tpl_impl.h"

/* Deepest folder nesting tpl_set_load_dir() follows (guards symlink loops). */
#define TPL_MAX_DIR_DEPTH 16

/* Templates sorted by name, so lookups are a binary search. */
struct tpl_set {
    struct tpl **tpls;
    size_t n_tpls, alloc;
};

struct tpl_set *tpl_set_new(void)
{
    return xcalloc(1, sizeof(struct tpl_set));
}

/* strcmp for a len-byte key against a NUL-terminated name. */
static int name_cmp(const char *key, size_t len, const char *name)
{
    int r = strncmp(key, name, len);

    if (r)
        return r;
    return name[len] ? -1 : 0;
}

/* Index of name in s (*found = 1), or where it would be inserted (*found = 0). */
static size_t set_search(const struct tpl_set *s, const char *name, size_t len, int *found)
{
    size_t lo = 0, hi = s->n_tpls, mid;
    int r;

    *found = 0;
    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        r = name_cmp(name, len, s->tpls[mid]->name);
        if (r == 0) {
            *found = 1;
            return mid;
        }
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

const struct tpl *tpl_set_find(const struct tpl_set *s, const char *name, size_t len)
{
    int found;
    size_t i;

    /* a name with a NUL inside cannot match and would confuse strncmp */
    if (memchr(name, '\0', len))
        return NULL;
    i = set_search(s, name, len, &found);
    return found ? s->tpls[i] : NULL;
}

int tpl_set_has(const struct tpl_set *s, const char *name)
{
    return tpl_set_find(s, name, strlen(name)) != NULL;
}

size_t tpl_set_count(const struct tpl_set *s)
{
    return s->n_tpls;
}

void tpl_release(struct tpl *t)
{
    free(t->name);
    free(t->src);
    free(t->nodes);
    free(t->segs);
    memset(t, 0, sizeof(*t));
}

int tpl_set_add(struct tpl_set *s, const char *name, const char *src, size_t len, char *err,
                size_t errlen)
{
    struct tpl *t = NULL;
    size_t at;
    int found, ret = -1;

    assert(s && name && err);
    assert(src || len == 0);
    if (!*name) {
        snprintf(err, errlen, "template name is empty");
        goto out;
    }
    at = set_search(s, name, strlen(name), &found);
    if (found) {
        snprintf(err, errlen, "%s: template defined twice", name);
        goto out;
    }
    t = xcalloc(1, sizeof(*t));
    t->name = xstrdup(name);
    t->src = xmalloc(len + 1);
    if (len)
        memcpy(t->src, src, len);
    t->src[len] = '\0';
    if (tpl_compile(t, t->src, len, err, errlen) < 0)
        goto out;
    if (s->n_tpls == s->alloc) {
        s->alloc = s->alloc ? s->alloc * 2 : 32;
        s->tpls = xrealloc(s->tpls, s->alloc * sizeof(*s->tpls));
    }
    memmove(s->tpls + at + 1, s->tpls + at, (s->n_tpls - at) * sizeof(*s->tpls));
    s->tpls[at] = t;
    s->n_tpls++;
    t = NULL;
    ret = 0;
out:
    if (t) {
        tpl_release(t);
        free(t);
    }
    return ret;
}

int tpl_set_link(struct tpl_set *s, char *err, size_t errlen)
{
    struct tpl_node *n;
    size_t i, j;

    for (i = 0; i < s->n_tpls; i++) {
        for (j = 0; j < s->tpls[i]->n_nodes; j++) {
            n = &s->tpls[i]->nodes[j];
            if (n->op != TPL_PARTIAL)
                continue;
            n->partial = tpl_set_find(s, n->text, n->len);
            if (!n->partial) {
                snprintf(err, errlen, "%s:%u: unknown partial '%.*s'", s->tpls[i]->name, n->line,
                         (int)n->len, n->text);
                return -1;
            }
        }
    }
    return 0;
}

void tpl_set_free(struct tpl_set *s)
{
    size_t i;

    if (!s)
        return;
    for (i = 0; i < s->n_tpls; i++) {
        tpl_release(s->tpls[i]);
        free(s->tpls[i]);
    }
    free(s->tpls);
    free(s);
}

/* Read the whole file at path into b, a heap sbuf whose max bounds the size. */
static int read_file(const char *path, struct sbuf *b, char *err, size_t errlen)
{
    char chunk[8192];
    FILE *f = NULL;
    size_t n;
    int ret = -1;

    f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
        goto out;
    }
    do {
        n = fread(chunk, 1, sizeof(chunk), f);
        sbuf_add(b, chunk, n);
    } while (n == sizeof(chunk) && !sbuf_failed(b));
    if (ferror(f)) {
        snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
        goto out;
    }
    if (sbuf_failed(b)) {
        snprintf(err, errlen, "'%s' is larger than %zu bytes", path, b->max);
        goto out;
    }
    ret = 0;
out:
    if (f)
        fclose(f);
    return ret;
}

static int skip_entry(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

static int ends_with_html(const char *name, size_t len)
{
    return len > 5 && memcmp(name + len - 5, ".html", 5) == 0;
}

/* Add every *.html under root/rel (rel "" for root itself) to s. */
static int load_tree(struct tpl_set *s, const char *root, const char *rel, int depth, char *err,
                     size_t errlen)
{
    struct sbuf dir = SBUF_INIT, path = SBUF_INIT, src, sub = SBUF_INIT, name = SBUF_INIT;
    struct dirent **list = NULL;
    struct stat st;
    int n = 0, i, ret = -1;
    size_t sub_len;

    sbuf_init(&src, NULL, TPL_MAX_FILE);
    sbuf_addf(&dir, "%s%s%s", root, *rel ? "/" : "", rel);
    n = scandir(dir.buf, &list, skip_entry, alphasort);
    if (n < 0) {
        snprintf(err, errlen, "cannot open directory '%s': %s", dir.buf, strerror(errno));
        goto out;
    }
    for (i = 0; i < n; i++) {
        sbuf_reset(&path);
        sbuf_reset(&sub);
        sbuf_addf(&path, "%s/%s", dir.buf, list[i]->d_name);
        sbuf_addf(&sub, "%s%s%s", rel, *rel ? "/" : "", list[i]->d_name);
        if (stat(path.buf, &st) < 0) {
            snprintf(err, errlen, "cannot stat '%s': %s", path.buf, strerror(errno));
            goto out;
        }
        if (S_ISDIR(st.st_mode)) {
            if (depth == TPL_MAX_DIR_DEPTH) {
                snprintf(err, errlen, "'%s' is nested too deep", path.buf);
                goto out;
            }
            if (load_tree(s, root, sub.buf, depth + 1, err, errlen) < 0)
                goto out;
            continue;
        }
        sub_len = strlen(sub.buf);
        if (!S_ISREG(st.st_mode) || !ends_with_html(sub.buf, sub_len))
            continue;
        sbuf_reset(&src);
        if (read_file(path.buf, &src, err, errlen) < 0)
            goto out;
        sbuf_reset(&name);
        sbuf_add(&name, sub.buf, sub_len - 5);
        if (tpl_set_add(s, name.buf, src.buf, src.len, err, errlen) < 0)
            goto out;
    }
    ret = 0;
out:
    for (i = 0; i < n; i++)
        free(list[i]);
    free(list);
    sbuf_release(&dir);
    sbuf_release(&path);
    sbuf_release(&src);
    sbuf_release(&sub);
    sbuf_release(&name);
    return ret;
}

struct tpl_set *tpl_set_load_dir(const char *dir, char *err, size_t errlen)
{
    struct tpl_set *s = tpl_set_new();

    if (load_tree(s, dir, "", 0, err, errlen) < 0 || tpl_set_link(s, err, errlen) < 0) {
        tpl_set_free(s);
        return NULL;
    }
    return s;
}
