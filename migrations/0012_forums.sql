-- 0012_forums: the forums of the communities of practice (issue 19):
-- membership, threads, posts and reports. communities/ owns these tables.
--
-- Threads page by (pinned, last_post_at, id) and posts by (thread_id, id):
-- keyset pagination, so the last page of a thread of 10,000 posts is read
-- through the index like the first. post_count is kept in the transaction
-- that adds a post, never counted per view. Hidden (by a moderator) and
-- deleted posts stay as tombstones; FULLTEXT keys serve the search.

CREATE TABLE IF NOT EXISTS community_members (
    community_id INT UNSIGNED NOT NULL,
    user_id BIGINT UNSIGNED NOT NULL,
    post_count INT UNSIGNED NOT NULL DEFAULT 0,
    joined_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (community_id, user_id),
    KEY community_members_user (user_id),
    CONSTRAINT community_members_community FOREIGN KEY (community_id) REFERENCES communities (id),
    CONSTRAINT community_members_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS forum_threads (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    community_id INT UNSIGNED NOT NULL,
    author_id BIGINT UNSIGNED NOT NULL,
    title VARCHAR(200) NOT NULL,
    lang CHAR(2) CHARACTER SET ascii NOT NULL,
    post_count INT UNSIGNED NOT NULL DEFAULT 0,
    pinned TINYINT(1) NOT NULL DEFAULT 0,
    locked TINYINT(1) NOT NULL DEFAULT 0,
    hidden TINYINT(1) NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_post_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    KEY forum_threads_list (community_id, hidden, pinned, last_post_at, id),
    FULLTEXT KEY forum_threads_title (title),
    CONSTRAINT forum_threads_community FOREIGN KEY (community_id) REFERENCES communities (id),
    CONSTRAINT forum_threads_author FOREIGN KEY (author_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS forum_posts (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    thread_id BIGINT UNSIGNED NOT NULL,
    author_id BIGINT UNSIGNED NOT NULL,
    body MEDIUMTEXT NOT NULL,
    lang CHAR(2) CHARACTER SET ascii NOT NULL,
    hidden TINYINT(1) NOT NULL DEFAULT 0,
    deleted TINYINT(1) NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    KEY forum_posts_thread (thread_id, id),
    KEY forum_posts_author (author_id),
    FULLTEXT KEY forum_posts_body (body),
    CONSTRAINT forum_posts_thread FOREIGN KEY (thread_id) REFERENCES forum_threads (id),
    CONSTRAINT forum_posts_author FOREIGN KEY (author_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS forum_reports (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    post_id BIGINT UNSIGNED NOT NULL,
    reporter_id BIGINT UNSIGNED NOT NULL,
    reason VARCHAR(500) NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    resolved_by BIGINT UNSIGNED NULL,
    resolved_at DATETIME NULL,
    PRIMARY KEY (id),
    UNIQUE KEY forum_reports_once (post_id, reporter_id),
    KEY forum_reports_open (resolved_at, id),
    CONSTRAINT forum_reports_post FOREIGN KEY (post_id) REFERENCES forum_posts (id),
    CONSTRAINT forum_reports_reporter FOREIGN KEY (reporter_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;
