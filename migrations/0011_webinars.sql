-- 0011_webinars: webinars and the events programme (issue 18, docs/webinars.md).
-- A webinar is a seat pool for the seat engine (docs/seats.md): capacity and
-- taken, offer mode by default (a freed seat is offered for offer_hours, less
-- close to the start), and a cut-off of cutoff_hours before the start.

CREATE TABLE IF NOT EXISTS webinars (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    slug VARCHAR(120) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    community_id INT UNSIGNED NULL,
    title_cy VARCHAR(200) NOT NULL,
    title_en VARCHAR(200) NOT NULL,
    summary_cy TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    speaker VARCHAR(200) NOT NULL DEFAULT '',
    -- the language it is held in; 'both' with interpretation = simultaneous
    -- interpretation between Welsh and English
    language ENUM('cy', 'en', 'both') NOT NULL DEFAULT 'both',
    interpretation TINYINT(1) NOT NULL DEFAULT 0,
    audience ENUM('all', 'members') NOT NULL DEFAULT 'all',
    starts_at DATETIME NOT NULL,
    duration_min SMALLINT UNSIGNED NOT NULL DEFAULT 60,
    capacity INT UNSIGNED NOT NULL,
    taken INT UNSIGNED NOT NULL DEFAULT 0,
    seat_mode ENUM('direct', 'offer') NOT NULL DEFAULT 'offer',
    offer_hours SMALLINT UNSIGNED NOT NULL DEFAULT 24,
    cutoff_hours SMALLINT UNSIGNED NOT NULL DEFAULT 1,
    cancelled TINYINT(1) NOT NULL DEFAULT 0,
    join_url VARCHAR(500) NOT NULL DEFAULT '',
    recording_url VARCHAR(500) NOT NULL DEFAULT '',
    slides_url VARCHAR(500) NOT NULL DEFAULT '',
    -- bumped on every change a calendar entry shows (iCalendar SEQUENCE)
    sequence INT UNSIGNED NOT NULL DEFAULT 0,
    created_by BIGINT UNSIGNED NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    UNIQUE KEY webinars_slug (slug),
    KEY webinars_upcoming (cancelled, starts_at, id),
    KEY webinars_community (community_id, starts_at),
    CONSTRAINT webinars_taken CHECK (taken <= capacity),
    CONSTRAINT webinars_community FOREIGN KEY (community_id) REFERENCES communities (id),
    CONSTRAINT webinars_creator FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- One row a person and webinar. status: the seat engine's four roles
-- (HOLDING registered, WAITING waitlisted, OFFERED offered, OUT cancelled).
-- reminder_queued_at: set by the conditional UPDATE that queues the reminder,
-- in the same transaction as the e-mail, so it is queued exactly once.
CREATE TABLE IF NOT EXISTS webinar_registrations (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    webinar_id INT UNSIGNED NOT NULL,
    user_id BIGINT UNSIGNED NOT NULL,
    status ENUM('registered', 'waitlisted', 'offered', 'cancelled') NOT NULL,
    registered_at DATETIME NULL,
    waitlisted_at DATETIME NULL,
    offer_expires_at DATETIME NULL,
    cancelled_at DATETIME NULL,
    attended TINYINT(1) NOT NULL DEFAULT 0,
    reminder_queued_at DATETIME NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    UNIQUE KEY webinar_registrations_once (webinar_id, user_id),
    KEY webinar_registrations_queue (webinar_id, status, waitlisted_at, id),
    KEY webinar_registrations_user (user_id, status),
    KEY webinar_registrations_offers (status, offer_expires_at),
    CONSTRAINT webinar_registrations_webinar FOREIGN KEY (webinar_id) REFERENCES webinars (id),
    CONSTRAINT webinar_registrations_user FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;
