-- 0026_webinars_finish: the rest of webinars (issue 18, docs/webinars.md).
--
-- calendar_feeds: one private calendar address per person, kept only as the
-- BLAKE2b-256 hash of its token (auth/token.h); resetting it replaces the
-- row, so the old address finds nothing at once.
CREATE TABLE IF NOT EXISTS calendar_feeds (
    user_id BIGINT UNSIGNED NOT NULL,
    token_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (user_id),
    UNIQUE KEY calendar_feeds_token (token_hash),
    CONSTRAINT calendar_feeds_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- A cohort session's iCalendar SEQUENCE, bumped by the database whenever
-- something a calendar shows changes (the trainer's pages need not know), so
-- the feed's entry moves instead of doubling. Attendance counts do not bump it.
ALTER TABLE cohort_sessions
    ADD COLUMN IF NOT EXISTS sequence INT UNSIGNED NOT NULL DEFAULT 0;

DROP TRIGGER IF EXISTS cohort_sessions_sequence;

CREATE TRIGGER cohort_sessions_sequence BEFORE UPDATE ON cohort_sessions FOR EACH ROW
    SET NEW.sequence = OLD.sequence + (NEW.starts_at <> OLD.starts_at OR
        NEW.minutes <> OLD.minutes OR NEW.place <> OLD.place OR
        NEW.online_url <> OLD.online_url OR NEW.cancelled <> OLD.cancelled);

-- The audience of the issue: all staff, senior leaders, elected members.
ALTER TABLE webinars
    MODIFY audience ENUM('all', 'leaders', 'members') NOT NULL DEFAULT 'all';

-- The list's filters and keyset paging: upcoming soonest first, past latest
-- first, each by (starts_at, id).
CREATE INDEX IF NOT EXISTS webinars_list ON webinars (cancelled, starts_at, id, language, audience);

-- Speakers as records: several per webinar, in order.
CREATE TABLE IF NOT EXISTS webinar_speakers (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    webinar_id INT UNSIGNED NOT NULL,
    position TINYINT UNSIGNED NOT NULL,
    name VARCHAR(200) NOT NULL,
    role_cy VARCHAR(200) NOT NULL DEFAULT '',
    role_en VARCHAR(200) NOT NULL DEFAULT '',
    organisation VARCHAR(200) NOT NULL DEFAULT '',
    bio_cy TEXT NOT NULL,
    bio_en TEXT NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY webinar_speakers_order (webinar_id, position),
    CONSTRAINT webinar_speakers_webinar FOREIGN KEY (webinar_id) REFERENCES webinars (id)
        ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- The one-text speaker of 0011 becomes the first speaker record.
INSERT IGNORE INTO webinar_speakers (webinar_id, position, name, bio_cy, bio_en)
    SELECT id, 1, speaker, '', '' FROM webinars WHERE speaker <> '';
