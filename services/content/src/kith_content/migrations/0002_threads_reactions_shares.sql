-- Audiences, communities, media, shares, edits, deletes and removals on posts; threaded
-- comments; reactions; and the mirrors of relationships and memberships (from the graph and
-- communities events) that every read is filtered with.
-- depends: 0001_posts
ALTER TABLE posts
    ADD COLUMN community_id   UUID,
    ADD COLUMN members_only   BOOLEAN     NOT NULL DEFAULT false,
    ADD COLUMN media          JSONB       NOT NULL DEFAULT '[]',
    ADD COLUMN link           TEXT        NOT NULL DEFAULT '',
    ADD COLUMN hashtags       TEXT[]      NOT NULL DEFAULT '{}',
    ADD COLUMN mention_ids    UUID[]      NOT NULL DEFAULT '{}',
    ADD COLUMN shared_post_id UUID REFERENCES posts (id),
    ADD COLUMN edited_at      TIMESTAMPTZ,
    ADD COLUMN deleted_at     TIMESTAMPTZ,
    ADD COLUMN removed_at     TIMESTAMPTZ,
    ADD COLUMN comment_count  BIGINT      NOT NULL DEFAULT 0,
    ADD COLUMN share_count    BIGINT      NOT NULL DEFAULT 0,
    ADD COLUMN search         TSVECTOR    NOT NULL DEFAULT ''::tsvector;
CREATE INDEX posts_search ON posts USING gin (search);
CREATE INDEX posts_page ON posts (author_id, created_at DESC, id DESC);

CREATE TABLE post_hashtags (
    tag        TEXT        NOT NULL,
    post_id    UUID        NOT NULL REFERENCES posts (id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tag, post_id)
);
CREATE INDEX post_hashtags_page ON post_hashtags (tag, created_at DESC, post_id DESC);

CREATE TABLE post_edits (
    id          BIGSERIAL PRIMARY KEY,
    post_id     UUID        NOT NULL REFERENCES posts (id),
    text        TEXT        NOT NULL,
    replaced_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX post_edits_page ON post_edits (post_id, id DESC);

CREATE TABLE comments (
    id             UUID PRIMARY KEY,
    post_id        UUID        NOT NULL REFERENCES posts (id),
    parent_id      UUID REFERENCES comments (id),
    author_id      UUID        NOT NULL,
    text           TEXT        NOT NULL,
    depth          INTEGER     NOT NULL,
    mention_ids    UUID[]      NOT NULL DEFAULT '{}',
    created_at     TIMESTAMPTZ NOT NULL,
    deleted_at     TIMESTAMPTZ,
    removed_at     TIMESTAMPTZ,
    reply_count    BIGINT      NOT NULL DEFAULT 0,
    reaction_count BIGINT      NOT NULL DEFAULT 0
);
CREATE INDEX comments_thread ON comments (post_id, parent_id, created_at DESC, id DESC);

-- One reaction per user per target (a post or a comment).
CREATE TABLE reactions (
    target_id  UUID        NOT NULL,
    user_id    UUID        NOT NULL,
    post_id    UUID        NOT NULL,
    kind       TEXT        NOT NULL,
    reacted_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (target_id, user_id)
);

-- Mirrors: the latest fact per pair wins (`at` is the event's time), so redelivered and
-- reordered events leave the right state.
CREATE TABLE mirror_follows (
    follower_id UUID NOT NULL, followee_id UUID NOT NULL, active BOOLEAN NOT NULL, at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE TABLE mirror_friends (
    user_id UUID NOT NULL, friend_id UUID NOT NULL, active BOOLEAN NOT NULL, at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, friend_id)
);
CREATE TABLE mirror_blocks (
    blocker_id UUID NOT NULL, blocked_id UUID NOT NULL, active BOOLEAN NOT NULL, at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE TABLE mirror_members (
    community_id UUID NOT NULL, user_id UUID NOT NULL, active BOOLEAN NOT NULL, at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, user_id)
);
