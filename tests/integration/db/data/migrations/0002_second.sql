-- fixture: a second table and a column added to the first
CREATE TABLE IF NOT EXISTS mig_b (
    id INT NOT NULL PRIMARY KEY,
    a_id INT NOT NULL,
    CONSTRAINT mig_b_a FOREIGN KEY (a_id) REFERENCES mig_a (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

ALTER TABLE mig_a ADD COLUMN IF NOT EXISTS w INT NULL;
