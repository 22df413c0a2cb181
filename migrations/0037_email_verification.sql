-- 0037_email_verification: issue 23, finding 5 (first half) and finding 1
-- (the unlock e-mail); docs/security.md.
--
-- users.email_verified_at: when the person proved the address is theirs by
-- the link e-mailed at registration. NULL until then: the account reads and
-- learns, but may not start a thread, reply, report or register for a
-- webinar (app/router.c, ROUTE_VERIFIED). The default counts every existing
-- account and every account made another way (create-admin, seed-demo, an
-- admin) as verified; only registration sets it NULL.
ALTER TABLE users ADD COLUMN IF NOT EXISTS email_verified_at DATETIME NULL
    DEFAULT CURRENT_TIMESTAMP;

-- The verification links: only the BLAKE2b-256 hash of the 256-bit token
-- (auth/token.h), 24 hours, single use (accounts/pages_verify.c).
CREATE TABLE IF NOT EXISTS email_verifications (
    token_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id BIGINT UNSIGNED NOT NULL,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL,
    used_at DATETIME NULL,
    PRIMARY KEY (token_hash),
    KEY email_verifications_user (user_id),
    CONSTRAINT email_verifications_user FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- The unlock links sent when sign-in rests for an account from a browser
-- that never signed in to it (accounts/pages_unlock.c): hash only, 30
-- minutes, single use; at most one mail an hour per account.
CREATE TABLE IF NOT EXISTS account_unlocks (
    token_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id BIGINT UNSIGNED NOT NULL,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL,
    used_at DATETIME NULL,
    PRIMARY KEY (token_hash),
    KEY account_unlocks_user (user_id),
    CONSTRAINT account_unlocks_user FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;
