-- What the communities know of people from other services' events: blocks (graph's UserBlocked
-- / UserUnblocked) and deactivated accounts (identity's UserDeactivated / UserReactivated).
-- The newest fact per pair (per user) wins by the event's own time, so redelivery and
-- reordering are harmless. Two people in a block do not see each other in member lists, join
-- requests or invitations; a deactivated account is in none of them until it comes back.
-- depends: 0011_link_review
CREATE TABLE mirror_blocks (
    blocker_id UUID NOT NULL, blocked_id UUID NOT NULL, active BOOLEAN NOT NULL, at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE TABLE mirror_users (
    user_id UUID PRIMARY KEY, deactivated BOOLEAN NOT NULL, at TIMESTAMPTZ NOT NULL
);
