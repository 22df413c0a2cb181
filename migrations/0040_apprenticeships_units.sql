-- 0040_apprenticeships_units: issue 21, units and credits, and a returned
-- hours entry corrected and resubmitted with its history kept.
-- docs/apprenticeships.md.
--
-- appr_qualifications: what a framework pathway's apprentice achieves, each
-- with its credits: the occupational competency qualification, the technical
-- knowledge qualification, Essential Skills Wales (domain.md §5). Seeded only
-- with what the reference states as fact: a kind or a credits figure it does
-- not give is NULL ("not recorded" on the page), never made up, and a
-- framework whose qualifications it does not name has no rows.
CREATE TABLE IF NOT EXISTS appr_qualifications (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    framework_id INT UNSIGNED NOT NULL,
    code VARCHAR(48) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    kind ENUM('competency', 'knowledge', 'esw') NULL,
    name_cy VARCHAR(200) NOT NULL,
    name_en VARCHAR(200) NOT NULL,
    level TINYINT UNSIGNED NOT NULL,
    credits SMALLINT UNSIGNED NULL,
    position TINYINT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    UNIQUE KEY appr_qualifications_code (code),
    KEY appr_qualifications_framework (framework_id, position),
    CONSTRAINT appr_qualifications_fw FOREIGN KEY (framework_id) REFERENCES appr_frameworks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- Software Developer L3 [FAA-SD]: the Agored Cymru Level 3 Diploma
-- (C00/4810/0, 790 hours TQT; whether it is the competency or the knowledge
-- qualification, and its credits, are not stated: NULL), ESW Communication
-- and Application of Number at Level 2, 6 credits each.
INSERT IGNORE INTO appr_qualifications (framework_id, code, kind, name_cy, name_en, level,
                                        credits, position)
SELECT f.id, q.code, q.kind, q.name_cy, q.name_en, q.level, q.credits, q.position
FROM appr_frameworks f
JOIN (SELECT 'sd3-agored-diploma' AS code, NULL AS kind,
             'Diploma Lefel 3 Agored Cymru (C00/4810/0)' AS name_cy,
             'Agored Cymru Level 3 Diploma (C00/4810/0)' AS name_en, 3 AS level,
             NULL AS credits, 1 AS position
      UNION ALL SELECT 'sd3-esw-communication', 'esw', 'Sgiliau Hanfodol Cymru: Cyfathrebu',
             'Essential Skills Wales: Communication', 2, 6, 2
      UNION ALL SELECT 'sd3-esw-number', 'esw', 'Sgiliau Hanfodol Cymru: Cymhwyso Rhif',
             'Essential Skills Wales: Application of Number', 2, 6, 3) q
WHERE f.code = 'software-developer-3';

-- A unit an apprentice has achieved, recorded by their trainer or an admin.
-- qualification_id NULL: a unit of a qualification the reference does not
-- list for the framework. apprentices.credits_achieved stays the counter,
-- moved in the same transaction as the row.
CREATE TABLE IF NOT EXISTS appr_units_achieved (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    apprentice_id BIGINT UNSIGNED NOT NULL,
    qualification_id INT UNSIGNED NULL,
    title VARCHAR(255) NOT NULL,
    credits SMALLINT UNSIGNED NOT NULL,
    achieved_on DATE NOT NULL,
    recorded_by BIGINT UNSIGNED NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    KEY appr_units_apprentice (apprentice_id, qualification_id),
    CONSTRAINT appr_units_a FOREIGN KEY (apprentice_id) REFERENCES apprentices (id),
    CONSTRAINT appr_units_q FOREIGN KEY (qualification_id) REFERENCES appr_qualifications (id),
    CONSTRAINT appr_units_by FOREIGN KEY (recorded_by) REFERENCES users (id),
    CONSTRAINT appr_units_credits CHECK (credits BETWEEN 1 AND 200)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- Each earlier version of an hours entry: when the apprentice corrects a
-- returned entry and resubmits it, the returned version (with the comment
-- and who returned it) is copied here and the entry waits again.
CREATE TABLE IF NOT EXISTS appr_otj_versions (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    entry_id BIGINT UNSIGNED NOT NULL,
    worked_on DATE NOT NULL,
    tenths SMALLINT UNSIGNED NOT NULL,
    category ENUM('taught', 'online', 'shadowing', 'practical', 'study', 'event') NOT NULL,
    activity VARCHAR(500) NOT NULL,
    comment VARCHAR(255) NOT NULL DEFAULT '',
    decided_by BIGINT UNSIGNED NULL,
    decided_at DATETIME NULL,
    submitted_at DATETIME NOT NULL,
    PRIMARY KEY (id),
    KEY appr_otj_versions_entry (entry_id, id),
    CONSTRAINT appr_otj_versions_e FOREIGN KEY (entry_id) REFERENCES appr_otj_entries (id),
    CONSTRAINT appr_otj_versions_by FOREIGN KEY (decided_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

-- When the entry's current version was submitted (created_at stays the
-- first submission).
ALTER TABLE appr_otj_entries
    ADD COLUMN IF NOT EXISTS submitted_at DATETIME NULL AFTER created_at;
