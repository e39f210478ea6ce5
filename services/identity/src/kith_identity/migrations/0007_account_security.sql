-- Account recovery and security: verified addresses, single-use tokens mailed to a person
-- (verification, password reset, both sides of an email change), the second factor (TOTP and
-- recovery codes), log-in challenges, where sessions came from, and the mail outbox.
-- Tokens and codes are stored as SHA-256 hashes only; the TOTP secret must stay readable to
-- check codes against it.
-- depends: 0006_data_exports
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMPTZ;
ALTER TABLE users ADD COLUMN totp_secret TEXT;          -- set while the second factor is on
ALTER TABLE users ADD COLUMN totp_pending_secret TEXT;  -- between BeginTotpEnrollment and its confirmation
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;     -- the newest time step used: a code works once

ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN ip_address TEXT NOT NULL DEFAULT '';

-- A token mailed to a person. `purpose`: 'verify' (the account's address), 'reset' (the
-- password), 'change_new' / 'change_old' (the two sides of an email change to `email`).
CREATE TABLE account_tokens (
    token_hash   BYTEA       PRIMARY KEY,
    user_id      UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose      TEXT        NOT NULL CHECK (purpose IN ('verify', 'reset', 'change_new', 'change_old')),
    email        TEXT        NOT NULL,   -- the address it was sent to (for a change: the new one)
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ NOT NULL,
    used_at      TIMESTAMPTZ
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose, created_at);

-- Requests that mail a person, by lower-cased address, registered or not: the throttle that
-- cannot tell anyone whether an address has an account. Rows older than a day are deleted.
CREATE TABLE mail_requests (
    email         TEXT        NOT NULL,
    kind          TEXT        NOT NULL,
    requested_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX mail_requests_email ON mail_requests (email, kind, requested_at);

CREATE TABLE recovery_codes (
    user_id    UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  BYTEA       NOT NULL,
    used_at    TIMESTAMPTZ,
    PRIMARY KEY (user_id, code_hash)
);

-- A log-in that passed the password and waits for the second factor (CompleteLogin).
CREATE TABLE login_challenges (
    token_hash  BYTEA       PRIMARY KEY,
    user_id     UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent  TEXT        NOT NULL,
    ip_address  TEXT        NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    failures    INT         NOT NULL DEFAULT 0,
    used_at     TIMESTAMPTZ
);
CREATE INDEX login_challenges_user ON login_challenges (user_id);

-- Mail waiting to be sent, written in the transaction of what it tells. The sender locks a
-- row, sends it and deletes it in one transaction (the link it may carry is gone once sent).
CREATE TABLE mail_outbox (
    id               BIGSERIAL   PRIMARY KEY,
    message_id       TEXT        NOT NULL,   -- the Message-ID header, the same on every attempt
    user_id          UUID        REFERENCES users (id) ON DELETE CASCADE,
    to_address       TEXT        NOT NULL,
    template         TEXT        NOT NULL,
    params           JSONB       NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts         INT         NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error       TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at);
