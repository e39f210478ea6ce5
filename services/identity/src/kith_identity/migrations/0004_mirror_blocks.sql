-- Blocks, mirrored from the graph service's events (UserBlocked / UserUnblocked): the newest
-- fact per pair wins by the event's own time, so redelivery and reordering are harmless. Two
-- people in a block (either way) do not see each other's profile, in search or by handle.
-- depends: 0003_profiles
CREATE TABLE mirror_blocks (
    blocker_id UUID NOT NULL, blocked_id UUID NOT NULL, active BOOLEAN NOT NULL, at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);
