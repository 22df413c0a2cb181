-- 0006_courses: courses and their lessons (imported from courses/ by
-- `dysgu import-courses`), pathways, cohorts with seats, enrolments with
-- their waiting list, lesson progress and certificates (issue #4).
--
-- Content columns hold both languages side by side; a lesson missing in one
-- language has NULL there and the page says so. Sort keys are ICU collation
-- keys of the title (view/collate.h) so ORDER BY gives Welsh order on Welsh
-- pages without ICU in the database.

CREATE TABLE IF NOT EXISTS courses (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    -- the folder name under courses/: a-z, 0-9 and '-', the URL segment
    slug VARCHAR(80) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    title_cy VARCHAR(200) NOT NULL,
    title_en VARCHAR(200) NOT NULL,
    summary_cy TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    -- "what you will learn": one outcome per line
    outcomes_cy TEXT NOT NULL,
    outcomes_en TEXT NOT NULL,
    -- "who it is for"
    audience_cy TEXT NOT NULL,
    audience_en TEXT NOT NULL,
    -- DDaT role family and role codes (catalogue keys courses.family.*, courses.role.*)
    role_family VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    role VARCHAR(60) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    level ENUM('awareness', 'working', 'practitioner', 'expert') NOT NULL,
    format ENUM('e-learning', 'classroom', 'webinar', 'blended') NOT NULL,
    duration_minutes INT UNSIGNED NOT NULL,
    -- languages the course is delivered in
    in_cy TINYINT(1) NOT NULL,
    in_en TINYINT(1) NOT NULL,
    published TINYINT(1) NOT NULL DEFAULT 1,
    sort_cy VARBINARY(255) NOT NULL,
    sort_en VARBINARY(255) NOT NULL,
    -- SHA-256 (hex) of the course's files as last imported: unchanged files, no write
    source_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    -- counters kept in the same transaction as the rows they count
    lesson_count SMALLINT UNSIGNED NOT NULL DEFAULT 0,
    enrolled_count INT UNSIGNED NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    UNIQUE KEY courses_slug (slug),
    KEY courses_list_cy (published, sort_cy),
    KEY courses_list_en (published, sort_en),
    FULLTEXT KEY courses_text (title_cy, title_en, summary_cy, summary_en),
    CONSTRAINT courses_in CHECK (in_cy IN (0, 1) AND in_en IN (0, 1) AND in_cy + in_en > 0),
    CONSTRAINT courses_published CHECK (published IN (0, 1))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS lessons (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    course_id INT UNSIGNED NOT NULL,
    -- the file name without "NN-" and ".cy.md": stable when lessons are reordered
    name VARCHAR(80) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    -- 1..lesson_count in the course's order (the {n} of the URL); NULL once the
    -- lesson's files are gone (kept so that nobody's progress is lost)
    position SMALLINT UNSIGNED NULL,
    title_cy VARCHAR(200) NULL,
    title_en VARCHAR(200) NULL,
    -- Markdown as written, and cmark's HTML of it (raw HTML never passed through)
    body_cy MEDIUMTEXT NULL,
    body_en MEDIUMTEXT NULL,
    html_cy MEDIUMTEXT NULL,
    html_en MEDIUMTEXT NULL,
    minutes SMALLINT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    UNIQUE KEY lessons_name (course_id, name),
    UNIQUE KEY lessons_position (course_id, position),
    CONSTRAINT lessons_course FOREIGN KEY (course_id) REFERENCES courses (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS pathways (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    slug VARCHAR(80) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    title_cy VARCHAR(200) NOT NULL,
    title_en VARCHAR(200) NOT NULL,
    summary_cy TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    audience_cy TEXT NOT NULL,
    audience_en TEXT NOT NULL,
    -- the community of practice whose discipline it follows, or NULL
    community VARCHAR(80) CHARACTER SET ascii COLLATE ascii_bin NULL,
    position SMALLINT UNSIGNED NOT NULL,
    published TINYINT(1) NOT NULL DEFAULT 1,
    PRIMARY KEY (id),
    UNIQUE KEY pathways_slug (slug)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS pathway_courses (
    pathway_id INT UNSIGNED NOT NULL,
    position SMALLINT UNSIGNED NOT NULL,
    course_id INT UNSIGNED NOT NULL,
    PRIMARY KEY (pathway_id, position),
    KEY pathway_courses_course (course_id),
    CONSTRAINT pathway_courses_pathway FOREIGN KEY (pathway_id) REFERENCES pathways (id)
        ON DELETE CASCADE,
    CONSTRAINT pathway_courses_course FOREIGN KEY (course_id) REFERENCES courses (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- A cohort is one run of a classroom or blended course, with a capacity.
-- taken is changed only by one conditional UPDATE (DESIGN.md known traps):
-- SET taken = taken + 1 WHERE id = ? AND taken < capacity.
CREATE TABLE IF NOT EXISTS cohorts (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    course_id INT UNSIGNED NOT NULL,
    starts_at DATETIME NOT NULL,
    ends_at DATETIME NOT NULL,
    location_cy VARCHAR(200) NOT NULL,
    location_en VARCHAR(200) NOT NULL,
    -- the language the sessions are held in
    lang ENUM('cy', 'en', 'both') NOT NULL,
    capacity INT UNSIGNED NOT NULL,
    taken INT UNSIGNED NOT NULL DEFAULT 0,
    trainer_id BIGINT UNSIGNED NULL,
    cancelled TINYINT(1) NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    KEY cohorts_course (course_id, starts_at),
    KEY cohorts_trainer (trainer_id),
    CONSTRAINT cohorts_course FOREIGN KEY (course_id) REFERENCES courses (id),
    CONSTRAINT cohorts_trainer FOREIGN KEY (trainer_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT cohorts_seats CHECK (taken <= capacity),
    CONSTRAINT cohorts_dates CHECK (ends_at >= starts_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- One row per person and course (enrolling again reuses it). status:
-- enrolled (has a seat, or needs none), waitlisted (for cohort_id, in
-- waitlisted_at, id order), completed (every lesson done), cancelled.
CREATE TABLE IF NOT EXISTS enrolments (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    user_id BIGINT UNSIGNED NOT NULL,
    course_id INT UNSIGNED NOT NULL,
    cohort_id INT UNSIGNED NULL,
    status ENUM('enrolled', 'waitlisted', 'completed', 'cancelled') NOT NULL,
    enrolled_at DATETIME NOT NULL,
    waitlisted_at DATETIME NULL,
    completed_at DATETIME NULL,
    cancelled_at DATETIME NULL,
    -- lessons of the course this person has completed (kept with lesson_progress)
    lessons_done SMALLINT UNSIGNED NOT NULL DEFAULT 0,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    UNIQUE KEY enrolments_user_course (user_id, course_id),
    KEY enrolments_user_status (user_id, status),
    KEY enrolments_course_status (course_id, status),
    KEY enrolments_waitlist (cohort_id, status, waitlisted_at, id),
    CONSTRAINT enrolments_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT enrolments_course FOREIGN KEY (course_id) REFERENCES courses (id),
    CONSTRAINT enrolments_cohort FOREIGN KEY (cohort_id) REFERENCES cohorts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

CREATE TABLE IF NOT EXISTS lesson_progress (
    user_id BIGINT UNSIGNED NOT NULL,
    lesson_id INT UNSIGNED NOT NULL,
    completed_at DATETIME NOT NULL,
    PRIMARY KEY (user_id, lesson_id),
    KEY lesson_progress_lesson (lesson_id),
    CONSTRAINT lesson_progress_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT lesson_progress_lesson FOREIGN KEY (lesson_id) REFERENCES lessons (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- Issued once, when every lesson is complete; name and titles are kept as
-- they were that day so the certificate never changes under its holder.
CREATE TABLE IF NOT EXISTS certificates (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    -- the public verification code: 12 characters of Crockford base32
    code CHAR(12) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id BIGINT UNSIGNED NOT NULL,
    course_id INT UNSIGNED NOT NULL,
    holder_name VARCHAR(200) NOT NULL,
    title_cy VARCHAR(200) NOT NULL,
    title_en VARCHAR(200) NOT NULL,
    issued_at DATETIME NOT NULL,
    revoked_at DATETIME NULL,
    PRIMARY KEY (id),
    UNIQUE KEY certificates_code (code),
    UNIQUE KEY certificates_user_course (user_id, course_id),
    CONSTRAINT certificates_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT certificates_course FOREIGN KEY (course_id) REFERENCES courses (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;
