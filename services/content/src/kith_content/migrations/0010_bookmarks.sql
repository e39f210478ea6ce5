-- Bookmarks: a person's private saved posts, each in a folder ('' for none).
-- depends: 0009_polls
CREATE TABLE bookmarks (
    user_id   UUID        NOT NULL,
    post_id   UUID        NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    folder    TEXT        NOT NULL DEFAULT '',
    saved_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, post_id)
);
CREATE INDEX bookmarks_newest ON bookmarks (user_id, saved_at DESC, post_id DESC);
CREATE INDEX bookmarks_folder ON bookmarks (user_id, folder, saved_at DESC, post_id DESC);
