-- Community events and meetups, with RSVPs and a waitlist.
-- depends: 0007_rules_and_policy
CREATE TABLE community_events (
    id           UUID PRIMARY KEY,
    community_id UUID        NOT NULL REFERENCES communities (id),
    title        TEXT        NOT NULL,
    description  TEXT        NOT NULL DEFAULT '',
    starts_at    TIMESTAMPTZ NOT NULL,
    ends_at      TIMESTAMPTZ NOT NULL,
    time_zone    TEXT        NOT NULL,
    online_url   TEXT        NOT NULL DEFAULT '',
    place        TEXT        NOT NULL DEFAULT '',
    capacity     INTEGER     NOT NULL DEFAULT 0,
    created_by   UUID        NOT NULL,
    cancelled_at TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX community_events_upcoming ON community_events (community_id, starts_at);

CREATE TABLE rsvps (
    event_id     UUID        NOT NULL REFERENCES community_events (id),
    user_id      UUID        NOT NULL,
    status       TEXT        NOT NULL,
    responded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX rsvps_waitlist ON rsvps (event_id, responded_at) WHERE status = 'waitlisted';
