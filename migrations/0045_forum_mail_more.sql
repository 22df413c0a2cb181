-- 0045_forum_mail_more: the forums' notifications of review, the daily
-- digest at a fixed hour, and one-click unsubscribing (issue 19).
-- communities/ owns these tables and columns; outbox.list_unsubscribe is
-- mail/'s, written by communities/ for its mails.
--
-- forum_notifications.review: 0 a post to read (a reply, a new thread, a
-- mention); 1 the reader's own post was published by a moderator, 2 it was
-- not (the reason is forum_posts.review_reason).
ALTER TABLE forum_notifications
    ADD COLUMN IF NOT EXISTS review TINYINT NOT NULL DEFAULT 0;

-- When each reader's last daily digest was queued, so that a digest goes at
-- most once a day, even across restarts. A table of its own: the mail
-- worker writes it in the transaction that claims the reader's
-- notifications, and a post notifying the reader meanwhile reads
-- forum_mail_settings (never this), so the two never wait on each other.
CREATE TABLE IF NOT EXISTS forum_digests (
    user_id BIGINT UNSIGNED NOT NULL,
    last_at DATETIME NOT NULL,
    PRIMARY KEY (user_id),
    CONSTRAINT forum_digests_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- One-click unsubscribing (RFC 8058) from the forums' e-mail: each mail
-- carries a new token, kept only as its hash (auth/token.h); a token turns
-- its person's forum e-mail off. Tokens older than 90 days are dropped.
CREATE TABLE IF NOT EXISTS forum_unsubscribe_tokens (
    token_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id BIGINT UNSIGNED NOT NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (token_hash),
    KEY forum_unsubscribe_tokens_created (created_at),
    CONSTRAINT forum_unsubscribe_tokens_user FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- The List-Unsubscribe address of a queued mail (NULL: none); delivery adds
-- it with List-Unsubscribe-Post: List-Unsubscribe=One-Click.
ALTER TABLE outbox
    ADD COLUMN IF NOT EXISTS list_unsubscribe VARCHAR(300) CHARACTER SET ascii COLLATE ascii_bin NULL;
