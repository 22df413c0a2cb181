/*
 * FNV-1a, 64 bits: a quick hash for a table's slot or a generation number
 * made of several values. Not for keys an attacker chooses to collide.
 *     unsigned long long h = fnv1a(FNV1A_START, event, strlen(event));
 */
#pragma once

#include <stddef.h>

#define FNV1A_START 0xcbf29ce484222325ULL

static inline unsigned long long fnv1a(unsigned long long h, const void *p, size_t n)
{
    const unsigned char *c = p;

    while (n--)
        h = (h ^ *c++) * 0x100000001b3ULL;
    return h;
}

/* FNV-1a's low and middle bits depend little on bytes that differ near the
 * end (two ids a few apart), so a table's slot is picked from the hash after
 * this finaliser (MurmurHash3's fmix64): every bit of h moves every bit. */
static inline unsigned long long fnv_mix(unsigned long long h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}
