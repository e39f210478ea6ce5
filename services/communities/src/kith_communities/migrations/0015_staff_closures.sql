-- Closures by the platform's staff (identity's ContentRemovedByStaff with target kind COMMUNITY):
-- the community and everything below it are archived as ArchiveCommunity archives them, and held:
-- nobody may unarchive a held community until the removal is reversed (ContentRestoredByStaff),
-- which reopens exactly what the closure archived. One row per removal, kept once restored, so
-- that a redelivered closure or restore changes nothing; a restore that arrives first leaves a
-- restored row, and the closure is then ignored.
-- depends: 0014_erasure
CREATE TABLE staff_closures (
    removal_id   UUID        PRIMARY KEY,
    community_id UUID        NOT NULL,
    closed_at    TIMESTAMPTZ,
    restored_at  TIMESTAMPTZ
);
-- The closure that archived this community (its restore reopens it); NULL when its owner (or
-- an erasure) archived it.
ALTER TABLE communities ADD COLUMN archived_by_removal UUID;
-- The closure holding this community (it or one above it was closed): set on the whole subtree,
-- whoever archived each; the first closure keeps it when one above is closed too.
ALTER TABLE communities ADD COLUMN closed_by_removal UUID;
CREATE INDEX communities_archived_by_removal ON communities (archived_by_removal)
    WHERE archived_by_removal IS NOT NULL;
CREATE INDEX communities_closed_by_removal ON communities (closed_by_removal) WHERE closed_by_removal IS NOT NULL;
