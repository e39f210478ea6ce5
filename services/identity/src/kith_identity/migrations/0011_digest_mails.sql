-- The weekly digests mailed (docs/digest.md): one row per person and week, written in the
-- transaction that queues the mail, so that a DigestReady delivered again, or a digest built twice,
-- mails nothing more. Rows older than five weeks go when the next digest is queued; erasure takes
-- the person's with their account.
-- depends: 0010_privacy
CREATE TABLE digest_mails (
    user_id    UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    week_start TIMESTAMPTZ NOT NULL,
    queued_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, week_start)
);
