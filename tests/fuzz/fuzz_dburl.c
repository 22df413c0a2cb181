/*
 * fuzz_dburl: db_params_parse() on the database url (db/params.c), the setting
 * that says where the database is and whether TLS is required. Oracles: on
 * success the parts a connection needs are there, the TLS options keep their
 * rules (paths absolute, only with ssl=1, certificate and key together) and
 * plain text to another machine was written out as ssl=0; on failure p is
 * empty and the message is the parser's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "db/db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int loopback(const char *host)
{
    return !strcmp(host, "localhost") || !strcmp(host, "127.0.0.1") || !strcmp(host, "::1");
}

static void check_ok(const struct db_params *p, const char *url)
{
    if (!p->user || !p->user[0] || !p->host || !p->host[0] || !p->name || !p->name[0])
        abort();
    if (p->socket && (p->socket[0] != '/' || strcmp(p->host, "localhost") != 0))
        abort();
    if ((p->ssl_ca || p->ssl_cert || p->ssl_key) && !p->ssl)
        abort();
    if (!p->ssl_cert != !p->ssl_key)
        abort();
    if ((p->ssl_ca && p->ssl_ca[0] != '/') || (p->ssl_cert && p->ssl_cert[0] != '/'))
        abort();
    /* off this machine without TLS only when the url says ssl= (ssl=0, maybe %-encoded) */
    if (!p->ssl && !p->socket && !loopback(p->host) && !strstr(url, "ssl="))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct db_params p;
    char err[256];
    char *url;

    if (size > 4096)
        return 0;
    url = malloc(size + 1);
    if (!url)
        return 0;
    memcpy(url, data, size);
    url[size] = '\0';
    arena_init(&a, 0);
    if (db_params_parse(&a, url, &p, err, sizeof(err)) == 0) {
        check_ok(&p, url);
    } else {
        if (strncmp(err, "bad database url: ", 18) != 0 || p.user || p.host || p.ssl || p.ssl_ca)
            abort();
    }
    arena_release(&a);
    free(url);
    return 0;
}
