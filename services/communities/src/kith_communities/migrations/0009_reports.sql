-- Reports to moderators, and members muted (not allowed to post) for a period.
-- depends: 0008_events
CREATE TABLE reports (
    id           BIGSERIAL PRIMARY KEY,
    community_id UUID        NOT NULL REFERENCES communities (id),
    reporter_id  UUID        NOT NULL,
    target       TEXT        NOT NULL,
    target_id    UUID        NOT NULL,
    reason       TEXT        NOT NULL,
    reported_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolved_at  TIMESTAMPTZ,
    resolved_by  UUID,
    action       TEXT
);
CREATE INDEX reports_open ON reports (community_id, id) WHERE resolved_at IS NULL;

ALTER TABLE memberships ADD COLUMN muted_until TIMESTAMPTZ;
