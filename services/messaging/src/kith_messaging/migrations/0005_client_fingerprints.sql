-- SendMessage's client_id is its idempotency key (kith_platform.idempotency): the fingerprint of
-- the request that first came with it, so that the same client_id with another text or reply is
-- refused rather than answered with the first message. NULL when the server chose the client id
-- (nothing to repeat), for messages sent before this, and once the sender is erased.
-- depends: 0004_staff_removals
ALTER TABLE messages ADD COLUMN IF NOT EXISTS client_fingerprint BYTEA;
