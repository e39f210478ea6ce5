-- Accounts and sessions of the identity service.
CREATE TABLE users (
    id             UUID PRIMARY KEY,
    handle         TEXT        NOT NULL,
    email          TEXT        NOT NULL,
    password_hash  TEXT        NOT NULL,
    display_name   TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Handles and emails are unique regardless of case.
CREATE UNIQUE INDEX users_handle_lower ON users (lower(handle));
CREATE UNIQUE INDEX users_email_lower ON users (lower(email));

CREATE TABLE sessions (
    id                  UUID PRIMARY KEY,
    user_id             UUID        NOT NULL REFERENCES users (id),
    refresh_token_hash  BYTEA       NOT NULL UNIQUE,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at          TIMESTAMPTZ NOT NULL,
    revoked_at          TIMESTAMPTZ
);
CREATE INDEX sessions_user ON sessions (user_id);
