-- Removals by the platform's staff (identity's ContentRemovedByStaff with target kind MESSAGE): the
-- message becomes a tombstone as DeleteMessage makes it, but what it said is kept here until the
-- removal is reversed (ContentRestoredByStaff puts it back) or its sender is erased. One row per
-- removal, kept once restored (without the text), so that a redelivered removal or restore changes
-- nothing; a restore that arrives first leaves a restored row, and the removal is then ignored.
-- depends: 0003_presence
CREATE TABLE IF NOT EXISTS message_staff_removals (
    removal_id  UUID PRIMARY KEY,
    message_id  UUID        NOT NULL,
    -- What the tombstone blanked; NULL once restored (or the sender erased).
    text        TEXT,
    mention_ids UUID[],
    has_link    BOOLEAN,
    removed_at  TIMESTAMPTZ,
    restored_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS message_staff_removals_message ON message_staff_removals (message_id);
-- The removal holding a message removed now (a restore applies only to that one).
ALTER TABLE messages ADD COLUMN IF NOT EXISTS staff_removal_id UUID;
