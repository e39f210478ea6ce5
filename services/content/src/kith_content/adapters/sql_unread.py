"""SQL of unread tracking: a person's last visit to each community and read position in each
thread, counted with the visibility rule every content read applies ($1 is always the reader)."""

from kith_content.adapters.sql import VISIBLE, _away
from kith_content.domain.unread import EVERYTHING

_NIL = "'00000000-0000-0000-0000-000000000000'::uuid"


def _muted(author: str) -> str:
    """Whether the reader muted `author` (graph's mutes, mirrored)."""
    return (
        f"EXISTS (SELECT 1 FROM mirror_mutes mt WHERE mt.muter_id = $1::uuid AND mt.muted_id = {author} AND mt.active)"
    )


# A community post new to the reader: one they may see (VISIBLE), published, by someone else
# whom they have not muted.
_NEW_POST = f"{VISIBLE} AND p.review IS NULL AND p.author_id <> $1::uuid AND NOT {_muted('p.author_id')}"

# A visit to a community of the reader's ($2) at $3; never moves back. No row: not a member.
MARK_VISITED = """
WITH before AS (SELECT visited_at FROM community_visits WHERE user_id = $1 AND community_id = $2)
INSERT INTO community_visits (user_id, community_id, visited_at)
SELECT $1::uuid, $2::uuid, $3::timestamptz
WHERE EXISTS (SELECT 1 FROM mirror_members m WHERE m.community_id = $2 AND m.user_id = $1 AND m.active)
ON CONFLICT (user_id, community_id) DO UPDATE
    SET visited_at = greatest(community_visits.visited_at, EXCLUDED.visited_at)
RETURNING (SELECT visited_at FROM before) AS previous, visited_at
"""
# Of the communities $2, those the reader is a member of, in the order asked: the last visit, and
# the posts since (at most $3 counted; the oldest first).
COMMUNITY_UNREAD = f"""
SELECT asked.community_id, v.visited_at, n.n, n.first_id
FROM unnest($2::uuid[]) WITH ORDINALITY AS asked (community_id, i)
JOIN mirror_members me ON me.community_id = asked.community_id AND me.user_id = $1::uuid AND me.active
LEFT JOIN community_visits v ON v.user_id = $1::uuid AND v.community_id = asked.community_id
CROSS JOIN LATERAL (
    SELECT count(*) AS n, (array_agg(x.id ORDER BY x.created_at, x.id))[1] AS first_id
    FROM (
        SELECT p.id, p.created_at FROM posts p
        WHERE p.community_id = asked.community_id AND p.created_at > v.visited_at AND {_NEW_POST}
        ORDER BY p.created_at, p.id
        LIMIT $3
    ) AS x
) AS n
ORDER BY asked.i
"""

# The reader's read position in thread $2 moves to ($3, $4), never back.
MARK_THREAD_READ = """
INSERT INTO thread_reads (user_id, post_id, read_at, read_id, marked_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (user_id, post_id) DO UPDATE
    SET read_at = EXCLUDED.read_at, read_id = EXCLUDED.read_id, marked_at = EXCLUDED.marked_at
WHERE (thread_reads.read_at, thread_reads.read_id) < (EXCLUDED.read_at, EXCLUDED.read_id)
"""


def _thread_states(only: str, marked_join: str, cap: str) -> str:
    """Each thread's read position, and its unread comments after it (`cap`: the parameter of
    how many are counted at most). `only` narrows the threads (a condition on `{post_id}`);
    `marked_join` is how threads the reader marked but took no part in join: LEFT (left out) or
    FULL (kept)."""
    # A thread's position: the later of what the reader marked and their first part in it (their
    # post, or their first comment; deleted and removed ones are no part).
    marked_later = f"f.since IS NULL OR (r.read_at, r.read_id) > (f.since, {_NIL})"
    positions = f"""
parts AS (
    SELECT p.id AS post_id, p.created_at AS since FROM posts p
    WHERE p.author_id = $1::uuid AND p.deleted_at IS NULL AND p.removed_at IS NULL AND {only.format(post_id="p.id")}
    UNION ALL
    SELECT c.post_id, min(c.created_at) FROM comments c
    WHERE c.author_id = $1::uuid AND c.deleted_at IS NULL AND c.removed_at IS NULL
      AND {only.format(post_id="c.post_id")}
    GROUP BY c.post_id
),
firsts AS (SELECT post_id, min(since) AS since FROM parts GROUP BY post_id),
marks AS (SELECT * FROM thread_reads r WHERE r.user_id = $1::uuid AND {only.format(post_id="r.post_id")}),
positions AS (
    SELECT coalesce(f.post_id, r.post_id) AS post_id,
           CASE WHEN {marked_later} THEN r.read_at ELSE f.since END AS at,
           CASE WHEN {marked_later} THEN r.read_id ELSE {_NIL} END AS id
    FROM firsts f {marked_join} JOIN marks r ON r.post_id = f.post_id
)"""
    # What the reader cannot reach in ListComments (sql._THREAD): comments by someone blocked
    # either way, and every reply beneath them.
    hidden = """
blocked AS (
    SELECT blocked_id AS person FROM mirror_blocks WHERE blocker_id = $1::uuid AND active
    UNION SELECT blocker_id FROM mirror_blocks WHERE blocked_id = $1::uuid AND active
),
hidden (id, post_id) AS (
    SELECT c.id, c.post_id FROM comments c JOIN positions pos ON pos.post_id = c.post_id
    WHERE c.author_id IN (SELECT person FROM blocked)
    UNION
    SELECT c.id, c.post_id FROM comments c JOIN hidden h ON c.post_id = h.post_id AND c.parent_id = h.id
)"""
    # An unread comment: after the position, published and live, by someone else who is not
    # away, not muted by the reader, and reachable.
    unread = f"""c.post_id = pos.post_id AND (c.created_at, c.id) > (pos.at, pos.id)
          AND c.deleted_at IS NULL AND c.removed_at IS NULL AND c.review IS NULL AND c.author_id <> $1::uuid
          AND NOT {_away("c.author_id")} AND NOT {_muted("c.author_id")}
          AND NOT EXISTS (SELECT 1 FROM hidden h WHERE h.id = c.id)"""
    return f"""
WITH RECURSIVE {positions},{hidden}
SELECT pos.post_id, pos.at AS read_at, u.n, u.first_id, l.last_at
FROM positions pos
JOIN posts p ON p.id = pos.post_id
CROSS JOIN LATERAL (
    SELECT count(*) AS n, (array_agg(x.id ORDER BY x.created_at, x.id))[1] AS first_id
    FROM (
        SELECT c.id, c.created_at FROM comments c WHERE {unread}
        ORDER BY c.created_at, c.id
        LIMIT {cap}
    ) AS x
) AS u
LEFT JOIN LATERAL (
    SELECT c.created_at AS last_at FROM comments c WHERE {unread}
    ORDER BY c.created_at DESC, c.id DESC
    LIMIT 1
) AS l ON true
WHERE {VISIBLE}"""


# The threads the reader took part in with unread comments, the latest unread first, after the
# cursor ($2 time, $3 post id); $4 limit, $5 the count's cap.
UNREAD_THREADS = (
    _thread_states("true", "LEFT", "$5")
    + """
  AND u.n > 0 AND ($2::timestamptz IS NULL OR (l.last_at, pos.post_id) < ($2, $3::uuid))
ORDER BY l.last_at DESC, pos.post_id DESC
LIMIT $4
"""
)
# The reader's state in thread $2 (no row: they have no place in it); $3 the count's cap.
THREAD_UNREAD = _thread_states("{post_id} = $2::uuid", "FULL", "$3")

# Erasure and exports.
FORGET_READER = (
    "DELETE FROM community_visits WHERE user_id = $1",
    "DELETE FROM thread_reads WHERE user_id = $1",
)
EXPORT_VISITS = "SELECT community_id, visited_at FROM community_visits WHERE user_id = $1 ORDER BY visited_at"
EXPORT_THREAD_READS = f"""
SELECT post_id, read_at, NULLIF(read_id, '{EVERYTHING}'::uuid) AS up_to_comment_id, marked_at
FROM thread_reads WHERE user_id = $1 ORDER BY marked_at, post_id
"""
