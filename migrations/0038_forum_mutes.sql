-- 0038_forum_mutes: a moderator mutes a member of the forums for 1, 7 or 30
-- days, with a reason (issue 19). While a mute runs (until in the future and
-- not lifted) the member cannot start threads, reply or report. Rows are
-- kept after they end or are lifted: the history beside the audit log.
-- A mute covers every community. communities/ owns this table.

CREATE TABLE IF NOT EXISTS forum_mutes (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    user_id BIGINT UNSIGNED NOT NULL,
    until DATETIME NOT NULL,
    reason VARCHAR(500) NOT NULL,
    by_id BIGINT UNSIGNED NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    lifted_by BIGINT UNSIGNED NULL,
    lifted_at DATETIME NULL,
    PRIMARY KEY (id),
    KEY forum_mutes_user (user_id, lifted_at, until),
    KEY forum_mutes_current (lifted_at, until),
    CONSTRAINT forum_mutes_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT forum_mutes_by FOREIGN KEY (by_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;
