-- Link review: posts and comments held until a community moderator approves them (review
-- 'pending'; 'rejected' when refused; NULL once published), and the mirror of trust levels
-- (the feed worker's TrustLevelChanged events) that decides whose links are held.
-- depends: 0002_threads_reactions_shares
ALTER TABLE posts
    ADD COLUMN review      TEXT CHECK (review IN ('pending', 'rejected')),
    ADD COLUMN held_reason TEXT        NOT NULL DEFAULT '',
    ADD COLUMN reviewed_by UUID,
    ADD COLUMN reviewed_at TIMESTAMPTZ,
    ADD COLUMN review_note TEXT        NOT NULL DEFAULT '';
CREATE INDEX posts_held ON posts (community_id, created_at, id) WHERE review = 'pending';

ALTER TABLE comments
    ADD COLUMN review      TEXT CHECK (review IN ('pending', 'rejected')),
    ADD COLUMN held_reason TEXT        NOT NULL DEFAULT '',
    ADD COLUMN reviewed_by UUID,
    ADD COLUMN reviewed_at TIMESTAMPTZ,
    ADD COLUMN review_note TEXT        NOT NULL DEFAULT '';
CREATE INDEX comments_held ON comments (created_at, id) WHERE review = 'pending';

-- The newest level per member wins: the highest sequence (the member's n-th change), then the
-- later change time, so redelivered and reordered events leave the right level.
CREATE TABLE mirror_trust (
    community_id UUID        NOT NULL,
    user_id      UUID        NOT NULL,
    level        SMALLINT    NOT NULL,
    sequence     BIGINT      NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, user_id)
);
