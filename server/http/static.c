#include "static.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "http/acceptenc.h"
#include "http/app.h"
#include "http/compress.h"
#include "http/cssmin.h"
#include "http/etag.h"
#include "http/req.h"
#include "http/resp.h"

#define STATIC_MAX_FILES 512
#define STATIC_MAX_SIZE  (4u * 1024 * 1024)

struct static_file {
    char *path; /* relative, e.g. "css/dysgu.css" */
    char *data;
    size_t len;
    struct compressed c;        /* data and, for a compressible type, its variants */
    char etag[CODING__MAX][44]; /* per variant: "\"" + 32 hex [+ "-gzip" | "-br"] + "\"" */
    const char *type;
};

struct static_files {
    struct static_file files[STATIC_MAX_FILES];
    size_t n;
    char version[17];
};

static const struct {
    const char *ext;
    const char *type;
} types[] = {
    { ".css", "text/css; charset=utf-8" },
    { ".js", "text/javascript; charset=utf-8" },
    { ".svg", "image/svg+xml" },
    { ".png", "image/png" },
    { ".jpg", "image/jpeg" },
    { ".ico", "image/x-icon" },
    { ".woff2", "font/woff2" },
    { ".txt", "text/plain; charset=utf-8" },
    { ".json", "application/json" },
    { ".webmanifest", "application/manifest+json" },
};

static const char *type_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    size_t i;

    for (i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
        if (!strcmp(dot, types[i].ext))
            return types[i].type;
    return "application/octet-stream";
}

static int read_whole(const char *full, char **data, size_t *len)
{
    FILE *f = fopen(full, "rb");
    struct stat st;
    int ret = -1;

    *data = NULL;
    if (!f)
        return log_error("cannot open static file '%s'", full);
    if (fstat(fileno(f), &st) || st.st_size > (off_t)STATIC_MAX_SIZE) {
        log_error("static file '%s' is unreadable or too large", full);
        goto out;
    }
    *len = (size_t)st.st_size;
    *data = xmalloc(*len + 1);
    if (fread(*data, 1, *len, f) != *len) {
        log_error("cannot read static file '%s'", full);
        goto out;
    }
    ret = 0;
out:
    if (ret) {
        free(*data);
        *data = NULL;
    }
    fclose(f);
    return ret;
}

static int add_file(struct static_files *s, const char *full, const char *rel)
{
    struct static_file *f;
    unsigned char hash[16];
    unsigned codings;
    char hex[33];

    if (s->n == STATIC_MAX_FILES)
        return log_error("more than %d static files", STATIC_MAX_FILES);
    f = &s->files[s->n];
    if (read_whole(full, &f->data, &f->len))
        return -1;
    f->path = xstrdup(rel);
    f->type = type_of(rel);
    if (!strncmp(f->type, "text/css", 8)) /* served minified (http/cssmin.h) */
        f->len = css_minify(f->data, f->len);
    crypto_generichash(hash, sizeof(hash), (const unsigned char *)f->data, f->len, NULL, 0);
    sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
    snprintf(f->etag[CODING_IDENTITY], sizeof(f->etag[0]), "\"%s\"", hex);
    snprintf(f->etag[CODING_GZIP], sizeof(f->etag[0]), "\"%s-gzip\"", hex);
    snprintf(f->etag[CODING_BR], sizeof(f->etag[0]), "\"%s-br\"", hex);
    s->n++;
    /* once, at the best level: every request is then served from memory; a
     * variant that failed (logged) is left out and the file served plain */
    codings = compress_type_ok(f->type) ? CODING_BIT(CODING_GZIP) | CODING_BIT(CODING_BR) : 0;
    (void)compress_body(NULL, f->data, f->len, codings, COMPRESS_BEST, &f->c);
    return 0;
}

static int walk(struct static_files *s, const char *dir, const char *rel)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int ret = 0;

    if (!d)
        return log_error("cannot open static folder '%s'", dir);
    while (!ret && (e = readdir(d)) != NULL) {
        char full[4096], sub[1024];
        struct stat st;

        if (e->d_name[0] == '.')
            continue;
        snprintf(full, sizeof(full), "%s/%s", dir, e->d_name);
        snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        if (lstat(full, &st))
            continue;
        if (S_ISDIR(st.st_mode))
            ret = walk(s, full, sub);
        else if (S_ISREG(st.st_mode))
            ret = add_file(s, full, sub);
    }
    closedir(d);
    return ret;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const struct static_file *)a)->path, ((const struct static_file *)b)->path);
}

struct static_files *static_load(const char *dir, char *err, size_t errlen)
{
    struct static_files *s = xcalloc(1, sizeof(*s));
    crypto_generichash_state st;
    unsigned char hash[8];
    size_t i;

    if (walk(s, dir, "")) {
        snprintf(err, errlen, "cannot load static files from '%s'", dir);
        static_free(s);
        return NULL;
    }
    qsort(s->files, s->n, sizeof(s->files[0]), by_path);
    crypto_generichash_init(&st, NULL, 0, sizeof(hash));
    for (i = 0; i < s->n; i++) {
        crypto_generichash_update(&st, (const unsigned char *)s->files[i].path,
                                  strlen(s->files[i].path) + 1);
        crypto_generichash_update(&st, (const unsigned char *)s->files[i].etag[CODING_IDENTITY],
                                  34);
    }
    crypto_generichash_final(&st, hash, sizeof(hash));
    sodium_bin2hex(s->version, sizeof(s->version), hash, sizeof(hash));
    return s;
}

void static_free(struct static_files *s)
{
    size_t i;

    if (!s)
        return;
    for (i = 0; i < s->n; i++) {
        compress_release(&s->files[i].c);
        free(s->files[i].path);
        free(s->files[i].data);
    }
    free(s);
}

const char *static_version(const struct static_files *s)
{
    return s->version;
}

static const struct static_file *find(const struct static_files *s, const char *path)
{
    size_t lo = 0, hi = s->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(path, s->files[mid].path);

        if (!c)
            return &s->files[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

int static_serve(struct req *r)
{
    const char *path = req_param(r, "path");
    const struct static_file *f = path ? find(r->app->files, path) : NULL;
    const char *v;
    enum coding k;

    if (!f)
        return 404;
    /* each variant is its own representation with its own ETag (RFC 9110 section 8.8.3) */
    k = resp_pick_variant(r, f->type, &f->c);
    v = req_query(r, "v");
    resp_header(r, "ETag", f->etag[k]);
    resp_header(r, "Cache-Control",
                v && !strcmp(v, r->app->asset_v) ? "public, max-age=31536000, immutable"
                                                 : "public, max-age=300");
    if (etag_matches(req_header(r, "If-None-Match"), f->etag[k]))
        return resp_send_variants(r, 304, f->type, &f->c);
    return resp_send_variants(r, 200, f->type, &f->c);
}
