-- 0036_api_tokens: personal API tokens (issue 20, docs/api.md "Authentication").
--
-- A token is shown once when it is made and kept only as the BLAKE2b-256
-- hash of its 32 random bytes (auth/token.h, auth/apitoken.h). Revoking it
-- sets revoked_at (the row stays, so the account page and the audit log can
-- still name it); a revoked token finds nothing. At most APITOKEN_LIVE_MAX
-- live tokens a person: the insert itself checks (auth/apitoken.c).
CREATE TABLE IF NOT EXISTS api_tokens (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    user_id BIGINT UNSIGNED NOT NULL,
    token_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    name VARCHAR(100) NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_used_at DATETIME NULL,
    revoked_at DATETIME NULL,
    PRIMARY KEY (id),
    UNIQUE KEY api_tokens_hash (token_hash),
    KEY api_tokens_user (user_id, revoked_at),
    CONSTRAINT api_tokens_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;
