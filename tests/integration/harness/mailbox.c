#include "mailbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixtures.h"

static const char mail_dir[] = "var/mail";

/* Undo quoted-printable soft line breaks and =XX escapes (in place). */
static void qp_decode(char *s)
{
    char *out = s;

    while (*s) {
        if (s[0] == '=' && s[1] == '\r' && s[2] == '\n') {
            s += 3;
        } else if (s[0] == '=' && s[1] == '\n') {
            s += 2;
        } else if (s[0] == '=' && s[1] && s[2] && strchr("0123456789ABCDEF", s[1]) &&
                   strchr("0123456789ABCDEF", s[2])) {
            char hex[3] = { s[1], s[2], 0 };

            *out++ = (char)strtol(hex, NULL, 16);
            s += 3;
        } else {
            *out++ = *s++;
        }
    }
    *out = '\0';
}

/* The file of outbox message id, decoded, when it holds kind (NULL otherwise). */
static char *read_mail(const char *cwd, const char *id, const char *kind)
{
    char path[512], *text;

    /* absolute: test_read_file reads relative paths from the source tree */
    snprintf(path, sizeof(path), "%s/%s/%s.eml", cwd, mail_dir, id);
    text = test_read_file(path, NULL);
    if (!text)
        return NULL;
    if (strstr(text, "quoted-printable"))
        qp_decode(text);
    if (!strstr(text, kind)) {
        free(text);
        return NULL;
    }
    unlink(path);
    return text;
}

char *mailbox_secret(const char *email, const char *kind)
{
    char cwd[256];
    int i;

    if (!getcwd(cwd, sizeof(cwd)))
        return NULL;
    for (i = 0; i < 50; i++) {
        char *ids = fx_str_s("SELECT GROUP_CONCAT(id ORDER BY id DESC) FROM outbox "
                             "WHERE to_addr = ? AND sent_at IS NOT NULL AND secret = 1",
                             email);
        char *save = NULL, *id;

        for (id = ids ? strtok_r(ids, ",", &save) : NULL; id; id = strtok_r(NULL, ",", &save)) {
            char *text = read_mail(cwd, id, kind);

            if (text)
                return text;
        }
        test_sleep_ms(100);
    }
    return NULL;
}

char *mailbox_link_path(const struct server *srv, const char *mail, const char *kind)
{
    const char *p = mail;
    size_t n;

    while (p && (p = strstr(p, srv->base_url)) != NULL) {
        char *path;

        p += strlen(srv->base_url);
        n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-_");
        path = strndup(p, n);
        if (path && strstr(path, kind))
            return path;
        free(path);
        p += n;
    }
    return NULL;
}

char *mailbox_link(const struct server *srv, const char *email, const char *kind)
{
    char *mail = mailbox_secret(email, kind);
    char *path = mailbox_link_path(srv, mail, kind);

    free(mail);
    return path;
}
