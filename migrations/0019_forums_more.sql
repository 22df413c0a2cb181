-- 0019_forums_more: search of the forums (issue 19). Each post keeps
-- search_fold, view/welshfold.h's welshfold_text() of what is searched
-- (the thread's title with its first post, the body alone for a reply),
-- written with the post, so a Welsh word matches in any mutated form; the
-- search is MATCH (search_fold) AGAINST (welshfold_query() IN BOOLEAN MODE).
-- Rows written before this migration have an empty fold until they are
-- folded again (docs/communities.md, "Search").

ALTER TABLE forum_posts
    ADD COLUMN IF NOT EXISTS search_fold MEDIUMTEXT NOT NULL DEFAULT '',
    ADD FULLTEXT KEY IF NOT EXISTS forum_posts_fold (search_fold);

-- Notifications: a row for each person who posted in a thread when someone
-- else replies to it, written in the reply's transaction, with each
-- person's unread count kept beside it (never counted per page view).
CREATE TABLE IF NOT EXISTS forum_notifications (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    user_id BIGINT UNSIGNED NOT NULL,
    post_id BIGINT UNSIGNED NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    read_at DATETIME NULL,
    PRIMARY KEY (id),
    UNIQUE KEY forum_notifications_once (user_id, post_id),
    KEY forum_notifications_user (user_id, id),
    CONSTRAINT forum_notifications_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT forum_notifications_post FOREIGN KEY (post_id) REFERENCES forum_posts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS forum_unread (
    user_id BIGINT UNSIGNED NOT NULL,
    unread INT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id),
    CONSTRAINT forum_unread_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;
