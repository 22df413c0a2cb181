-- 0002_accounts: organisations, sessions, password resets, the e-mail outbox,
-- the audit log and rate-limit counters (issue #3). Rules as in 0001_core.

CREATE TABLE IF NOT EXISTS organisations (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    -- stable code: council codes (AGY, BGE, ...), HB-*, TR-*, WG, OTHER
    code VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    kind ENUM('local_authority', 'health_board', 'nhs_trust', 'government', 'other') NOT NULL,
    name_cy VARCHAR(200) NOT NULL,
    name_en VARCHAR(200) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY organisations_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

ALTER TABLE users
    ADD COLUMN IF NOT EXISTS org_id INT UNSIGNED NULL AFTER lang,
    -- the organisation's name when org_id is the "other" organisation
    ADD COLUMN IF NOT EXISTS org_other VARCHAR(200) NULL AFTER org_id,
    ADD COLUMN IF NOT EXISTS last_login_at DATETIME NULL,
    -- brute-force protection per account: failures since the last success
    ADD COLUMN IF NOT EXISTS failed_logins INT UNSIGNED NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS last_failed_at DATETIME NULL,
    ADD COLUMN IF NOT EXISTS locked_until DATETIME NULL,
    ADD KEY IF NOT EXISTS users_org (org_id),
    ADD KEY IF NOT EXISTS users_name (name),
    ADD CONSTRAINT users_org FOREIGN KEY IF NOT EXISTS (org_id) REFERENCES organisations (id);

-- A session is known only by the BLAKE2b-256 hash of its token (hex).
CREATE TABLE IF NOT EXISTS sessions (
    id_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id BIGINT UNSIGNED NOT NULL,
    -- the synchronizer CSRF token of this session (base64url, 43 characters)
    csrf CHAR(43) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at DATETIME NOT NULL,
    last_seen_at DATETIME NOT NULL,
    idle_seconds INT UNSIGNED NOT NULL,
    expires_at DATETIME NOT NULL,
    ip VARCHAR(45) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
    user_agent VARCHAR(255) NOT NULL DEFAULT '',
    PRIMARY KEY (id_hash),
    KEY sessions_user (user_id),
    KEY sessions_expires (expires_at),
    CONSTRAINT sessions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS password_resets (
    token_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id BIGINT UNSIGNED NOT NULL,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL,
    used_at DATETIME NULL,
    PRIMARY KEY (token_hash),
    KEY password_resets_user (user_id),
    CONSTRAINT password_resets_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- E-mail waits here, already rendered in the recipient's language, until the
-- mailer writes it to var/mail (development) or sends it by SMTP.
CREATE TABLE IF NOT EXISTS outbox (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    user_id BIGINT UNSIGNED NULL,
    to_addr VARCHAR(254) NOT NULL,
    lang CHAR(2) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    subject VARCHAR(255) NOT NULL,
    body_text MEDIUMTEXT NOT NULL,
    created_at DATETIME NOT NULL,
    sent_at DATETIME NULL,
    attempts INT UNSIGNED NOT NULL DEFAULT 0,
    last_error VARCHAR(255) NULL,
    PRIMARY KEY (id),
    KEY outbox_pending (sent_at, id),
    CONSTRAINT outbox_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- Security events. Never a password, token or session id in here.
CREATE TABLE IF NOT EXISTS audit_log (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    at DATETIME(3) NOT NULL,
    event VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    actor_id BIGINT UNSIGNED NULL,
    subject_id BIGINT UNSIGNED NULL,
    ip VARCHAR(45) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
    detail VARCHAR(255) NOT NULL DEFAULT '',
    PRIMARY KEY (id),
    KEY audit_log_at (at),
    KEY audit_log_subject (subject_id, at),
    KEY audit_log_event (event, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- Fixed-window counters shared by every server: k is e.g. "login-ip:203.0.113.9".
CREATE TABLE IF NOT EXISTS rate_limits (
    k VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    window_start DATETIME NOT NULL,
    hits INT UNSIGNED NOT NULL,
    PRIMARY KEY (k, window_start),
    KEY rate_limits_window (window_start)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;
