-- 0043_apprenticeships_schemes: the admin's scheme form and the trainer or
-- mentor assigned to an apprentice (issue 21, docs/apprenticeships.md).
-- apprenticeships/ owns these tables.

-- The intake runs from intake_start to intake_end (NULL: open-ended).
ALTER TABLE appr_schemes
    ADD COLUMN IF NOT EXISTS intake_end DATE NULL AFTER intake_start;

-- The admins and trainers responsible for a scheme (people with either role
-- when they were chosen; the form offers only those).
CREATE TABLE IF NOT EXISTS appr_scheme_staff (
    scheme_id INT UNSIGNED NOT NULL,
    user_id BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (scheme_id, user_id),
    KEY appr_scheme_staff_user (user_id),
    CONSTRAINT appr_scheme_staff_scheme FOREIGN KEY (scheme_id) REFERENCES appr_schemes (id)
        ON DELETE CASCADE,
    CONSTRAINT appr_scheme_staff_user FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- A mentor named on the record (a workplace mentor with no account), beside
-- or instead of the trainer (apprentices.trainer_id, a user with the role).
ALTER TABLE apprentices
    ADD COLUMN IF NOT EXISTS mentor_name VARCHAR(120) NOT NULL DEFAULT '' AFTER trainer_id;
