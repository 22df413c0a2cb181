-- 0049: the admin pages' counts kept in the same transaction as the rows they
-- count (0005's pattern), so that no admin page counts 100,000 users or
-- groups 300,000 enrolments on each request (docs/admin.md "Counts").

-- Disabled accounts: the admin's home shows all (members + users_disabled)
-- and the disabled. Touched only when an account is disabled or enabled (or
-- one is made or removed disabled), so sign-ins never queue on it (0008).
INSERT INTO counters (k, n)
    SELECT 'users_disabled', COUNT(*) FROM users WHERE disabled <> 0
    ON DUPLICATE KEY UPDATE n = VALUES(n);

CREATE TRIGGER IF NOT EXISTS users_disabled_insert AFTER INSERT ON users FOR EACH ROW
    IF NEW.disabled <> 0 THEN
        UPDATE counters SET n = n + 1 WHERE k = 'users_disabled';
    END IF;

CREATE TRIGGER IF NOT EXISTS users_disabled_update AFTER UPDATE ON users FOR EACH ROW
    IF NEW.disabled <> OLD.disabled THEN
        UPDATE counters SET n = n + (NEW.disabled <> 0) - (OLD.disabled <> 0)
            WHERE k = 'users_disabled';
    END IF;

CREATE TRIGGER IF NOT EXISTS users_disabled_delete AFTER DELETE ON users FOR EACH ROW
    IF OLD.disabled <> 0 THEN
        UPDATE counters SET n = n - 1 WHERE k = 'users_disabled';
    END IF;

-- Enrolments by the learner's organisation (0: none) and status, for
-- /admin/enrolments. Kept by the enrolments' triggers, and by the users'
-- when a learner changes organisation or is deleted (a cascaded delete of
-- enrolments fires no trigger, so the user's trigger takes theirs off first).
CREATE TABLE IF NOT EXISTS enrol_org_counts (
    org_id INT UNSIGNED NOT NULL,
    status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (org_id, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

DELETE FROM enrol_org_counts;

INSERT INTO enrol_org_counts (org_id, status, n)
    SELECT COALESCE(u.org_id, 0), e.status, COUNT(*) FROM enrolments e
    JOIN users u ON u.id = e.user_id GROUP BY COALESCE(u.org_id, 0), e.status;

CREATE TRIGGER IF NOT EXISTS enrolments_org_insert AFTER INSERT ON enrolments FOR EACH ROW
    INSERT INTO enrol_org_counts (org_id, status, n)
        SELECT COALESCE(u.org_id, 0), NEW.status, 1 FROM users u WHERE u.id = NEW.user_id
        ON DUPLICATE KEY UPDATE n = n + 1;

CREATE TRIGGER IF NOT EXISTS enrolments_org_update AFTER UPDATE ON enrolments FOR EACH ROW
    IF NEW.status <> OLD.status OR NEW.user_id <> OLD.user_id THEN
        UPDATE enrol_org_counts SET n = n - 1 WHERE status = OLD.status
            AND org_id = (SELECT COALESCE(u.org_id, 0) FROM users u WHERE u.id = OLD.user_id);
        INSERT INTO enrol_org_counts (org_id, status, n)
            SELECT COALESCE(u.org_id, 0), NEW.status, 1 FROM users u WHERE u.id = NEW.user_id
            ON DUPLICATE KEY UPDATE n = n + 1;
    END IF;

CREATE TRIGGER IF NOT EXISTS enrolments_org_delete AFTER DELETE ON enrolments FOR EACH ROW
    UPDATE enrol_org_counts SET n = n - 1 WHERE status = OLD.status
        AND org_id = (SELECT COALESCE(u.org_id, 0) FROM users u WHERE u.id = OLD.user_id);

CREATE TRIGGER IF NOT EXISTS users_enrol_org_update AFTER UPDATE ON users FOR EACH ROW
    IF NOT (NEW.org_id <=> OLD.org_id) THEN
        UPDATE enrol_org_counts c
            JOIN (SELECT status, COUNT(*) AS k FROM enrolments WHERE user_id = OLD.id
                  GROUP BY status) x ON x.status = c.status
            SET c.n = c.n - x.k WHERE c.org_id = COALESCE(OLD.org_id, 0);
        INSERT INTO enrol_org_counts (org_id, status, n)
            SELECT COALESCE(NEW.org_id, 0), status, COUNT(*) FROM enrolments
            WHERE user_id = NEW.id GROUP BY status
            ON DUPLICATE KEY UPDATE n = n + VALUES(n);
    END IF;

CREATE TRIGGER IF NOT EXISTS users_enrol_org_delete BEFORE DELETE ON users FOR EACH ROW
    UPDATE enrol_org_counts c
        JOIN (SELECT status, COUNT(*) AS k FROM enrolments WHERE user_id = OLD.id
              GROUP BY status) x ON x.status = c.status
        SET c.n = c.n - x.k WHERE c.org_id = COALESCE(OLD.org_id, 0);

-- The admin's course list (every course, published or not) in either
-- language's order: a page read from the index, not a sort of every course.
CREATE INDEX IF NOT EXISTS courses_admin_cy ON courses (sort_cy);
CREATE INDEX IF NOT EXISTS courses_admin_en ON courses (sort_en);

-- Courses published and not, for the admin's course list without a search:
-- the import and publishing change them, rarely.
INSERT INTO counters (k, n)
    SELECT 'courses_published', COUNT(*) FROM courses WHERE published <> 0
    ON DUPLICATE KEY UPDATE n = VALUES(n);
INSERT INTO counters (k, n)
    SELECT 'courses_unpublished', COUNT(*) FROM courses WHERE published = 0
    ON DUPLICATE KEY UPDATE n = VALUES(n);

CREATE TRIGGER IF NOT EXISTS courses_count_insert AFTER INSERT ON courses FOR EACH ROW
    UPDATE counters SET n = n + 1
        WHERE k = IF(NEW.published <> 0, 'courses_published', 'courses_unpublished');

CREATE TRIGGER IF NOT EXISTS courses_count_update AFTER UPDATE ON courses FOR EACH ROW
    IF (NEW.published <> 0) <> (OLD.published <> 0) THEN
        UPDATE counters SET n = n + IF(k = 'courses_published', 1, -1) * IF(NEW.published <> 0, 1, -1)
            WHERE k IN ('courses_published', 'courses_unpublished');
    END IF;

CREATE TRIGGER IF NOT EXISTS courses_count_delete AFTER DELETE ON courses FOR EACH ROW
    UPDATE counters SET n = n - 1
        WHERE k = IF(OLD.published <> 0, 'courses_published', 'courses_unpublished');
