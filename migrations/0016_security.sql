-- 0016_security: issue 23 (OWASP ASVS level 2).
--
-- outbox.secret: the message carries a one-time secret (a password-reset or
-- unlock link). Its body is emptied as soon as it is sent, so the link lives
-- only in the recipient's mailbox, never in the database (finding 2). Bodies
-- of reset mails sent before this migration are emptied here.

ALTER TABLE outbox
    ADD COLUMN IF NOT EXISTS secret TINYINT(1) NOT NULL DEFAULT 0 AFTER body_text;

UPDATE outbox SET body_text = '', secret = 1
    WHERE sent_at IS NOT NULL AND body_text LIKE '%/password-reset/%';

-- users.must_change_password: set by `dysgu create-admin` (a one-time
-- password printed on a terminal); signing in with it leads only to the form
-- that sets a new one (finding 7). Setting a password clears it.
ALTER TABLE users
    ADD COLUMN IF NOT EXISTS must_change_password TINYINT(1) NOT NULL DEFAULT 0;
