-- 0023_two_factor: issue 23, finding 4 (two factors for staff, ASVS 6.3.3).
--
-- totp_secrets: one TOTP secret (RFC 6238: HMAC-SHA1, 30 s, 6 digits) per
-- account, as hex. confirmed_at is NULL while the person is setting it up
-- (the QR code is shown, no code typed yet); sign-in asks for a code only
-- once it is set. last_step is the time step of the last code accepted:
-- a code of that step or an earlier one is refused (no replay).
CREATE TABLE IF NOT EXISTS totp_secrets (
    user_id BIGINT UNSIGNED NOT NULL,
    secret_hex CHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at DATETIME NOT NULL,
    confirmed_at DATETIME NULL,
    last_step BIGINT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id),
    CONSTRAINT totp_secrets_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- recovery_codes: ten single-use codes per account, shown once when two-step
-- sign-in is set up; only their BLAKE2b-256 hash is kept.
CREATE TABLE IF NOT EXISTS recovery_codes (
    user_id BIGINT UNSIGNED NOT NULL,
    code_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    used_at DATETIME NULL,
    PRIMARY KEY (user_id, code_hash),
    CONSTRAINT recovery_codes_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- login_pending: a sign-in whose password was right and which waits for its
-- code. The browser holds a random token in a short-lived cookie; only its
-- hash is kept. attempts counts wrong codes (five end it).
CREATE TABLE IF NOT EXISTS login_pending (
    token_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id BIGINT UNSIGNED NOT NULL,
    next_path VARCHAR(512) CHARACTER SET ascii COLLATE ascii_bin NULL,
    expires_at DATETIME NOT NULL,
    attempts INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (token_hash),
    KEY login_pending_user (user_id),
    CONSTRAINT login_pending_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- When an account's grace period for setting up two-step sign-in starts
-- (admins must have it twofactor_grace_days later): the later of this
-- migration and the account's creation.
ALTER TABLE users ADD COLUMN IF NOT EXISTS twofactor_grace_from DATETIME NOT NULL
    DEFAULT CURRENT_TIMESTAMP;
