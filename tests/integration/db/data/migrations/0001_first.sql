-- fixture for tests/integration/db/test_migrate.c: never edit an applied migration
CREATE TABLE IF NOT EXISTS mig_a (
    id INT NOT NULL PRIMARY KEY,
    v VARCHAR(20) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;

INSERT INTO mig_a (id, v) VALUES (1, 'un'), (2, 'dau')
    ON DUPLICATE KEY UPDATE v = VALUES(v);
