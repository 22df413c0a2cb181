-- 0004: the admin audit view filters on "acted or was acted on", so the actor
-- needs an index of its own as the log grows.
ALTER TABLE audit_log ADD KEY IF NOT EXISTS audit_log_actor (actor_id, at);
