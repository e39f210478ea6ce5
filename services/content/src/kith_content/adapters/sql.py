"""SQL of the content service (parameterised constants)."""


def _blocked(a: str, b: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM mirror_blocks bl WHERE bl.active AND ((bl.blocker_id = {a} AND bl.blocked_id = {b})"
        f" OR (bl.blocker_id = {b} AND bl.blocked_id = {a})))"
    )


def _away(user: str) -> str:
    """Whether `user` has deactivated their account (hidden from everyone until they return)."""
    return f"EXISTS (SELECT 1 FROM mirror_users mu WHERE mu.user_id = {user} AND mu.deactivated)"


def may_see(viewer: str, author: str, audience: str, members_only: str, community: str) -> str:
    """Whether `viewer` may see a post with these columns: the visibility rule, tested with the
    feed's and the fan-out's against one table of cases (tests/visibility_cases.py)."""
    return f"""(NOT {_blocked(viewer, author)} AND NOT {_away(author)} AND (
    {author} = {viewer}
    OR {audience} = 'public'
    OR ({audience} = 'community' AND (NOT {members_only} OR EXISTS (
        SELECT 1 FROM mirror_members mm WHERE mm.community_id = {community} AND mm.user_id = {viewer} AND mm.active)))
    OR ({audience} = 'followers' AND EXISTS (
        SELECT 1 FROM mirror_follows mf WHERE mf.follower_id = {viewer} AND mf.followee_id = {author} AND mf.active))
    OR ({audience} IN ('followers', 'friends') AND EXISTS (
        SELECT 1 FROM mirror_friends fr WHERE fr.user_id = {viewer} AND fr.friend_id = {author} AND fr.active))))"""


# $1 is always the viewer. Posts held for review (or rejected) are their author's alone.
VISIBLE = (
    "p.deleted_at IS NULL AND p.removed_at IS NULL AND (p.review IS NULL OR p.author_id = $1::uuid) AND "
    + may_see("$1::uuid", "p.author_id", "p.audience", "p.members_only", "p.community_id")
)
# Hashtag lists and search show published posts only, even to their authors.
LISTED = VISIBLE + " AND p.review IS NULL"
POST_COLUMNS = (
    "p.id, p.author_id, p.text, p.audience, p.created_at, p.community_id, p.members_only, p.media, p.link, "
    "p.hashtags, p.mention_ids, p.shared_post_id, p.edited_at, p.comment_count, p.share_count, "
    "p.review, p.held_reason, p.review_note, p.content_warning, p.upvotes, p.downvotes, p.feature, p.has_poll"
)
_SEARCH_VECTOR = (
    "setweight(to_tsvector('simple', {text}), 'A') || "
    "setweight(to_tsvector('simple', array_to_string({tags}::text[], ' ')), 'A')"
)

INSERT_POST = f"""
INSERT INTO posts (id, author_id, text, audience, created_at, community_id, members_only, media, link, hashtags,
                   mention_ids, shared_post_id, review, held_reason, content_warning, has_poll, search)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
        {_SEARCH_VECTOR.format(text="$3", tags="$10")})
"""
INSERT_HASHTAGS = """
INSERT INTO post_hashtags (tag, post_id, created_at) SELECT unnest($2::text[]), $1, $3 ON CONFLICT DO NOTHING
"""
DELETE_HASHTAGS = "DELETE FROM post_hashtags WHERE post_id = $1"
ADD_SHARE = "UPDATE posts SET share_count = share_count + 1 WHERE id = $1"
SELECT_VISIBLE = f"SELECT {POST_COLUMNS} FROM posts p WHERE p.id = ANY($2::uuid[]) AND {VISIBLE}"
# Any live post, whoever asks (for the author's own changes, under a row lock).
LOCK_LIVE_POST = f"""
SELECT {POST_COLUMNS} FROM posts p WHERE p.id = $1 AND p.deleted_at IS NULL AND p.removed_at IS NULL FOR UPDATE
"""
EDIT_POST = f"""
UPDATE posts SET text = $2, hashtags = $3, mention_ids = $4, edited_at = $5,
       search = {_SEARCH_VECTOR.format(text="$2", tags="$3")}
WHERE id = $1
"""
INSERT_EDIT = "INSERT INTO post_edits (post_id, text, replaced_at) VALUES ($1, $2, $3)"
SELECT_EDITS = """
SELECT id, text, replaced_at FROM post_edits WHERE post_id = $1 AND ($2::bigint IS NULL OR id < $2)
ORDER BY id DESC LIMIT $3
"""
DELETE_POST = "UPDATE posts SET deleted_at = $2 WHERE id = $1"
# A staff removal and its reversal are applied one at a time (pushed by identity, and again
# from Kafka, in any order); a removal already reversed takes nothing.
LOCK_STAFF_REMOVAL = "SELECT pg_advisory_xact_lock(hashtextextended('staff-removal:' || $1::text, 0))"
_NOT_REVERSED = "($4::uuid IS NULL OR NOT EXISTS (SELECT 1 FROM staff_restorations r WHERE r.removal_id = $4))"
INSERT_STAFF_RESTORATION = (
    "INSERT INTO staff_restorations (removal_id, restored_at) VALUES ($1, $2) ON CONFLICT DO NOTHING"
)
# A removal by the community's moderators ($2: that community; only its posts) or by the
# platform's staff ($2 NULL: any post; $4 the staff removal, remembered for its reversal).
REMOVE_POST = f"""
UPDATE posts p SET removed_at = $3, staff_removal_id = $4::uuid
WHERE p.id = $1 AND ($2::uuid IS NULL OR p.community_id = $2) AND p.removed_at IS NULL AND p.deleted_at IS NULL
  AND {_NOT_REVERSED}
RETURNING {POST_COLUMNS}
"""
# The reversal of a staff removal: only the post that removal took, still removed.
RESTORE_POST = f"""
UPDATE posts p SET removed_at = NULL, staff_removal_id = NULL
WHERE p.id = $1 AND p.staff_removal_id = $2 AND p.removed_at IS NOT NULL AND p.deleted_at IS NULL
RETURNING {POST_COLUMNS}
"""

USER_POSTS = f"""
SELECT {POST_COLUMNS} FROM posts p
WHERE p.author_id = $2 AND {VISIBLE} AND ($3::timestamptz IS NULL OR (p.created_at, p.id) < ($3, $4::uuid))
ORDER BY p.created_at DESC, p.id DESC LIMIT $5
"""
HASHTAG_POSTS = f"""
SELECT {POST_COLUMNS} FROM post_hashtags h JOIN posts p ON p.id = h.post_id
WHERE h.tag = $2 AND {LISTED} AND ($3::timestamptz IS NULL OR (h.created_at, h.post_id) < ($3, $4::uuid))
ORDER BY h.created_at DESC, h.post_id DESC LIMIT $5
"""
SEARCH_POSTS = f"""
SELECT * FROM (
    SELECT {POST_COLUMNS}, ts_rank(p.search, websearch_to_tsquery('simple', $2))::float8 AS rank
    FROM posts p WHERE p.search @@ websearch_to_tsquery('simple', $2) AND {LISTED}
) AS found
WHERE $3::float8 IS NULL OR rank < $3 OR (rank = $3 AND id > $4::uuid)
ORDER BY rank DESC, id LIMIT $5
"""

# Which of the users $1 may see a post of author $2 with audience $3, members-only $4 and community $5.
USERS_WHO_MAY_SEE = f"""
SELECT u FROM unnest($1::uuid[]) AS u
WHERE {may_see("u", "$2::uuid", "$3::text", "$4::boolean", "$5::uuid")}
"""
# Of users $2, those with a block either way with user $1.
BLOCKED_AMONG = f"SELECT u FROM unnest($2::uuid[]) AS u WHERE {_blocked('u', '$1::uuid')}"

# A comment whose author is away shows as deleted (its replies keep their place).
COMMENT_COLUMNS = (
    "c.id, c.post_id, c.parent_id, c.author_id, c.text, c.depth, c.created_at, "
    f"(c.deleted_at IS NOT NULL OR c.removed_at IS NOT NULL OR {_away('c.author_id')}) AS deleted, "
    "c.reply_count, "
    "c.reaction_count, c.mention_ids, c.review, c.held_reason, c.review_note, c.content_warning, c.edited_at"
)
SELECT_COMMENT = f"SELECT {COMMENT_COLUMNS} FROM comments c WHERE c.id = $1"
INSERT_COMMENT = """
INSERT INTO comments (id, post_id, parent_id, author_id, text, depth, mention_ids, created_at, review, held_reason,
                      content_warning)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
"""
ADJUST_REPLIES = "UPDATE comments SET reply_count = reply_count + $2 WHERE id = $1"
ADJUST_COMMENTS = "UPDATE posts SET comment_count = comment_count + $2 WHERE id = $1"
DELETE_COMMENT = "UPDATE comments SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL AND removed_at IS NULL"
# As REMOVE_POST, for a comment ($2: the community of its post; NULL for the platform's staff).
REMOVE_COMMENT = f"""
UPDATE comments c SET removed_at = $3, staff_removal_id = $4::uuid FROM posts p
WHERE c.id = $1 AND p.id = c.post_id AND ($2::uuid IS NULL OR p.community_id = $2) AND c.removed_at IS NULL
  AND c.deleted_at IS NULL AND {_NOT_REVERSED}
RETURNING {COMMENT_COLUMNS}, p.community_id AS post_community_id
"""
RESTORE_COMMENT = f"""
UPDATE comments c SET removed_at = NULL, staff_removal_id = NULL FROM posts p
WHERE c.id = $1 AND p.id = c.post_id AND c.staff_removal_id = $2 AND c.removed_at IS NOT NULL
  AND c.deleted_at IS NULL
RETURNING {COMMENT_COLUMNS}, p.community_id AS post_community_id
"""
_THREAD = f"""
SELECT {COMMENT_COLUMNS} FROM comments c
WHERE c.post_id = $2 AND (($3::uuid IS NULL AND c.parent_id IS NULL) OR c.parent_id = $3)
  AND ((c.deleted_at IS NULL AND c.removed_at IS NULL AND NOT {_away("c.author_id")}) OR c.reply_count > 0)
  AND (c.review IS NULL OR c.author_id = $1::uuid)
  AND NOT {_blocked("c.author_id", "$1::uuid")}
"""
THREAD_NEWEST = (
    _THREAD
    + """
  AND ($4::timestamptz IS NULL OR (c.created_at, c.id) < ($4, $5::uuid))
ORDER BY c.created_at DESC, c.id DESC LIMIT $6
"""
)
THREAD_OLDEST = (
    _THREAD
    + """
  AND ($4::timestamptz IS NULL OR (c.created_at, c.id) > ($4, $5::uuid))
ORDER BY c.created_at, c.id LIMIT $6
"""
)
THREAD_MOST_REACTED = (
    _THREAD
    + """
  AND ($4::bigint IS NULL OR (c.reaction_count, c.created_at, c.id) < ($4, $5::timestamptz, $6::uuid))
ORDER BY c.reaction_count DESC, c.created_at DESC, c.id DESC LIMIT $7
"""
)

# One reaction change per (target, user) at a time.
LOCK_REACTION = "SELECT pg_advisory_xact_lock(hashtextextended($1::text || ':' || $2::text, 7))"
SELECT_REACTION = "SELECT kind FROM reactions WHERE target_id = $1 AND user_id = $2"
INSERT_REACTION = "INSERT INTO reactions (target_id, user_id, post_id, kind, reacted_at) VALUES ($1, $2, $3, $4, $5)"
UPDATE_REACTION = "UPDATE reactions SET kind = $3, reacted_at = $4 WHERE target_id = $1 AND user_id = $2"
DELETE_REACTION = "DELETE FROM reactions WHERE target_id = $1 AND user_id = $2 RETURNING kind"
ADJUST_COMMENT_REACTIONS = "UPDATE comments SET reaction_count = reaction_count + $2 WHERE id = $1"
REACTION_COUNTS = f"""
SELECT r.target_id, r.kind, count(*) AS n FROM reactions r
WHERE r.target_id = ANY($1::uuid[]) AND NOT {_away("r.user_id")}
GROUP BY r.target_id, r.kind
"""
VIEWER_REACTIONS = "SELECT target_id, kind FROM reactions WHERE user_id = $1 AND target_id = ANY($2::uuid[])"


def _none_erased(*people: str) -> str:
    """True unless one of `people` is in the tombstone list (facts about them are ignored)."""
    return f"NOT EXISTS (SELECT 1 FROM erased_users e WHERE e.user_id IN ({', '.join(people)}))"


def _mirror(table: str, a: str, b: str, people: tuple[str, ...]) -> str:
    return f"""
INSERT INTO {table} ({a}, {b}, active, at)
SELECT $1::uuid, $2::uuid, $3::boolean, $4::timestamptz WHERE {_none_erased(*people)}
ON CONFLICT ({a}, {b}) DO UPDATE SET active = EXCLUDED.active, at = EXCLUDED.at
WHERE {table}.at <= EXCLUDED.at
"""


MIRROR_FOLLOW = _mirror("mirror_follows", "follower_id", "followee_id", ("$1::uuid", "$2::uuid"))
MIRROR_FRIEND = _mirror("mirror_friends", "user_id", "friend_id", ("$1::uuid", "$2::uuid"))
MIRROR_BLOCK = _mirror("mirror_blocks", "blocker_id", "blocked_id", ("$1::uuid", "$2::uuid"))
MIRROR_MEMBER = _mirror("mirror_members", "community_id", "user_id", ("$2::uuid",))
# A mute is the muter's own filter (not the author's privacy): only unread counts leave muted
# people out (docs/unread.md).
MIRROR_MUTE = _mirror("mirror_mutes", "muter_id", "muted_id", ("$1::uuid", "$2::uuid"))
MIRROR_USER = f"""
INSERT INTO mirror_users (user_id, deactivated, at)
SELECT $1::uuid, $2::boolean, $3::timestamptz WHERE {_none_erased("$1::uuid")}
ON CONFLICT (user_id) DO UPDATE SET deactivated = EXCLUDED.deactivated, at = EXCLUDED.at
WHERE mirror_users.at <= EXCLUDED.at
"""

MIRROR_TRUST = f"""
INSERT INTO mirror_trust (community_id, user_id, level, sequence, at)
SELECT $1::uuid, $2::uuid, $3::smallint, $4::bigint, $5::timestamptz WHERE {_none_erased("$2::uuid")}
ON CONFLICT (community_id, user_id) DO UPDATE
    SET level = EXCLUDED.level, sequence = EXCLUDED.sequence, at = EXCLUDED.at
WHERE (mirror_trust.sequence, mirror_trust.at) <= (EXCLUDED.sequence, EXCLUDED.at)
"""
SELECT_TRUST = "SELECT level FROM mirror_trust WHERE community_id = $1 AND user_id = $2"

# Link review: the queue (oldest first, after a (time, id) cursor) and the decisions, each
# taking the row only while it is still pending and live.
_LIVE_POST = "p.deleted_at IS NULL AND p.removed_at IS NULL"
_LIVE_COMMENT = "c.deleted_at IS NULL AND c.removed_at IS NULL"
SELECT_LIVE_POST = f"SELECT {POST_COLUMNS} FROM posts p WHERE p.id = $1 AND {_LIVE_POST}"
HELD_POSTS = f"""
SELECT {POST_COLUMNS} FROM posts p
WHERE p.community_id = $1 AND p.review = 'pending' AND {_LIVE_POST}
  AND ($2::timestamptz IS NULL OR (p.created_at, p.id) > ($2, $3::uuid))
ORDER BY p.created_at, p.id LIMIT $4
"""
HELD_COMMENTS = f"""
SELECT {COMMENT_COLUMNS} FROM comments c JOIN posts p ON p.id = c.post_id
WHERE p.community_id = $1 AND c.review = 'pending' AND {_LIVE_COMMENT} AND {_LIVE_POST}
  AND ($2::timestamptz IS NULL OR (c.created_at, c.id) > ($2, $3::uuid))
ORDER BY c.created_at, c.id LIMIT $4
"""
# A post is published as of its approval ($2): feeds and lists date it from then.
APPROVE_POST = f"""
UPDATE posts p SET review = NULL, created_at = $2, reviewed_by = $3, reviewed_at = $2
WHERE p.id = $1 AND p.review = 'pending' AND {_LIVE_POST}
RETURNING {POST_COLUMNS}
"""
REJECT_POST = f"""
UPDATE posts p SET review = 'rejected', reviewed_by = $2, reviewed_at = $3, review_note = $4
WHERE p.id = $1 AND p.review = 'pending' AND {_LIVE_POST}
RETURNING {POST_COLUMNS}
"""
APPROVE_COMMENT = f"""
UPDATE comments c SET review = NULL, created_at = $2, reviewed_by = $3, reviewed_at = $2
FROM posts p
WHERE c.id = $1 AND p.id = c.post_id AND c.review = 'pending' AND {_LIVE_COMMENT} AND {_LIVE_POST}
  AND p.review IS NULL
RETURNING {COMMENT_COLUMNS}
"""
REJECT_COMMENT = f"""
UPDATE comments c SET review = 'rejected', reviewed_by = $2, reviewed_at = $3, review_note = $4
WHERE c.id = $1 AND c.review = 'pending' AND {_LIVE_COMMENT}
RETURNING {COMMENT_COLUMNS}
"""

# Erasure (identity's UserErased), in one transaction under the person's lock. $1 is always the
# erased user. Every count change is driven by the rows a statement actually deleted, so a
# second run (a redelivery, or two deliveries at once) changes nothing.
LOCK_ERASURE = "SELECT pg_advisory_xact_lock(hashtextextended('erase:' || $1::text, 0))"
# Every mirror write holds the same per-person lock, shared, around its tombstone check: it
# either commits before the erasure starts (and the erasure deletes its row) or checks after the
# erasure committed (and writes nothing). $1: the people's ids as text.
LOCK_PEOPLE_SHARED = """
SELECT pg_advisory_xact_lock_shared(hashtextextended('erase:' || p, 0)) FROM unnest($1::text[]) AS p ORDER BY p
"""
INSERT_ERASED = "INSERT INTO erased_users (user_id, erased_at) VALUES ($1, $2) ON CONFLICT DO NOTHING"
ERASED_AMONG = "SELECT user_id FROM erased_users WHERE user_id = ANY($1::uuid[])"
# Their posts: each goes for good with its edits, hashtags, comments and the reactions on it.
# `announce`: published and live, so the feed holds it (PostDeleted takes it out).
OWN_POSTS = """
SELECT id, community_id, hashtags, review IS NULL AND deleted_at IS NULL AND removed_at IS NULL AS announce
FROM posts WHERE author_id = $1
"""
DELETE_REACTIONS_ON_POSTS = "DELETE FROM reactions WHERE post_id = ANY($1::uuid[])"
DELETE_COMMENTS_ON_POSTS = "DELETE FROM comments WHERE post_id = ANY($1::uuid[])"
DELETE_EDITS_OF_POSTS = "DELETE FROM post_edits WHERE post_id = ANY($1::uuid[])"
DELETE_HASHTAGS_OF_POSTS = "DELETE FROM post_hashtags WHERE post_id = ANY($1::uuid[])"
DELETE_POSTS = "DELETE FROM posts WHERE id = ANY($1::uuid[])"
# Their reactions elsewhere, with what ReactionRemoved needs (the target's author, "" when it
# is the erased user's own comment).
DELETE_REACTIONS_BY = """
WITH gone AS (DELETE FROM reactions WHERE user_id = $1 RETURNING target_id, post_id, kind)
SELECT g.target_id, g.post_id, g.kind, g.target_id <> g.post_id AS on_comment,
       NULLIF(coalesce(c.author_id, p.author_id), $1) AS target_author, p.community_id
FROM gone g
LEFT JOIN posts p ON p.id = g.post_id
LEFT JOIN comments c ON g.target_id <> g.post_id AND c.id = g.target_id
"""
UNCOUNT_COMMENT_REACTIONS = "UPDATE comments SET reaction_count = reaction_count - 1 WHERE id = ANY($1::uuid[])"
# Their comments without replies go, deepest first (run until none is left): a published one
# stops counting on its parent, a live one on its post (CommentDeleted for the feed).
DELETE_LEAF_COMMENTS = """
WITH gone AS (
    DELETE FROM comments c
    WHERE c.author_id = $1
      AND NOT EXISTS (SELECT 1 FROM comments r WHERE r.post_id = c.post_id AND r.parent_id = c.id)
    RETURNING c.id, c.post_id, c.parent_id, c.review IS NULL AS published,
              c.review IS NULL AND c.deleted_at IS NULL AND c.removed_at IS NULL AS live
)
SELECT g.id, g.post_id, g.parent_id, g.published, g.live, p.community_id
FROM gone g LEFT JOIN posts p ON p.id = g.post_id
"""
DELETE_REACTIONS_ON = "DELETE FROM reactions WHERE target_id = ANY($1::uuid[])"
UNCOUNT_REPLIES = """
UPDATE comments c SET reply_count = c.reply_count - n.n
FROM (SELECT unnest($1::uuid[]) AS id, count(*) AS n GROUP BY 1) AS n WHERE c.id = n.id
"""
UNCOUNT_POST_COMMENTS = """
UPDATE posts p SET comment_count = p.comment_count - n.n
FROM (SELECT unnest($1::uuid[]) AS id, count(*) AS n GROUP BY 1) AS n WHERE p.id = n.id
"""
# Their comments with replies keep their place as "[deleted]": no text, no mentions, and the
# nil author ($2), which reads show as deleted with no author.
BLANKED_COMMENTS = """
SELECT c.id, c.post_id, c.review IS NULL AND c.deleted_at IS NULL AND c.removed_at IS NULL AS live, p.community_id
FROM comments c LEFT JOIN posts p ON p.id = c.post_id
WHERE c.author_id = $1
FOR UPDATE OF c
"""
BLANK_COMMENTS = """
UPDATE comments SET author_id = $2, text = '', mention_ids = '{}', held_reason = '', review_note = '',
       deleted_at = coalesce(deleted_at, $3)
WHERE author_id = $1
"""
UNMENTION_POSTS = "UPDATE posts SET mention_ids = array_remove(mention_ids, $1) WHERE $1 = ANY(mention_ids)"
UNMENTION_COMMENTS = "UPDATE comments SET mention_ids = array_remove(mention_ids, $1) WHERE $1 = ANY(mention_ids)"
FORGET_POST_REVIEWER = "UPDATE posts SET reviewed_by = NULL WHERE reviewed_by = $1"
FORGET_COMMENT_REVIEWER = "UPDATE comments SET reviewed_by = NULL WHERE reviewed_by = $1"
DELETE_MIRRORED = (
    "DELETE FROM mirror_follows WHERE follower_id = $1 OR followee_id = $1",
    "DELETE FROM mirror_friends WHERE user_id = $1 OR friend_id = $1",
    "DELETE FROM mirror_blocks WHERE blocker_id = $1 OR blocked_id = $1",
    "DELETE FROM mirror_members WHERE user_id = $1",
    "DELETE FROM mirror_trust WHERE user_id = $1",
    "DELETE FROM mirror_users WHERE user_id = $1",
    "DELETE FROM mirror_mutes WHERE muter_id = $1 OR muted_id = $1",
)
