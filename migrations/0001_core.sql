-- 0001_core: settings and the minimal accounts schema the accounts feature extends.
--
-- Rules for every migration (security.md 4.2 and 4.6):
--   * every table is InnoDB, utf8mb4 / utf8mb4_uca1400_ai_ci, with a PRIMARY KEY
--     (Galera: innodb_force_primary_key=ON);
--   * re-runnable: MariaDB commits DDL implicitly, so a file that fails halfway is
--     fixed and run again (CREATE TABLE IF NOT EXISTS, ADD COLUMN IF NOT EXISTS);
--   * times are DATETIME in UTC (every Dysgu session sets time_zone '+00:00').
--   * an applied file is never edited: add a new one.

CREATE TABLE IF NOT EXISTS app_meta (
    k VARCHAR(64) NOT NULL,
    v VARCHAR(255) NOT NULL,
    PRIMARY KEY (k)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS users (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    -- as typed, for display and for sending mail
    email VARCHAR(254) NOT NULL,
    -- NFC, case-folded, trimmed (by the application): the unique login key;
    -- binary collation so that no collation rule can merge two addresses
    email_norm VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    name VARCHAR(200) NOT NULL,
    -- an Argon2id string from crypto_pwhash_str (ASCII, at most 128 bytes)
    password_hash VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    lang CHAR(2) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'cy',
    disabled TINYINT(1) NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    UNIQUE KEY users_email_norm (email_norm),
    CONSTRAINT users_lang CHECK (lang IN ('cy', 'en')),
    CONSTRAINT users_disabled CHECK (disabled IN (0, 1))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS user_roles (
    user_id BIGINT UNSIGNED NOT NULL,
    role ENUM('learner', 'trainer', 'moderator', 'admin') NOT NULL,
    PRIMARY KEY (user_id, role),
    CONSTRAINT user_roles_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;
