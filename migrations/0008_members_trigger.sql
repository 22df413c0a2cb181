-- 0008: the members counter is touched only when an account is enabled or
-- disabled. 0005's trigger updated the one `counters` row on EVERY users
-- UPDATE (each sign-in writes last_login_at), so concurrent sign-ins queued
-- on that row lock for nothing.

DROP TRIGGER IF EXISTS users_count_update;

CREATE TRIGGER users_count_update AFTER UPDATE ON users FOR EACH ROW
    IF NEW.disabled <> OLD.disabled THEN
        UPDATE counters SET n = n + (NEW.disabled = 0) - (OLD.disabled = 0) WHERE k = 'members';
    END IF;
