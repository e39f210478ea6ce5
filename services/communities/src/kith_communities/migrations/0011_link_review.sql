-- Link review: posts and comments with links by members below this trust level (from the
-- feed worker's recognition, mirrored by the content service) wait for a moderator. 0 is off.
-- depends: 0010_archive
ALTER TABLE communities
    ADD COLUMN hold_links_below_trust_level SMALLINT NOT NULL DEFAULT 0
        CHECK (hold_links_below_trust_level BETWEEN 0 AND 3);
