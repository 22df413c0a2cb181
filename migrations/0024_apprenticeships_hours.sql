-- 0024_apprenticeships_hours: issue 21, the off-the-job hours log and the
-- progress reviews. docs/apprenticeships.md.
--
-- appr_otj_entries: what an apprentice logs (date, hours in tenths, category,
-- what they did); their trainer or an admin approves it or returns it with a
-- comment. The apprentice's totals are counters on apprentices, changed in the
-- same transaction as the entry (never a SUM per view): otj_hours_logged
-- (entries submitted or approved), otj_hours_approved (0014), otj_pending
-- (entries waiting for a decision).
CREATE TABLE IF NOT EXISTS appr_otj_entries (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    apprentice_id BIGINT UNSIGNED NOT NULL,
    worked_on DATE NOT NULL,
    tenths SMALLINT UNSIGNED NOT NULL,
    category ENUM('taught', 'online', 'shadowing', 'practical', 'study', 'event') NOT NULL,
    activity VARCHAR(500) NOT NULL,
    state ENUM('submitted', 'approved', 'returned') NOT NULL DEFAULT 'submitted',
    comment VARCHAR(255) NOT NULL DEFAULT '',
    decided_by BIGINT UNSIGNED NULL,
    decided_at DATETIME NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    KEY appr_otj_entries_apprentice (apprentice_id, worked_on, id),
    CONSTRAINT appr_otj_entries_a FOREIGN KEY (apprentice_id) REFERENCES apprentices (id),
    CONSTRAINT appr_otj_entries_by FOREIGN KEY (decided_by) REFERENCES users (id),
    CONSTRAINT appr_otj_entries_tenths CHECK (tenths BETWEEN 1 AND 240)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

ALTER TABLE apprentices
    ADD COLUMN IF NOT EXISTS otj_hours_logged DECIMAL(7,2) NOT NULL DEFAULT 0
        AFTER otj_hours_approved,
    ADD COLUMN IF NOT EXISTS otj_pending SMALLINT UNSIGNED NOT NULL DEFAULT 0
        AFTER otj_hours_logged;

-- A progress review at the scheme's interval (review_weeks): held on a date
-- by a trainer or admin, with notes, a red/amber/green rating, the actions
-- agreed and the next review date (held_on + review_weeks, kept on
-- apprentices.next_review_on in the same transaction). Signed off by the
-- reviewer when recorded and by the apprentice from their own page.
CREATE TABLE IF NOT EXISTS appr_reviews (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    apprentice_id BIGINT UNSIGNED NOT NULL,
    held_on DATE NOT NULL,
    reviewer_id BIGINT UNSIGNED NOT NULL,
    rating ENUM('green', 'amber', 'red') NOT NULL,
    notes VARCHAR(2000) NOT NULL,
    actions VARCHAR(2000) NOT NULL DEFAULT '',
    next_review_on DATE NOT NULL,
    apprentice_signed_at DATETIME NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    KEY appr_reviews_apprentice (apprentice_id, held_on, id),
    CONSTRAINT appr_reviews_a FOREIGN KEY (apprentice_id) REFERENCES apprentices (id),
    CONSTRAINT appr_reviews_by FOREIGN KEY (reviewer_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- The export for a provider's LLWR return (docs/apprenticeships.md): the
-- provider reference (LP03) and the programme type code (LP17) are the lead
-- provider's to give; their values are not in the reference (UNCONFIRMED), so
-- they are settings of the scheme, blank until set, never made up.
ALTER TABLE appr_schemes
    ADD COLUMN IF NOT EXISTS llwr_provider_ref VARCHAR(16) NOT NULL DEFAULT '',
    ADD COLUMN IF NOT EXISTS llwr_programme_type VARCHAR(16) NOT NULL DEFAULT '';
