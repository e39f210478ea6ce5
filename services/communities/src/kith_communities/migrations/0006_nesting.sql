-- Subcommunities: fully nested (membership requires the parent's) or partly nested.
-- depends: 0005_invitations
ALTER TABLE communities ADD COLUMN parent_id UUID REFERENCES communities (id);
ALTER TABLE communities ADD COLUMN nesting TEXT;
CREATE INDEX communities_parent ON communities (parent_id);
