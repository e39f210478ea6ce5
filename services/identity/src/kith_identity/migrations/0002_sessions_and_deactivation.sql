-- A session is a family of refresh tokens: each token is used once and replaced by the
-- next; presenting a used one again revokes the whole session.
-- depends: 0001_accounts
ALTER TABLE users ADD COLUMN deactivated_at TIMESTAMPTZ;
ALTER TABLE users ADD COLUMN password_changed_at TIMESTAMPTZ;

ALTER TABLE sessions DROP COLUMN refresh_token_hash;
ALTER TABLE sessions ADD COLUMN revoked_reason TEXT;
ALTER TABLE sessions ADD COLUMN last_refreshed_at TIMESTAMPTZ;

CREATE TABLE refresh_tokens (
    token_hash  BYTEA PRIMARY KEY,
    session_id  UUID        NOT NULL REFERENCES sessions (id),
    issued_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    used_at     TIMESTAMPTZ
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);
