-- Account deletion: a person who asks to delete their account is deactivated at once and
-- erased once `erase_after` has passed (logging in before then cancels). Erasure deletes the
-- user's row, sessions and tokens; `erased_users` is the tombstone list: the only place the
-- id stays, so that late events naming it are ignored and the eraser knows which sent outbox
-- rows still mention it.
-- depends: 0004_mirror_blocks
ALTER TABLE users ADD COLUMN erase_after TIMESTAMPTZ;
CREATE INDEX users_erase_after ON users (erase_after) WHERE erase_after IS NOT NULL;

CREATE TABLE erased_users (
    user_id       UUID        PRIMARY KEY,
    erased_at     TIMESTAMPTZ NOT NULL,
    -- True once no outbox row (sent or not) mentions the user any more.
    outbox_purged BOOLEAN     NOT NULL DEFAULT false
);
