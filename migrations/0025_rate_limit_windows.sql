-- A rate-limit row is now keyed "key/window_seconds" (auth/ratelimit.c), so
-- that one key counted over an hour and over a day keeps two counts even when
-- both windows start at the same second (midnight UTC). Room for the suffix
-- beside the 128-byte keys callers may give.
ALTER TABLE rate_limits MODIFY k VARCHAR(140) CHARACTER SET ascii COLLATE ascii_bin NOT NULL;
