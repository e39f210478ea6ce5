-- Pending requests to join private communities.
-- depends: 0001_communities
CREATE TABLE join_requests (
    community_id UUID        NOT NULL REFERENCES communities (id),
    user_id      UUID        NOT NULL,
    answers      TEXT[]      NOT NULL DEFAULT '{}',
    requested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (community_id, user_id)
);
CREATE INDEX join_requests_page ON join_requests (community_id, requested_at, user_id);
