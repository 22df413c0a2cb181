-- 0005: counters kept in the same transaction as the rows they count
-- (DESIGN.md "Scale"), so a page never counts a large table. Triggers keep
-- them right whichever code path (or bulk load) writes the rows.

CREATE TABLE IF NOT EXISTS counters (
    k VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (k)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

INSERT INTO counters (k, n)
    SELECT 'members', COUNT(*) FROM users WHERE disabled = 0
    ON DUPLICATE KEY UPDATE n = VALUES(n);

CREATE TRIGGER IF NOT EXISTS users_count_insert AFTER INSERT ON users FOR EACH ROW
    UPDATE counters SET n = n + (NEW.disabled = 0) WHERE k = 'members';

CREATE TRIGGER IF NOT EXISTS users_count_update AFTER UPDATE ON users FOR EACH ROW
    UPDATE counters SET n = n + (NEW.disabled = 0) - (OLD.disabled = 0) WHERE k = 'members';

CREATE TRIGGER IF NOT EXISTS users_count_delete AFTER DELETE ON users FOR EACH ROW
    UPDATE counters SET n = n - (OLD.disabled = 0) WHERE k = 'members';
