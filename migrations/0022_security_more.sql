-- 0022_security_more: issue 23, finding 1 (no lock-out by strangers).
--
-- known_devices: a browser that has signed in to an account before carries a
-- long-lived random cookie ("device"); only its BLAKE2b-256 hash is kept
-- here, one row per (browser, account). A correct password from such a
-- browser is let through even while strangers' failures have made the
-- e-mail address rest (accounts/devices.c). Rows unused for a year are
-- forgotten.
CREATE TABLE IF NOT EXISTS known_devices (
    token_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id BIGINT UNSIGNED NOT NULL,
    created_at DATETIME NOT NULL,
    last_used_at DATETIME NOT NULL,
    PRIMARY KEY (token_hash, user_id),
    KEY known_devices_user (user_id),
    CONSTRAINT known_devices_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;
