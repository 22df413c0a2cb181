/*
 * static: files under web/static/, read into memory once at start and served
 * by our own handler (civetweb's document_root stays unset: DESIGN.md known
 * traps). Files of a compressible type are also kept gzip- and brotli-
 * compressed, made once at start at the best level (http/compress.h). Each
 * variant has its own strong ETag ("<hash>", "<hash>-gzip", "<hash>-br");
 * asset_v fingerprints the whole set so pages can link
 * "/static/css/dysgu.css?v=..." and browsers cache it for a year (immutable);
 * the same file without the current ?v= is cached for 5 minutes.
 */
#pragma once

#include <stddef.h>

struct req;
struct static_files;

/* Load every regular file under dir (no dot-files, no symlinks outside).
 * NULL + err on failure. Owned by the caller; free with static_free(). */
struct static_files *static_load(const char *dir, char *err, size_t errlen);
void static_free(struct static_files *s);

/* A hex fingerprint of every file's content (owned by s). */
const char *static_version(const struct static_files *s);

/* Handler for GET /static/{*path}: 200, 304 (If-None-Match names the
 * variant's ETag) or 404. */
int static_serve(struct req *r);
