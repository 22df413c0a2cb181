-- 0035_webinar_speakers: webinar_speakers (migration 0026) is the truth about
-- who speaks; webinars.speaker is only their names joined ("A, B"), set by
-- the store in the same transaction, for the list's cards and the API list.
-- Up to four names of up to 200 characters each do not fit in 200.
ALTER TABLE webinars
    MODIFY speaker VARCHAR(1000) NOT NULL DEFAULT '';
