-- 0014_apprenticeships: Welsh apprenticeship frameworks, schemes and
-- apprentices with their LLWR status history and progress reviews (issue 21).
-- apprenticeships/ owns these tables. reference/domain.md §5 is the source;
-- what it marks UNCONFIRMED is a column with a default (review interval,
-- planned off-the-job hours), never a hard-coded rule. docs/apprenticeships.md.

-- A framework pathway at one level, with its minimum credits (domain.md §5).
CREATE TABLE IF NOT EXISTS appr_frameworks (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    code VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    sector VARCHAR(80) NOT NULL,
    name_cy VARCHAR(200) NOT NULL,
    name_en VARCHAR(200) NOT NULL,
    level TINYINT UNSIGNED NOT NULL,
    min_credits SMALLINT UNSIGNED NOT NULL,
    typical_months SMALLINT UNSIGNED NOT NULL DEFAULT 24,
    langs SET('cy', 'en') NOT NULL DEFAULT 'cy,en',
    PRIMARY KEY (id),
    UNIQUE KEY appr_frameworks_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

INSERT IGNORE INTO appr_frameworks (code, sector, name_cy, name_en, level, min_credits) VALUES
    ('itswt-2', 'digital', 'Gweithwyr proffesiynol TG, meddalwedd, gwe a thelathrebu',
     'IT, software, web and telecoms professionals', 2, 78),
    ('itswt-3', 'digital', 'Gweithwyr proffesiynol TG, meddalwedd, gwe a thelathrebu',
     'IT, software, web and telecoms professionals', 3, 114),
    ('itswt-4', 'digital', 'Gweithwyr proffesiynol TG, meddalwedd, gwe a thelathrebu',
     'IT, software, web and telecoms professionals', 4, 218),
    ('software-developer-3', 'digital', 'Datblygwr meddalwedd', 'Software developer', 3, 79),
    ('software-developer-4', 'digital', 'Datblygwr meddalwedd', 'Software developer', 4, 111),
    ('cyber-security-3', 'digital', 'Dadansoddwr seiberddiogelwch', 'Cyber security analyst', 3, 77),
    ('cyber-security-4', 'digital', 'Dadansoddwr seiberddiogelwch', 'Cyber security analyst', 4, 95),
    ('it-infrastructure-3', 'digital', 'Seilwaith TG', 'IT infrastructure', 3, 114),
    ('it-infrastructure-4', 'digital', 'Seilwaith TG', 'IT infrastructure', 4, 168),
    ('digital-content-3', 'digital', 'Cynnwys digidol', 'Digital content', 3, 90),
    ('digital-content-4', 'digital', 'Cynnwys digidol', 'Digital content', 4, 124);

-- An employer's run of a framework pathway. review_weeks and planned_otj_hours
-- are settings: Wales fixes neither (domain.md §5, UNCONFIRMED).
CREATE TABLE IF NOT EXISTS appr_schemes (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    code VARCHAR(48) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    framework_id INT UNSIGNED NOT NULL,
    employer_id INT UNSIGNED NOT NULL,
    provider VARCHAR(200) NOT NULL,
    subcontractor VARCHAR(200) NULL,
    name_cy VARCHAR(200) NOT NULL,
    name_en VARCHAR(200) NOT NULL,
    intake_start DATE NOT NULL,
    review_weeks TINYINT UNSIGNED NOT NULL DEFAULT 12,
    planned_otj_hours SMALLINT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    UNIQUE KEY appr_schemes_code (code),
    CONSTRAINT appr_schemes_fw FOREIGN KEY (framework_id) REFERENCES appr_frameworks (id),
    CONSTRAINT appr_schemes_employer FOREIGN KEY (employer_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- One apprentice on one scheme. status is the LLWR completion status
-- (1 in learning, 2 completed, 3 withdrawn, 4 transferred); on_break is the
-- break in learning, which is not an LLWR code (docs/apprenticeships.md).
CREATE TABLE IF NOT EXISTS apprentices (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    user_id BIGINT UNSIGNED NOT NULL,
    scheme_id INT UNSIGNED NOT NULL,
    uli VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    workplace_postcode VARCHAR(10) NOT NULL DEFAULT '',
    weekly_hours TINYINT UNSIGNED NOT NULL,
    starts_on DATE NOT NULL,
    planned_end_on DATE NOT NULL,
    actual_end_on DATE NULL,
    trainer_id BIGINT UNSIGNED NULL,
    lang ENUM('cy', 'en', 'both') NOT NULL DEFAULT 'both',
    agreement_on_file TINYINT(1) NOT NULL DEFAULT 0,
    status ENUM('in_learning', 'on_break', 'completed', 'withdrawn', 'transferred')
        NOT NULL DEFAULT 'in_learning',
    status_reason VARCHAR(255) NOT NULL DEFAULT '',
    break_return_on DATE NULL,
    next_review_on DATE NULL,
    otj_hours_approved DECIMAL(7,2) NOT NULL DEFAULT 0,
    credits_achieved SMALLINT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    UNIQUE KEY apprentices_user_scheme (user_id, scheme_id),
    KEY apprentices_scheme_status (scheme_id, status),
    KEY apprentices_trainer (trainer_id),
    KEY apprentices_status_review (status, next_review_on),
    CONSTRAINT apprentices_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT apprentices_scheme FOREIGN KEY (scheme_id) REFERENCES appr_schemes (id),
    CONSTRAINT apprentices_trainer FOREIGN KEY (trainer_id) REFERENCES users (id),
    CONSTRAINT apprentices_hours CHECK (weekly_hours >= 16)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- Every status change: from, to, the date it took effect, why and who.
CREATE TABLE IF NOT EXISTS appr_status_history (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    apprentice_id BIGINT UNSIGNED NOT NULL,
    from_status VARCHAR(16) CHARACTER SET ascii NOT NULL,
    to_status VARCHAR(16) CHARACTER SET ascii NOT NULL,
    effective_on DATE NOT NULL,
    reason VARCHAR(255) NOT NULL,
    actor_id BIGINT UNSIGNED NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    KEY appr_status_history_apprentice (apprentice_id, id),
    CONSTRAINT appr_status_history_a FOREIGN KEY (apprentice_id) REFERENCES apprentices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;
