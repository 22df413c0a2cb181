-- 0039_forum_edits: editing one's own post, quoting and @mentions (issue 19).
--
-- An edit keeps every earlier version in forum_post_versions (its body and
-- language, when it was written and when the edit replaced it); only
-- moderators read them. forum_posts.edited_at is the time of the latest edit
-- (NULL: never edited), shown as "edited 3 minutes ago".
--
-- forum_mentions: the people a post names with @handle (docs/communities.md,
-- "Mentions"), resolved when the post is written or edited, so a page links
-- them without asking who they are. forum_notifications.mention marks a
-- notification that came from a mention rather than a reply.

ALTER TABLE forum_posts
    ADD COLUMN IF NOT EXISTS edited_at DATETIME NULL;

CREATE TABLE IF NOT EXISTS forum_post_versions (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    post_id BIGINT UNSIGNED NOT NULL,
    body MEDIUMTEXT NOT NULL,
    lang CHAR(2) CHARACTER SET ascii NOT NULL,
    written_at DATETIME NOT NULL,
    edited_at DATETIME NOT NULL,
    PRIMARY KEY (id),
    KEY forum_post_versions_post (post_id, id),
    CONSTRAINT forum_post_versions_post FOREIGN KEY (post_id) REFERENCES forum_posts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS forum_mentions (
    post_id BIGINT UNSIGNED NOT NULL,
    user_id BIGINT UNSIGNED NOT NULL,
    -- the handle as written (without "@"), to find it again in the text
    handle VARCHAR(200) NOT NULL,
    PRIMARY KEY (post_id, user_id),
    CONSTRAINT forum_mentions_post FOREIGN KEY (post_id) REFERENCES forum_posts (id),
    CONSTRAINT forum_mentions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

ALTER TABLE forum_notifications
    ADD COLUMN IF NOT EXISTS mention TINYINT(1) NOT NULL DEFAULT 0;
