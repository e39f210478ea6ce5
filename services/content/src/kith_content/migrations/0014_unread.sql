-- Unread tracking (docs/unread.md): a person's last visit to each of their communities, their
-- read position in threads, and the mirror of their mutes (graph events) that counts leave out.
-- Each person's own, private rows: no event carries them.
-- depends: 0012_drafts
CREATE TABLE community_visits (
    user_id      UUID        NOT NULL,
    community_id UUID        NOT NULL,
    visited_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, community_id)
);

-- Read up to (read_at, read_id) in the thread's comment order (created_at, id); read_id is
-- ffffffff-ffff-ffff-ffff-ffffffffffff when the person read everything up to read_at.
CREATE TABLE thread_reads (
    user_id    UUID        NOT NULL,
    post_id    UUID        NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    read_at    TIMESTAMPTZ NOT NULL,
    read_id    UUID        NOT NULL,
    marked_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, post_id)
);
CREATE INDEX thread_reads_post ON thread_reads (post_id);

-- As the other mirrors: the latest fact per pair wins.
CREATE TABLE mirror_mutes (
    muter_id UUID NOT NULL, muted_id UUID NOT NULL, active BOOLEAN NOT NULL, at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (muter_id, muted_id)
);
CREATE INDEX mirror_mutes_muted ON mirror_mutes (muted_id);

-- A community's posts, and a thread's comments, in the order they are read.
CREATE INDEX posts_community_order ON posts (community_id, created_at, id) WHERE community_id IS NOT NULL;
CREATE INDEX comments_post_order ON comments (post_id, created_at, id);
