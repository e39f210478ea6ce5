-- Deactivated accounts (identity's UserDeactivated / UserReactivated): their posts, comments
-- and reactions are hidden from everyone while they are away. The newest fact per user wins,
-- so redelivered and reordered events (and the same events handed over directly by identity
-- before DeactivateAccount answers) leave the right state.
-- depends: 0003_link_review
CREATE TABLE mirror_users (
    user_id     UUID        PRIMARY KEY,
    deactivated BOOLEAN     NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX mirror_users_deactivated ON mirror_users (user_id) WHERE deactivated;
