-- 0020_trainer_more: the rest of trainers' cohorts (issue 20, docs/trainer.md).
-- A session can be cancelled (kept, with its marks, shown as cancelled and
-- left out of learners' upcoming sessions); a message to a cohort is kept as
-- a record of what was sent to whom (the e-mails themselves go through the
-- outbox in the same transaction).

ALTER TABLE cohort_sessions
    ADD COLUMN IF NOT EXISTS cancelled TINYINT(1) NOT NULL DEFAULT 0;

CREATE TABLE IF NOT EXISTS cohort_messages (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    cohort_id INT UNSIGNED NOT NULL,
    sent_by BIGINT UNSIGNED NULL,
    -- everyone learning, or only those at risk when it was sent
    audience ENUM('all', 'at_risk') NOT NULL,
    subject_cy VARCHAR(200) NOT NULL DEFAULT '',
    subject_en VARCHAR(200) NOT NULL DEFAULT '',
    body_cy TEXT NOT NULL,
    body_en TEXT NOT NULL,
    recipients INT UNSIGNED NOT NULL DEFAULT 0,
    sent_at DATETIME NOT NULL,
    PRIMARY KEY (id),
    KEY cohort_messages_cohort (cohort_id, sent_at),
    CONSTRAINT cohort_messages_cohort FOREIGN KEY (cohort_id) REFERENCES cohorts (id)
        ON DELETE CASCADE,
    CONSTRAINT cohort_messages_sender FOREIGN KEY (sent_by) REFERENCES users (id)
        ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;
