-- 0042_forum_review: the review queue for new members' posts (issue 19).
--
-- forum_posts.review: 0 published, 1 waiting for a moderator, 2 rejected
-- (review_reason: the moderator's reason, which the author is shown). A
-- waiting or rejected post is seen by its author alone; its counters,
-- notifications, mentions and search fold are written when it is approved.
-- forum_threads.review likewise: a thread whose first post waits is
-- invisible (listings, the API, the search) until that post is approved.
-- The queue reads waiting posts oldest first through forum_posts_review.

ALTER TABLE forum_posts
    ADD COLUMN IF NOT EXISTS review TINYINT UNSIGNED NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS review_reason VARCHAR(500) NULL,
    ADD KEY IF NOT EXISTS forum_posts_review (review, id);

ALTER TABLE forum_threads
    ADD COLUMN IF NOT EXISTS review TINYINT UNSIGNED NOT NULL DEFAULT 0;
