-- 0052: a cohort's learners read from one index (issue 22, docs/trainer.md
-- "Figures kept, not recomputed"). Every trainer page that counts, sorts or
-- filters a cohort's learners (the cohort list's figures, the learner table,
-- the message form's counts, the completion chart's learners) reads only these
-- columns of enrolments: with them in the index a 1,000-learner cohort is a
-- range of a few index pages, not 1,000 primary-key lookups (3,000 pages).
CREATE INDEX IF NOT EXISTS enrolments_cohort_figures ON enrolments
    (cohort_id, status, lessons_done, sessions_missed, sessions_attended, sessions_apologies,
     last_activity_at, enrolled_at, user_id);
