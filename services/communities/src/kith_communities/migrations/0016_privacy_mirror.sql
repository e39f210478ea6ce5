-- Who may invite a person to communities (identity's PrivacySettingsChanged, its
-- community_invitations): one row per person who ever changed their settings, holding the
-- kith_platform.privacy.Reach value; no row means the default (everyone). The newest change per
-- person wins by identity's own time (`at`), so Kafka's later, possibly reordered delivery of what
-- identity already pushed changes nothing. Changes naming an erased user are ignored; erasure
-- deletes the row.
-- depends: 0015_staff_closures
CREATE TABLE mirror_privacy (
    user_id               UUID        PRIMARY KEY,
    community_invitations TEXT        NOT NULL
        CHECK (community_invitations IN ('everyone', 'people_i_follow', 'friends', 'nobody')),
    at                    TIMESTAMPTZ NOT NULL
);
