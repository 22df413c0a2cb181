-- 0018_webinars_more: calendar invitations in the webinar e-mails (issue 18,
-- docs/webinars.md "Invitations").
--
-- outbox.calendar / calendar_method: an iCalendar object (RFC 5545, built by
-- webinars/ics.c) sent as a text/calendar part beside the text
-- (multipart/alternative), with its iTIP method (REQUEST or CANCEL), so mail
-- programs offer to add, move or remove the calendar entry. NULL: plain text.
ALTER TABLE outbox
    ADD COLUMN IF NOT EXISTS calendar MEDIUMTEXT NULL,
    ADD COLUMN IF NOT EXISTS calendar_method VARCHAR(16) CHARACTER SET ascii NULL;

-- webinar_registrations.ics_sequence: bumped when the person cancels or
-- registers again. An invitation's SEQUENCE is the webinar's sequence plus
-- this, so each invitation or cancellation a person receives is newer than
-- the one before, and their calendar moves or drops the entry (same UID).
ALTER TABLE webinar_registrations
    ADD COLUMN IF NOT EXISTS ics_sequence INT UNSIGNED NOT NULL DEFAULT 0;
