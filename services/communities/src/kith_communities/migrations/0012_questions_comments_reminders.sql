-- Issue 15: membership questions (the questions asked are kept with each join request, so
-- moderators see what was answered even after the questions change), comments from
-- non-members in public communities, and reminders asked for by people who answered maybe.
-- depends: 0011_link_review
ALTER TABLE communities
    ADD COLUMN membership_questions      TEXT[]  NOT NULL DEFAULT '{}',
    ADD COLUMN comments_from_non_members BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE join_requests ADD COLUMN questions TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE rsvps ADD COLUMN remind_me BOOLEAN NOT NULL DEFAULT false;
