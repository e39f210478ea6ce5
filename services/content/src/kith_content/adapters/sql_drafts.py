"""SQL of drafts and scheduled posts."""

COLUMNS = "id, author_id, post, publish_at, created_at, updated_at, failure"
# A new draft, or the author's draft of that id replaced (its failure forgotten).
SAVE = f"""
INSERT INTO drafts (id, author_id, post, publish_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
ON CONFLICT (id) DO UPDATE
SET post = EXCLUDED.post, publish_at = EXCLUDED.publish_at, updated_at = EXCLUDED.updated_at, failure = '',
    claimed_until = NULL
WHERE drafts.author_id = EXCLUDED.author_id
RETURNING {COLUMNS}
"""
DRAFT = f"SELECT {COLUMNS} FROM drafts WHERE id = $1 AND author_id = $2"
DRAFTS = f"""
SELECT {COLUMNS} FROM drafts WHERE author_id = $1
ORDER BY publish_at ASC NULLS LAST, updated_at DESC, id DESC
OFFSET $2 LIMIT $3
"""
DELETE = "DELETE FROM drafts WHERE id = $1 AND author_id = $2 RETURNING id"
# Publishing takes the draft in the post's transaction: once taken, nobody publishes it again.
TAKE = "DELETE FROM drafts WHERE id = $1 AND author_id = $2 RETURNING id"
# Due drafts not claimed by another replica (or whose claim ran out), claimed for $2 seconds.
CLAIM_DUE = f"""
UPDATE drafts SET claimed_until = $1 + make_interval(secs => $2)
WHERE id IN (
    SELECT id FROM drafts
    WHERE publish_at <= $1 AND failure = '' AND (claimed_until IS NULL OR claimed_until < $1)
    ORDER BY publish_at
    LIMIT $3
    FOR UPDATE SKIP LOCKED
)
RETURNING {COLUMNS}
"""
FAIL = "UPDATE drafts SET failure = $2, claimed_until = NULL WHERE id = $1"
# Erasure and exports.
DELETE_DRAFTS_BY = "DELETE FROM drafts WHERE author_id = $1"
EXPORT_DRAFTS = (
    "SELECT id, post, publish_at, created_at, updated_at FROM drafts WHERE author_id = $1 ORDER BY created_at"
)
