"""SQL of comment edits (a comment's earlier versions)."""

# The comment's row, locked: the edit is made against what it holds now.
LOCK_COMMENT = "SELECT text, mention_ids, deleted_at, removed_at FROM comments WHERE id = $1 FOR UPDATE"
EDIT_COMMENT = "UPDATE comments SET text = $2, mention_ids = $3, edited_at = $4 WHERE id = $1"
INSERT_EDIT = "INSERT INTO comment_edits (comment_id, text, replaced_at) VALUES ($1, $2, $3)"
SELECT_EDITS = """
SELECT id, text, replaced_at FROM comment_edits WHERE comment_id = $1 AND ($2::bigint IS NULL OR id < $2)
ORDER BY id DESC LIMIT $3
"""
# Erasure: the earlier texts of a person's comments (before their comments are blanked).
DELETE_EDITS_BY = "DELETE FROM comment_edits e USING comments c WHERE e.comment_id = c.id AND c.author_id = $1"
EXPORT_EDITS = """
SELECT e.comment_id, e.text, e.replaced_at FROM comment_edits e JOIN comments c ON c.id = e.comment_id
WHERE c.author_id = $1 ORDER BY e.id
"""
