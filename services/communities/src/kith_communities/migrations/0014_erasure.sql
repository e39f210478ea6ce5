-- Issue 15, account erasure: `erased_users` is the tombstone list (identity's UserErased), the
-- only place an erased id stays; events naming an erased user are ignored from then on.
-- `outbox_purged` turns true once no outbox row (sent or not) mentions the user any more.
-- What outlives a person loses its pointer to them: a community whose owner was erased and
-- had nobody to hand it to keeps no owner (it is archived), bans and moderation log entries
-- keep no actor, events keep no organiser when their community has no owner.
-- depends: 0012_questions_comments_reminders 0013_people_mirrors
CREATE TABLE erased_users (
    user_id       UUID        PRIMARY KEY,
    erased_at     TIMESTAMPTZ NOT NULL,
    outbox_purged BOOLEAN     NOT NULL DEFAULT false
);
CREATE INDEX erased_users_outbox ON erased_users (user_id) WHERE NOT outbox_purged;

ALTER TABLE communities ALTER COLUMN owner_id DROP NOT NULL;
ALTER TABLE bans ALTER COLUMN banned_by DROP NOT NULL;
ALTER TABLE moderation_log ALTER COLUMN actor_id DROP NOT NULL;
ALTER TABLE community_events ALTER COLUMN created_by DROP NOT NULL;

-- So that erasing one person does not scan every table.
CREATE INDEX communities_owner ON communities (owner_id);
CREATE INDEX join_requests_user ON join_requests (user_id);
CREATE INDEX invitations_user ON invitations (user_id);
CREATE INDEX invitations_invited_by ON invitations (invited_by);
CREATE INDEX invite_links_created_by ON invite_links (created_by);
CREATE INDEX bans_user ON bans (user_id);
CREATE INDEX bans_banned_by ON bans (banned_by);
CREATE INDEX rsvps_user ON rsvps (user_id);
CREATE INDEX community_events_created_by ON community_events (created_by);
CREATE INDEX reports_reporter ON reports (reporter_id);
CREATE INDEX reports_target ON reports (target_id);
