-- Communities and memberships.
CREATE TABLE communities (
    id           UUID PRIMARY KEY,
    slug         TEXT        NOT NULL,
    name         TEXT        NOT NULL,
    description  TEXT        NOT NULL DEFAULT '',
    purpose      TEXT        NOT NULL DEFAULT '',
    topics       TEXT[]      NOT NULL DEFAULT '{}',
    visibility   TEXT        NOT NULL,
    owner_id     UUID        NOT NULL,
    member_count INTEGER     NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX communities_slug ON communities (lower(slug));

CREATE TABLE memberships (
    community_id UUID        NOT NULL REFERENCES communities (id),
    user_id      UUID        NOT NULL,
    role         TEXT        NOT NULL,
    joined_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (community_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);
CREATE INDEX memberships_page ON memberships (community_id, joined_at, user_id);
