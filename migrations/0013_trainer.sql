-- 0013_trainer: trainers' cohorts (issue 20, docs/trainer.md). A cohort gets
-- a name, one or more trainers (cohort_trainers; cohorts.trainer_id, the one
-- trainer of 0006, is copied in), sessions and attendance. The figures the
-- trainer's pages sort by are counters on the enrolment, kept in the same
-- transaction as the lesson completion or the attendance mark.

ALTER TABLE cohorts
    ADD COLUMN IF NOT EXISTS name_cy VARCHAR(200) NOT NULL DEFAULT '',
    ADD COLUMN IF NOT EXISTS name_en VARCHAR(200) NOT NULL DEFAULT '';

CREATE TABLE IF NOT EXISTS cohort_trainers (
    cohort_id INT UNSIGNED NOT NULL,
    user_id BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (cohort_id, user_id),
    KEY cohort_trainers_user (user_id, cohort_id),
    CONSTRAINT cohort_trainers_cohort FOREIGN KEY (cohort_id) REFERENCES cohorts (id)
        ON DELETE CASCADE,
    CONSTRAINT cohort_trainers_user FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

INSERT IGNORE INTO cohort_trainers (cohort_id, user_id)
    SELECT id, trainer_id FROM cohorts WHERE trainer_id IS NOT NULL;

-- One meeting of a cohort: in a place or online (or both), in a language.
CREATE TABLE IF NOT EXISTS cohort_sessions (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    cohort_id INT UNSIGNED NOT NULL,
    starts_at DATETIME NOT NULL,
    minutes SMALLINT UNSIGNED NOT NULL,
    place VARCHAR(200) NOT NULL DEFAULT '',
    online_url VARCHAR(500) NOT NULL DEFAULT '',
    lang ENUM('cy', 'en', 'both') NOT NULL,
    -- how many marks of each kind (kept with attendance)
    present SMALLINT UNSIGNED NOT NULL DEFAULT 0,
    absent SMALLINT UNSIGNED NOT NULL DEFAULT 0,
    apologies SMALLINT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY cohort_sessions_cohort (cohort_id, starts_at),
    CONSTRAINT cohort_sessions_cohort FOREIGN KEY (cohort_id) REFERENCES cohorts (id)
        ON DELETE CASCADE,
    CONSTRAINT cohort_sessions_minutes CHECK (minutes BETWEEN 1 AND 1440)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS attendance (
    session_id INT UNSIGNED NOT NULL,
    enrolment_id BIGINT UNSIGNED NOT NULL,
    mark ENUM('present', 'absent', 'apologies') NOT NULL,
    marked_by BIGINT UNSIGNED NULL,
    marked_at DATETIME NOT NULL,
    PRIMARY KEY (session_id, enrolment_id),
    KEY attendance_enrolment (enrolment_id),
    CONSTRAINT attendance_session FOREIGN KEY (session_id) REFERENCES cohort_sessions (id)
        ON DELETE CASCADE,
    CONSTRAINT attendance_enrolment FOREIGN KEY (enrolment_id) REFERENCES enrolments (id)
        ON DELETE CASCADE,
    CONSTRAINT attendance_marker FOREIGN KEY (marked_by) REFERENCES users (id)
        ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- last_activity_at: the last lesson completed (learn/'s transaction);
-- sessions_*: the learner's attendance marks (trainer/'s transaction).
ALTER TABLE enrolments
    ADD COLUMN IF NOT EXISTS last_activity_at DATETIME NULL,
    ADD COLUMN IF NOT EXISTS sessions_attended SMALLINT UNSIGNED NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS sessions_missed SMALLINT UNSIGNED NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS sessions_apologies SMALLINT UNSIGNED NOT NULL DEFAULT 0;

-- a cohort's learners in progress order without a sort of the table
CREATE INDEX IF NOT EXISTS enrolments_cohort_progress ON enrolments (cohort_id, lessons_done);
