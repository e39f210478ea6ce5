-- Polls in posts: 2 to 10 options, one or several choices, an optional closing time; each
-- person's vote (final) and the counts beside the poll, kept in the vote's transaction.
-- depends: 0008_votes_and_features
ALTER TABLE posts ADD COLUMN has_poll BOOLEAN NOT NULL DEFAULT false;
CREATE TABLE polls (
    post_id          UUID        PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    options          TEXT[]      NOT NULL,
    multiple_choice  BOOLEAN     NOT NULL,
    closes_at        TIMESTAMPTZ,
    counts           BIGINT[]    NOT NULL,   -- per option, in order
    voters           BIGINT      NOT NULL DEFAULT 0
);
CREATE TABLE poll_votes (
    post_id   UUID        NOT NULL REFERENCES polls (post_id) ON DELETE CASCADE,
    user_id   UUID        NOT NULL,
    choices   SMALLINT[]  NOT NULL,          -- option indexes, from 0, sorted
    voted_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (post_id, user_id)
);
CREATE INDEX poll_votes_user ON poll_votes (user_id);   -- a person's votes: exports, erasure
