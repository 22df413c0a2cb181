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
