-- Bans (with an optional end) and the moderation log.
-- depends: 0003_discovery
CREATE TABLE bans (
    community_id UUID        NOT NULL REFERENCES communities (id),
    user_id      UUID        NOT NULL,
    until        TIMESTAMPTZ,
    banned_by    UUID        NOT NULL,
    banned_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (community_id, user_id)
);

CREATE TABLE moderation_log (
    id             BIGSERIAL PRIMARY KEY,
    community_id   UUID        NOT NULL REFERENCES communities (id),
    actor_id       UUID        NOT NULL,
    action         TEXT        NOT NULL,
    target_user_id UUID,
    reason         TEXT        NOT NULL DEFAULT '',
    details        TEXT        NOT NULL DEFAULT '',
    at             TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX moderation_log_page ON moderation_log (community_id, id DESC);
