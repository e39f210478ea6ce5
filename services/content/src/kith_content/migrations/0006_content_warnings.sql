-- Content warnings: an author flags a post or comment with a short notice that readers see before
-- it (empty: none).
-- depends: 0005_erasure
ALTER TABLE posts ADD COLUMN content_warning TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN content_warning TEXT NOT NULL DEFAULT '';
