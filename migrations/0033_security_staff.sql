-- 0033_security_staff: issue 23, finding 4 (rest): re-authentication before
-- sensitive actions (role changes, disabling an account, data exports, new
-- recovery codes; docs/security.md).
--
-- sessions.reauth_at: when the person last proved who they are in this
-- session (signing in, or the confirm page: password, and the code when
-- two-step sign-in is on). A sensitive route needs it within reauth_minutes
-- (core/config.h). Every connection runs with time_zone '+00:00', so the
-- default is UTC like the other times; sessions open before this migration
-- count from when they started.
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS reauth_at DATETIME NOT NULL
    DEFAULT CURRENT_TIMESTAMP;
UPDATE sessions SET reauth_at = created_at;
