/*
 * migrate: bring a database's schema up to date from dir/NNNN_name.sql files
 * (four digits, an underscore, a name, ".sql"; applied in number order).
 *
 * Applied files are recorded in schema_migrations (version, name, checksum,
 * applied_at), the checksum being the hex BLAKE2b-256 (crypto_generichash) of the
 * file's bytes. An applied file must never change: before anything is applied,
 * every recorded migration is checked against its file, and if one is missing or
 * its name or checksum differs the run is refused and nothing is applied.
 *
 * MariaDB commits DDL implicitly, so a migration cannot be rolled back: a file
 * that fails halfway leaves its earlier statements applied and is not recorded;
 * the run stops with a log line naming the file and the error. Write migrations
 * to be re-runnable (CREATE TABLE IF NOT EXISTS, ADD COLUMN IF NOT EXISTS, ...) so
 * that fixing the file and running again finishes the job.
 *
 * Two processes migrating one database at once are not guarded against (GET_LOCK
 * does not work on Galera): run migrations from one place, before the servers.
 */
#pragma once

struct db;

/* Apply every pending migration in dir, logging one line per file and a summary.
 * Returns how many were applied (>= 0), or -1 (logged) when a recorded migration
 * changed or went missing, a file failed, or the database failed. */
int migrate_run(struct db *db, const char *dir);

/* Without changing anything: how many files in dir are pending and how many
 * recorded migrations changed or went missing. 0, or -1 on an error (logged). */
int migrate_status(struct db *db, const char *dir, int *n_pending, int *n_changed);
