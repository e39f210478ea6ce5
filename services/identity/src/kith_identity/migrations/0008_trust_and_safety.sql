-- The platform's trust and safety: staff roles, suspensions, reports to the platform, appeals and
-- the audit log of every staff action. Erasure deletes a person's reports and appeals and leaves
-- the audit log's entries about them without their id.
-- depends: 0007_account_security
ALTER TABLE users ADD COLUMN staff_role TEXT CHECK (staff_role IN ('admin', 'moderator'));
CREATE INDEX users_staff ON users (staff_role) WHERE staff_role IS NOT NULL;
ALTER TABLE users ADD COLUMN suspended_at TIMESTAMPTZ;
ALTER TABLE users ADD COLUMN suspended_until TIMESTAMPTZ;   -- NULL while suspended: until lifted
ALTER TABLE users ADD COLUMN suspension_reason TEXT;
-- Whether the suspension deactivated the account (lifting it then reactivates it); false when the
-- person had deactivated it themselves before.
ALTER TABLE users ADD COLUMN suspension_deactivated BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX users_suspension_ends ON users (suspended_until) WHERE suspended_until IS NOT NULL;

CREATE TABLE platform_reports (
    id               UUID        PRIMARY KEY,
    reporter_id      UUID        REFERENCES users (id) ON DELETE SET NULL,
    target_kind      TEXT        NOT NULL,
    target_id        TEXT        NOT NULL,
    reason           TEXT        NOT NULL,
    details          TEXT        NOT NULL,
    status           TEXT        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'actioned')),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolved_at      TIMESTAMPTZ,
    resolved_by      UUID        REFERENCES users (id) ON DELETE SET NULL,
    resolution_note  TEXT        NOT NULL DEFAULT ''
);
CREATE INDEX platform_reports_queue ON platform_reports (status, created_at, id);
-- One open report per reporter and target: reporting again returns it.
CREATE UNIQUE INDEX platform_reports_open ON platform_reports (reporter_id, target_kind, target_id)
    WHERE status = 'open';

CREATE TABLE appeals (
    id                 UUID        PRIMARY KEY,
    user_id            UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    suspended_at       TIMESTAMPTZ NOT NULL,   -- the suspension appealed against
    suspension_reason  TEXT        NOT NULL,   -- as the person was told
    text               TEXT        NOT NULL,
    status             TEXT        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'overturned')),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    decided_at         TIMESTAMPTZ,
    decided_by         UUID        REFERENCES users (id) ON DELETE SET NULL,
    decision_note      TEXT        NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX appeals_one_per_suspension ON appeals (user_id, suspended_at);
CREATE INDEX appeals_queue ON appeals (status, created_at, id);

CREATE TABLE staff_actions (
    id           BIGSERIAL   PRIMARY KEY,
    staff_id     UUID        REFERENCES users (id) ON DELETE SET NULL,   -- NULL: an operator (kith staff grant)
    action       TEXT        NOT NULL,
    target_kind  TEXT        NOT NULL,
    target_id    TEXT        NOT NULL,
    reason       TEXT        NOT NULL DEFAULT '',
    at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX staff_actions_staff ON staff_actions (staff_id, id);
CREATE INDEX staff_actions_target ON staff_actions (target_id, id);
