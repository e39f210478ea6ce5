-- Comment edits: a comment's earlier versions, as posts keep theirs (post_edits).
-- depends: 0010_bookmarks
ALTER TABLE comments ADD COLUMN edited_at TIMESTAMPTZ;
CREATE TABLE comment_edits (
    id           BIGSERIAL   PRIMARY KEY,
    comment_id   UUID        NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    text         TEXT        NOT NULL,
    replaced_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX comment_edits_page ON comment_edits (comment_id, id DESC);
