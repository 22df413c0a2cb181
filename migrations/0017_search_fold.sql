-- 0017_search_fold: the catalogue's search understands Welsh (issue 25).
-- Each course keeps search_fold, view/welshfold.h's welshfold_text() of
-- both languages' titles and summaries (courses/fold.c), written with the
-- course by `dysgu import-courses`, so a Welsh word matches in any of its
-- mutated forms; the search is MATCH (search_fold) AGAINST
-- (welshfold_query() IN BOOLEAN MODE), as the forums' (0019) is.
-- Rows written before this migration have an empty fold: the next import
-- writes them again whatever their source hash (courses/store.c).
-- courses_text, the unfolded index it replaces, is dropped.

ALTER TABLE courses
    ADD COLUMN IF NOT EXISTS search_fold MEDIUMTEXT NOT NULL DEFAULT '',
    ADD FULLTEXT KEY IF NOT EXISTS courses_fold (search_fold);

ALTER TABLE courses DROP INDEX IF EXISTS courses_text;
