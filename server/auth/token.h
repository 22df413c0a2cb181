/*
 * token: the one way to make a secret that is shown once and kept only as
 * a hash (session cookies, known-device cookies, reset links, calendar feed
 * addresses, personal API tokens). A token is 32 random bytes written as 43
 * base64url characters; the database keeps its BLAKE2b-256 hash as 64 hex
 * characters, so a leaked table cannot be used. Look a token up by hashing
 * what was sent with token_hash() and comparing hashes in SQL.
 */
#pragma once

#define TOKEN_TEXT_LEN 43
#define TOKEN_HASH_HEX 64

/* A new token: text to give out once, hash to store. */
void token_new(char text[TOKEN_TEXT_LEN + 1], char hash[TOKEN_HASH_HEX + 1]);

/* The stored hash of a token as sent; -1 (hash left empty) when text is not
 * 43 base64url characters, so a malformed token never reaches the database. */
int token_hash(const char *text, char hash[TOKEN_HASH_HEX + 1]);
