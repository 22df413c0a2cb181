/*
 * mailbox: e-mail as the person receives it. Every test server's mail
 * worker writes each message it sends to <id>.eml in the shared folder
 * var/mail (relative to ctest's working directory: the default mail_dir,
 * mail/mail.h). A mail that carries a one-time link (password reset, e-mail
 * verification, sign-in unlock) is a secret: once sent, its body is gone
 * from the outbox, so the file is the only copy of the link.
 */
#pragma once

#include "process.h"

/* The newest secret mail to email that a worker has sent (waits up to 5 s)
 * and whose text holds kind (a path part such as "/account/verify/"), read
 * from its .eml file (then removed) with quoted-printable undone; headers
 * included. malloc'd; NULL when there is none. */
char *mailbox_secret(const char *email, const char *kind);

/* The path of the first link in mail under srv's base URL that holds kind
 * ("/cy/account/verify/<token>"), malloc'd; NULL when there is none. */
char *mailbox_link_path(const struct server *srv, const char *mail, const char *kind);

/* Both: the path of kind's link in the newest such mail to email, or NULL. */
char *mailbox_link(const struct server *srv, const char *email, const char *kind);
