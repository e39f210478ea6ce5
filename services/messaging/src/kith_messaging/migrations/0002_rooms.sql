-- Community rooms: conversations of a third kind, opened by a community's moderators; and the
-- mirrors of the communities events that decide who may read and write them (the community's
-- visibility, memberships with roles, bans, mutes). The newest fact per key wins by the event's
-- own time, so redelivered and reordered events leave the right state.
ALTER TABLE conversations DROP CONSTRAINT IF EXISTS conversations_kind_check;
ALTER TABLE conversations ADD CONSTRAINT conversations_kind_check CHECK (kind IN ('direct', 'group', 'room'));
ALTER TABLE conversations ADD COLUMN IF NOT EXISTS community_id UUID;
CREATE INDEX IF NOT EXISTS conversations_community ON conversations (community_id, created_at) WHERE kind = 'room';

CREATE TABLE IF NOT EXISTS mirror_communities (
    community_id UUID PRIMARY KEY,
    visibility   TEXT        NOT NULL CHECK (visibility IN ('public', 'private', 'hidden')),
    at           TIMESTAMPTZ NOT NULL
);
-- role: member, moderator, admin, owner; active false once they left, were removed or banned.
CREATE TABLE IF NOT EXISTS mirror_community_members (
    community_id UUID        NOT NULL,
    user_id      UUID        NOT NULL,
    role         TEXT        NOT NULL,
    active       BOOLEAN     NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, user_id)
);
-- Bans (until NULL: without end) and mutes (a member muted until `until` may not write; MemberMuted
-- carries no time of its own, so the latest end is kept).
CREATE TABLE IF NOT EXISTS mirror_community_bans (
    community_id UUID        NOT NULL,
    user_id      UUID        NOT NULL,
    active       BOOLEAN     NOT NULL,
    until        TIMESTAMPTZ,
    at           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, user_id)
);
CREATE TABLE IF NOT EXISTS mirror_community_mutes (
    community_id UUID        NOT NULL,
    user_id      UUID        NOT NULL,
    until        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, user_id)
);
