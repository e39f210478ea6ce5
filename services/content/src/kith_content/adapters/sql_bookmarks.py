"""SQL of bookmarks: a person's private saved posts, in folders."""

from kith_content.adapters.sql import POST_COLUMNS, VISIBLE

# Saving again moves the bookmark to the folder asked (and keeps when it was first saved).
SAVE = """
INSERT INTO bookmarks (user_id, post_id, folder, saved_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (user_id, post_id) DO UPDATE SET folder = EXCLUDED.folder
RETURNING (xmax = 0) AS created
"""
REMOVE = "DELETE FROM bookmarks WHERE user_id = $1 AND post_id = $2 RETURNING post_id"
# $1 the person; $2 the folder (NULL: all); after the cursor ($3 saved_at, $4 post id); $5 limit.
# Only the posts the person may still see.
LIST = f"""
SELECT {POST_COLUMNS}, b.folder, b.saved_at FROM bookmarks b JOIN posts p ON p.id = b.post_id
WHERE b.user_id = $1::uuid AND ($2::text IS NULL OR b.folder = $2) AND {VISIBLE}
  AND ($3::timestamptz IS NULL OR (b.saved_at, b.post_id) < ($3, $4::uuid))
ORDER BY b.saved_at DESC, b.post_id DESC
LIMIT $5
"""
FOLDERS = f"""
SELECT b.folder, count(*) AS n FROM bookmarks b JOIN posts p ON p.id = b.post_id
WHERE b.user_id = $1::uuid AND {VISIBLE}
GROUP BY b.folder ORDER BY b.folder
"""
# Erasure and exports.
DELETE_BOOKMARKS_BY = "DELETE FROM bookmarks WHERE user_id = $1"
EXPORT_BOOKMARKS = "SELECT post_id, folder, saved_at FROM bookmarks WHERE user_id = $1 ORDER BY saved_at, post_id"
