-- 0021_apprenticeships_more: issue 21, the enrolment form.
--
-- apprentices.otj_weekly_target: the weekly off-the-job hours the admin sets
-- when enrolling an apprentice (Wales has no England-style 20 % rule and a
-- numeric minimum is UNCONFIRMED: docs/apprenticeships.md, so it is a number
-- per apprentice, not a rule). 0 for the records made before the form.
ALTER TABLE apprentices
    ADD COLUMN IF NOT EXISTS otj_weekly_target DECIMAL(4,1) NOT NULL DEFAULT 0
        AFTER otj_hours_approved;
