-- 0009_seats: what the seat engine (server/seats/, docs/seats.md) needs on
-- top of 0006's cohorts and enrolments. The defaults keep every cohort as it
-- was: a freed seat goes straight to the first person waiting (direct), and
-- promotion goes on until the start (no cut-off).

-- seat_mode: 'direct' promotes at once; 'offer' offers the seat for
-- offer_hours (less close to the cut-off). cutoff_hours: from that long before
-- starts_at nobody is promoted or offered a seat.
ALTER TABLE cohorts
    ADD COLUMN IF NOT EXISTS seat_mode ENUM('direct', 'offer') NOT NULL DEFAULT 'direct',
    ADD COLUMN IF NOT EXISTS offer_hours SMALLINT UNSIGNED NOT NULL DEFAULT 24,
    ADD COLUMN IF NOT EXISTS cutoff_hours SMALLINT UNSIGNED NOT NULL DEFAULT 0;

-- 'offered': a freed seat is kept for this person until offer_expires_at; it
-- counts in cohorts.taken. It goes last so the first four keep their ENUM
-- index (status + 0), which reports and tests read.
ALTER TABLE enrolments
    MODIFY status ENUM('enrolled', 'waitlisted', 'completed', 'cancelled', 'offered') NOT NULL,
    ADD COLUMN IF NOT EXISTS offer_expires_at DATETIME NULL;

-- the sweeper's look-up of offers whose time is up (seats_expire_due)
CREATE INDEX IF NOT EXISTS enrolments_offers ON enrolments (status, offer_expires_at);
