-- Each person's privacy settings: who may find them by email, mention them, see their
-- relationship lists, invite them to communities. NULL is the default (everyone); the services
-- that enforce a setting mirror it from PrivacySettingsChanged.
-- depends: 0009_staff_removals
ALTER TABLE users ADD COLUMN find_by_email         TEXT CHECK (find_by_email IN ('everyone', 'nobody'));
ALTER TABLE users ADD COLUMN mentions              TEXT CHECK (mentions IN ('everyone', 'people_i_follow', 'friends', 'nobody'));
ALTER TABLE users ADD COLUMN relationship_lists    TEXT CHECK (relationship_lists IN ('everyone', 'people_i_follow', 'friends', 'nobody'));
ALTER TABLE users ADD COLUMN community_invitations TEXT CHECK (community_invitations IN ('everyone', 'people_i_follow', 'friends', 'nobody'));
-- FindPeopleByEmail calls per person, the throttle on address-book matching (a day is kept).
CREATE TABLE email_lookups (
    user_id UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX email_lookups_user ON email_lookups (user_id, at);
