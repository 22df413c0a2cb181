/*
 * addrlist: the client's address behind trusted reverse proxies.
 *
 * Behind nginx every connection comes from the proxy, so rate limits, audit
 * rows and the loopback check of /metrics need the address the proxy saw
 * (security.md 1.8: "client IP taken from a trusted proxy header only"). A
 * proxy appends its peer to X-Forwarded-For; everything left of the entries
 * our proxies wrote is whatever the client sent, so the client is the
 * RIGHTMOST entry that is not one of our proxies, and only when the
 * connection itself comes from one of them.
 *
 * A list is IPv4 or IPv6 literals separated by commas (spaces allowed), e.g.
 * "127.0.0.1, ::1"; the empty list trusts nobody.
 */
#pragma once

#include <stddef.h>

/* 1 when list is empty or every entry is an address literal. */
int addr_list_valid(const char *list);

/* 1 when addr is an address literal equal to an entry of list. */
int addr_in_list(const char *addr, const char *list);

/*
 * The client's address for a connection from remote carrying X-Forwarded-For
 * xff (NULL when absent): remote itself unless remote is in trusted; then the
 * rightmost entry of xff that is not in trusted, written to out (size n) in
 * its canonical form. Entries that are not address literals end the walk
 * (remote is used: a proxy of ours never writes one). Returns out or remote.
 */
const char *addr_forwarded_client(const char *remote, const char *xff, const char *trusted,
                                  char *out, size_t n);

/*
 * The address a per-address limit counts: an IPv4 address (or an
 * IPv4-mapped IPv6 one) as it is; an IPv6 address as its /64 network, e.g.
 * "2001:db8:1:2::/64" (one household or host gets a whole /64, so counting
 * single IPv6 addresses would let it rotate past every limit). Written to
 * out (size n, 64 is enough); returns out, or addr when it is not an
 * address literal.
 */
const char *addr_limit_key(const char *addr, char *out, size_t n);

/* 1 when addr is 127.0.0.0/8 or ::1. */
int addr_is_loopback(const char *addr);
