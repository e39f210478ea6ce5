-- Removals by the platform's staff (identity's ContentRemovedByStaff): a post or comment removed
-- by staff remembers which removal it was, so that only that removal's reversal
-- (ContentRestoredByStaff) brings it back. NULL for everything else, moderators' removals too.
-- depends: 0006_content_warnings
ALTER TABLE posts ADD COLUMN staff_removal_id UUID;
ALTER TABLE comments ADD COLUMN staff_removal_id UUID;

-- Removals reversed: a removal delivered again after its reversal (Kafka gives no order between
-- the two) takes nothing.
CREATE TABLE staff_restorations (
    removal_id  UUID        PRIMARY KEY,
    restored_at TIMESTAMPTZ NOT NULL
);
