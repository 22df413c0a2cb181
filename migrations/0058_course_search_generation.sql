-- 0058: a generation number of what a search reads of the published courses
-- (catalogue/words.c, docs/catalogue.md "A new search without FULLTEXT"):
-- the server keeps a word index of every published course and answers a new
-- search from it while this number is the one the index was read at. Bumped
-- in the transaction of every change a search could see: a course published,
-- unpublished, added or removed, or a published course's fold, facets,
-- languages or sort keys changed. Not by enrolled_count or lesson_count, so
-- enrolments never write this row.
INSERT INTO counters (k, n) VALUES ('courses_search', 1)
    ON DUPLICATE KEY UPDATE n = n + 1;

CREATE TRIGGER IF NOT EXISTS courses_search_insert AFTER INSERT ON courses FOR EACH ROW
    IF NEW.published <> 0 THEN
        UPDATE counters SET n = n + 1 WHERE k = 'courses_search';
    END IF;

CREATE TRIGGER IF NOT EXISTS courses_search_update AFTER UPDATE ON courses FOR EACH ROW
    IF (NEW.published <> 0 OR OLD.published <> 0) AND NOT (
            NEW.published <=> OLD.published AND NEW.search_fold <=> OLD.search_fold
            AND NEW.role_family <=> OLD.role_family AND NEW.level <=> OLD.level
            AND NEW.format <=> OLD.format AND NEW.in_cy <=> OLD.in_cy
            AND NEW.in_en <=> OLD.in_en AND NEW.sort_cy <=> OLD.sort_cy
            AND NEW.sort_en <=> OLD.sort_en) THEN
        UPDATE counters SET n = n + 1 WHERE k = 'courses_search';
    END IF;

CREATE TRIGGER IF NOT EXISTS courses_search_delete AFTER DELETE ON courses FOR EACH ROW
    IF OLD.published <> 0 THEN
        UPDATE counters SET n = n + 1 WHERE k = 'courses_search';
    END IF;
