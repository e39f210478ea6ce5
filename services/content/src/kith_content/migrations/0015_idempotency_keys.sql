-- Idempotency keys (kith_platform.idempotency): a key a person sent with CreatePost, SharePost or
-- AddComment, stored in the transaction that wrote what the call made (resource_id: the post or
-- the comment) with the fingerprint of the request. A repeat within 24 hours gets that back; an
-- older key is free again (the claim's upsert takes it over) and the sweep deletes it.
-- depends: 0014_unread
CREATE TABLE idempotency_keys (
    user_id     UUID        NOT NULL,
    key         TEXT        NOT NULL,
    fingerprint BYTEA       NOT NULL,
    resource_id UUID        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
