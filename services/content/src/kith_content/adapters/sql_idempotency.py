"""SQL of idempotency keys (parameterised constants): the claim a keyed write makes in its own
transaction, the lookup of a person's key, the sweep, and erasure."""

# In the write's transaction ($1 user, $2 key, $3 fingerprint, $4 what the write makes, $5 now):
# store the key, or take over one stored at or before $6 (expired). No row back: a kept key is
# there, stored by a call that committed first; a concurrent one with the same key waits here
# for that call's transaction to end, so one of them writes.
CLAIM_KEY = """
INSERT INTO idempotency_keys (user_id, key, fingerprint, resource_id, created_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (user_id, key) DO UPDATE
SET fingerprint = EXCLUDED.fingerprint, resource_id = EXCLUDED.resource_id, created_at = EXCLUDED.created_at
WHERE idempotency_keys.created_at <= $6
RETURNING true
"""
KEY_CLAIM = "SELECT fingerprint, resource_id, created_at FROM idempotency_keys WHERE user_id = $1 AND key = $2"
# The sweep: up to $2 keys stored at or before $1.
FORGET_KEYS = """
DELETE FROM idempotency_keys k
USING (SELECT user_id, key FROM idempotency_keys WHERE created_at <= $1 ORDER BY created_at LIMIT $2) old
WHERE k.user_id = old.user_id AND k.key = old.key
"""
FORGET_USER = "DELETE FROM idempotency_keys WHERE user_id = $1"
