-- Rules, the welcome message for newcomers, and who may post.
-- depends: 0006_nesting
ALTER TABLE communities
    ADD COLUMN rules           TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN welcome_message TEXT   NOT NULL DEFAULT '',
    ADD COLUMN posting_policy  TEXT   NOT NULL DEFAULT 'all_members';
