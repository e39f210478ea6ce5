"""SQL of media uploads (docs/media.md)."""

COLUMNS = (
    "id, owner_id, status, size_bytes, received_bytes, chunks, sha256, alt_text, failure, processed, post_id, "
    "created_at"
)
BEGIN = """
INSERT INTO media (id, owner_id, status, size_bytes, sha256, alt_text, created_at)
VALUES ($1, $2, 'receiving', $3, $4, $5, $6)
"""
UPLOAD = f"SELECT {COLUMNS} FROM media WHERE id = $1 AND owner_id = $2"
# A chunk counts only if the upload still stands where the uploader saw it.
APPEND_CHUNK = """
UPDATE media SET received_bytes = received_bytes + $3, chunks = array_append(chunks, $4)
WHERE id = $1 AND status = 'receiving' AND received_bytes = $2
RETURNING received_bytes
"""
COMPLETE = """
UPDATE media SET status = 'processing', completed_at = $2
WHERE id = $1 AND status = 'receiving' AND received_bytes = size_bytes
RETURNING id
"""
SET_ALT_TEXT = "UPDATE media SET alt_text = $2 WHERE id = $1 AND post_id IS NULL RETURNING id"
# Uploads waiting for a worker (or whose worker's claim ran out), claimed for $2 seconds.
CLAIM_PROCESSING = f"""
UPDATE media SET claimed_until = $1 + make_interval(secs => $2), claims = claims + 1
WHERE id IN (
    SELECT id FROM media
    WHERE status = 'processing' AND (claimed_until IS NULL OR claimed_until < $1)
    ORDER BY completed_at
    LIMIT $3
    FOR UPDATE SKIP LOCKED
)
RETURNING {COLUMNS}, claims
"""
# Whichever worker gets here first finishes it; the others' work changes nothing.
FINISH = """
UPDATE media SET status = 'ready', processed = $2, processed_at = $3, claimed_until = NULL
WHERE id = $1 AND status = 'processing'
RETURNING id
"""
REJECT = """
UPDATE media SET status = 'failed', failure = $2, processed_at = $3, claimed_until = NULL
WHERE id = $1 AND status = 'processing'
RETURNING id
"""
CHUNKS_LEFT = "SELECT id FROM media WHERE status IN ('ready', 'failed') AND chunks <> '{}' LIMIT $1"
FORGET_CHUNKS = "UPDATE media SET chunks = '{}' WHERE id = $1"
ATTACHABLE = f"""
SELECT {COLUMNS} FROM media
WHERE id = ANY($1::uuid[]) AND owner_id = $2 AND status = 'ready' AND post_id IS NULL AND purge = ''
"""
# In the post's transaction: every upload named must still be attachable.
ATTACH = """
UPDATE media SET post_id = $1, attached_at = $2
WHERE id = ANY($3::uuid[]) AND owner_id = $4 AND status = 'ready' AND post_id IS NULL AND purge = ''
RETURNING id
"""
# A deleted post's media go with it (a removed one stays: staff may restore it).
PURGE_OF_POST = "UPDATE media SET purge = 'post_deleted' WHERE post_id = $1"
PURGE_OF_OWNER = "UPDATE media SET purge = 'erased' WHERE owner_id = $1"
# Due to go: marked to purge (post deleted, uploader erased), or never attached by $1 and named by
# none of its uploader's drafts.
DUE_FOR_DELETION = """
SELECT m.id, m.owner_id, CASE WHEN m.purge <> '' THEN m.purge ELSE 'orphaned' END AS reason
FROM media m
WHERE m.purge <> ''
   OR (m.post_id IS NULL AND m.created_at < $1 AND NOT EXISTS (
        SELECT 1 FROM drafts d, jsonb_array_elements(d.post -> 'media') AS e
        WHERE d.author_id = m.owner_id AND e ->> 3 = m.id::text))
LIMIT $2
FOR UPDATE OF m SKIP LOCKED
"""
LOCK_UNATTACHED = "SELECT id FROM media WHERE id = $1 AND post_id IS NULL FOR UPDATE"
DELETE = "DELETE FROM media WHERE id = $1"
# Data export.
EXPORT_MEDIA = """
SELECT id, status, size_bytes, alt_text, processed, post_id, created_at FROM media WHERE owner_id = $1
ORDER BY created_at
"""
