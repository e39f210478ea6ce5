-- Invitations to a user, and invite links (stored as hashes) with an expiry and a use limit.
-- depends: 0004_moderation
CREATE TABLE invitations (
    community_id UUID        NOT NULL REFERENCES communities (id),
    user_id      UUID        NOT NULL,
    invited_by   UUID        NOT NULL,
    invited_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (community_id, user_id)
);

CREATE TABLE invite_links (
    token_hash   BYTEA PRIMARY KEY,
    community_id UUID        NOT NULL REFERENCES communities (id),
    created_by   UUID        NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    max_uses     INTEGER     NOT NULL,
    uses         INTEGER     NOT NULL DEFAULT 0
);
