-- Posts, comments and messages removed, and communities closed, by the platform's staff. The
-- service holding the target applies the removal; its event names the owner, who is then told
-- and may appeal. An appeal is against a suspension or against a removal, never both.
-- depends: 0008_trust_and_safety
CREATE TABLE staff_removals (
    id           UUID        PRIMARY KEY,
    target_kind  TEXT        NOT NULL CHECK (target_kind IN ('post', 'comment', 'message', 'community')),
    target_id    UUID        NOT NULL,
    reason       TEXT        NOT NULL,
    status       TEXT        NOT NULL DEFAULT 'removed' CHECK (status IN ('removed', 'restored')),
    removed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    removed_by   UUID        REFERENCES users (id) ON DELETE SET NULL,
    owner_id     UUID        REFERENCES users (id) ON DELETE CASCADE,   -- NULL until the owner is named
    restored_at  TIMESTAMPTZ,
    restored_by  UUID        REFERENCES users (id) ON DELETE SET NULL
);
-- One removal in force per target: removing it again returns that one.
CREATE UNIQUE INDEX staff_removals_in_force ON staff_removals (target_kind, target_id) WHERE status = 'removed';
CREATE INDEX staff_removals_owner ON staff_removals (owner_id, removed_at DESC, id DESC);

ALTER TABLE appeals ALTER COLUMN suspended_at DROP NOT NULL;
ALTER TABLE appeals ALTER COLUMN suspension_reason SET DEFAULT '';
ALTER TABLE appeals ADD COLUMN removal_id UUID REFERENCES staff_removals (id) ON DELETE CASCADE;
ALTER TABLE appeals ADD CONSTRAINT appeals_against_one_thing CHECK ((suspended_at IS NULL) <> (removal_id IS NULL));
CREATE UNIQUE INDEX appeals_one_per_removal ON appeals (removal_id) WHERE removal_id IS NOT NULL;
