"""SQL of votes on community posts and of featured posts."""

# One person's vote on one post at a time (as reactions: the key is the pair).
LOCK_VOTE = "SELECT pg_advisory_xact_lock(hashtextextended($1::text || ':' || $2::text, 11))"
SELECT_VOTE = "SELECT value FROM post_votes WHERE post_id = $1 AND user_id = $2"
UPSERT_VOTE = """
INSERT INTO post_votes (post_id, user_id, value, voted_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (post_id, user_id) DO UPDATE SET value = EXCLUDED.value, voted_at = EXCLUDED.voted_at
"""
DELETE_VOTE = "DELETE FROM post_votes WHERE post_id = $1 AND user_id = $2"
# The post's row lock orders the votes on it: their events leave in the order of their counts.
COUNT_VOTE = """
UPDATE posts SET upvotes = upvotes + $2, downvotes = downvotes + $3 WHERE id = $1
RETURNING upvotes, downvotes
"""
POST_VOTES = "SELECT upvotes, downvotes FROM posts WHERE id = $1"
VIEWER_VOTES = "SELECT post_id, value FROM post_votes WHERE user_id = $1 AND post_id = ANY($2::uuid[])"

# A community's featured posts change one at a time.
LOCK_FEATURES = "SELECT pg_advisory_xact_lock(hashtextextended($1::text, 12))"
FEATURED_IN = """
SELECT feature, count(*) AS n FROM posts
WHERE community_id = $1 AND feature IS NOT NULL AND id <> $2 AND deleted_at IS NULL AND removed_at IS NULL
GROUP BY feature
"""
SET_FEATURE = (
    "UPDATE posts SET feature = $2, featured_at = $3 WHERE id = $1 AND feature IS DISTINCT FROM $2 RETURNING id"
)

# Erasure: a person's votes go, and the posts' counts with them.
DELETE_VOTES_BY = """
WITH gone AS (DELETE FROM post_votes WHERE user_id = $1 RETURNING post_id, value)
UPDATE posts p
SET upvotes = p.upvotes - (SELECT count(*) FROM gone g WHERE g.post_id = p.id AND g.value = 1),
    downvotes = p.downvotes - (SELECT count(*) FROM gone g WHERE g.post_id = p.id AND g.value = -1)
WHERE p.id IN (SELECT post_id FROM gone)
RETURNING p.id, p.community_id, p.author_id, p.created_at, p.upvotes, p.downvotes
"""
