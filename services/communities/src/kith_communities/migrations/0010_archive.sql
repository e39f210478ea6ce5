-- Archiving (read-only communities; archived_with names the community whose archiving
-- archived this one, so unarchiving reopens exactly that subtree).
-- depends: 0009_reports
ALTER TABLE communities ADD COLUMN archived_at TIMESTAMPTZ;
ALTER TABLE communities ADD COLUMN archived_with UUID;
CREATE INDEX communities_archived_with ON communities (archived_with) WHERE archived_with IS NOT NULL;
