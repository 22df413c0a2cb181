-- 0044_apprenticeships_signoff: issue 21, the employer's sign-off of a
-- progress review. docs/apprenticeships.md "The employer's sign-off".
--
-- Employers have no accounts: the reviewer types the employer contact's name
-- and e-mail address on the review form, and saving e-mails them a secret
-- single-use link (auth/token.h: only the BLAKE2b-256 hash of the 256-bit
-- token is kept, here, 30 days). The page behind it answers "I agree" or "I do
-- not agree, because ..." once; the state and when it was answered stay on
-- the review. employer_state: none (no contact given), waiting, signed,
-- disputed (employer_reason holds why).
ALTER TABLE appr_reviews
    ADD COLUMN IF NOT EXISTS employer_name VARCHAR(255) NOT NULL DEFAULT '',
    ADD COLUMN IF NOT EXISTS employer_email VARCHAR(254) NOT NULL DEFAULT '',
    ADD COLUMN IF NOT EXISTS employer_state ENUM('none', 'waiting', 'signed', 'disputed')
        NOT NULL DEFAULT 'none',
    ADD COLUMN IF NOT EXISTS employer_token_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN IF NOT EXISTS employer_expires_at DATETIME NULL,
    ADD COLUMN IF NOT EXISTS employer_answered_at DATETIME NULL,
    ADD COLUMN IF NOT EXISTS employer_reason VARCHAR(2000) NOT NULL DEFAULT '',
    ADD UNIQUE KEY IF NOT EXISTS appr_reviews_employer_token (employer_token_hash);
