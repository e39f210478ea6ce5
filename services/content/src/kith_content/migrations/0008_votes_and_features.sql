-- Votes on community posts (one per person, which they may change or take back) with the
-- post's counts beside it, and featured posts: a community's announcement and its pins.
-- depends: 0007_staff_removals
CREATE TABLE post_votes (
    post_id   UUID        NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id   UUID        NOT NULL,
    value     SMALLINT    NOT NULL CHECK (value IN (-1, 1)),
    voted_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (post_id, user_id)
);
CREATE INDEX post_votes_user ON post_votes (user_id);   -- a person's votes: exports, erasure

ALTER TABLE posts ADD COLUMN upvotes     BIGINT      NOT NULL DEFAULT 0;
ALTER TABLE posts ADD COLUMN downvotes   BIGINT      NOT NULL DEFAULT 0;
ALTER TABLE posts ADD COLUMN feature     TEXT        CHECK (feature IN ('pinned', 'announcement'));
ALTER TABLE posts ADD COLUMN featured_at TIMESTAMPTZ;
CREATE INDEX posts_featured ON posts (community_id, feature) WHERE feature IS NOT NULL;
