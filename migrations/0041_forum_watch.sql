-- 0041_forum_watch: watching threads and communities, and e-mail of the
-- forums' notifications (issue 19). communities/ owns these tables.
--
-- forum_thread_watches: a row per person and thread they have chosen about.
-- Starting or replying to a thread writes (user, thread, watching 1) unless
-- a row is there already, so "Stop watching" (watching 0) is kept when the
-- person replies again. forum_community_watches: a row while a person
-- watches a whole community.
-- A new post notifies every watcher of its thread or its community once
-- (forum_notifications' unique (user_id, post_id)), never its author.

CREATE TABLE IF NOT EXISTS forum_thread_watches (
    user_id BIGINT UNSIGNED NOT NULL,
    thread_id BIGINT UNSIGNED NOT NULL,
    watching TINYINT(1) NOT NULL DEFAULT 1,
    changed_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (user_id, thread_id),
    KEY forum_thread_watches_thread (thread_id, watching, user_id),
    CONSTRAINT forum_thread_watches_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT forum_thread_watches_thread FOREIGN KEY (thread_id) REFERENCES forum_threads (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS forum_community_watches (
    user_id BIGINT UNSIGNED NOT NULL,
    community_id INT UNSIGNED NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (user_id, community_id),
    KEY forum_community_watches_community (community_id, user_id),
    CONSTRAINT forum_community_watches_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT forum_community_watches_community FOREIGN KEY (community_id) REFERENCES communities (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- Each person's choice of e-mail: none ('off'), one for each notification
-- ('now', the default when there is no row) or one a day ('daily').
CREATE TABLE IF NOT EXISTS forum_mail_settings (
    user_id BIGINT UNSIGNED NOT NULL,
    mail ENUM('off', 'now', 'daily') NOT NULL DEFAULT 'now',
    PRIMARY KEY (user_id),
    CONSTRAINT forum_mail_settings_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- When a notification is to be e-mailed: set as it is written (now, or a
-- day later for a daily digest; NULL for 'off'), back to NULL once mailed
-- or dropped. The mail worker reads the due ones by this key. Notifications
-- written before this migration are never mailed.
ALTER TABLE forum_notifications
    ADD COLUMN IF NOT EXISTS mail_after DATETIME NULL,
    ADD KEY IF NOT EXISTS forum_notifications_mail (mail_after);

-- Those who have posted in a thread watch it, as the notifications of
-- replies reached them before.
INSERT IGNORE INTO forum_thread_watches (user_id, thread_id)
    SELECT DISTINCT author_id, thread_id FROM forum_posts;
