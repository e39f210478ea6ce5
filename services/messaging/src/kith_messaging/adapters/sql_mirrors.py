"""SQL of messaging's mirrors of other services' facts (parameterised constants): follows,
friendships, blocks and deactivations (graph and identity events), communities' visibility,
memberships, bans and mutes (communities events); and erasure (identity's UserErased). Facts
naming an erased person are ignored."""


def _none_erased(*people: str) -> str:
    """True unless one of `people` is in the tombstone list (facts about them are ignored)."""
    return f"NOT EXISTS (SELECT 1 FROM erased_users e WHERE e.user_id IN ({', '.join(people)}))"


def _mirror(table: str, a: str, b: str) -> str:
    return f"""
INSERT INTO {table} ({a}, {b}, active, at)
SELECT $1::uuid, $2::uuid, $3::boolean, $4::timestamptz WHERE {_none_erased("$1::uuid", "$2::uuid")}
ON CONFLICT ({a}, {b}) DO UPDATE SET active = EXCLUDED.active, at = EXCLUDED.at
WHERE {table}.at <= EXCLUDED.at
"""


MIRROR_FOLLOW = _mirror("mirror_follows", "follower_id", "followee_id")
MIRROR_FRIEND = _mirror("mirror_friends", "user_id", "friend_id")
MIRROR_BLOCK = _mirror("mirror_blocks", "blocker_id", "blocked_id")
MIRROR_USER = f"""
INSERT INTO mirror_users (user_id, deactivated, at)
SELECT $1::uuid, $2::boolean, $3::timestamptz WHERE {_none_erased("$1::uuid")}
ON CONFLICT (user_id) DO UPDATE SET deactivated = EXCLUDED.deactivated, at = EXCLUDED.at
WHERE mirror_users.at <= EXCLUDED.at
"""

# Erasure (identity's UserErased), in one transaction under the person's lock; $1 is the
# erased user. A second run changes nothing.
LOCK_ERASURE = "SELECT pg_advisory_xact_lock(hashtextextended('erase:' || $1::text, 0))"
# Every mirror write holds the same per-person lock, shared, around its tombstone check.
LOCK_PEOPLE_SHARED = """
SELECT pg_advisory_xact_lock_shared(hashtextextended('erase:' || p, 0)) FROM unnest($1::text[]) AS p ORDER BY p
"""
INSERT_ERASED = "INSERT INTO erased_users (user_id, erased_at) VALUES ($1, $2) ON CONFLICT DO NOTHING"
ERASED_AMONG = "SELECT user_id FROM erased_users WHERE user_id = ANY($1::uuid[])"
DELETE_EDITS_BY = "DELETE FROM message_edits WHERE message_id IN (SELECT id FROM messages WHERE sender_id = $1)"
# What staff removals kept of their messages goes too, and no restore brings anything back.
FORGET_STAFF_REMOVALS_BY = """
UPDATE message_staff_removals SET text = NULL, mention_ids = NULL, has_link = NULL
WHERE message_id IN (SELECT id FROM messages WHERE sender_id = $1)
"""
# Their messages keep their places (the others' replies point at them) with no text and no sender.
BLANK_MESSAGES = """
UPDATE messages SET sender_id = NULL, text = '', mention_ids = '{}', has_link = false, search = ''::tsvector,
       client_id = id::text, client_fingerprint = NULL, deleted_at = coalesce(deleted_at, $2),
       staff_removal_id = NULL
WHERE sender_id = $1
"""
# Groups they were the only admin of get one.
THEIR_GROUPS = "SELECT conversation_id FROM members WHERE user_id = $1"
FORGET_PAIR = """
UPDATE conversations SET direct_key = NULL,
       user_a = CASE WHEN user_a = $1 THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE user_a END,
       user_b = CASE WHEN user_b = $1 THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE user_b END
WHERE user_a = $1 OR user_b = $1
"""
DELETE_ERASED = (
    "DELETE FROM reactions WHERE user_id = $1",
    "UPDATE messages SET mention_ids = array_remove(mention_ids, $1) WHERE $1 = ANY(mention_ids)",
    "DELETE FROM members WHERE user_id = $1",
    "DELETE FROM settings WHERE user_id = $1",
    "DELETE FROM mirror_follows WHERE follower_id = $1 OR followee_id = $1",
    "DELETE FROM mirror_friends WHERE user_id = $1 OR friend_id = $1",
    "DELETE FROM mirror_blocks WHERE blocker_id = $1 OR blocked_id = $1",
    "DELETE FROM mirror_users WHERE user_id = $1",
    "DELETE FROM mirror_community_members WHERE user_id = $1",
    "DELETE FROM mirror_community_bans WHERE user_id = $1",
    "DELETE FROM mirror_community_mutes WHERE user_id = $1",
)


# Communities (communities.communities.v1).
MIRROR_COMMUNITY = """
INSERT INTO mirror_communities (community_id, visibility, at) VALUES ($1, $2, $3)
ON CONFLICT (community_id) DO UPDATE SET visibility = EXCLUDED.visibility, at = EXCLUDED.at
WHERE mirror_communities.at <= EXCLUDED.at
"""
MIRROR_COMMUNITY_MEMBER = f"""
INSERT INTO mirror_community_members (community_id, user_id, role, active, at)
SELECT $1::uuid, $2::uuid, coalesce($3::text, 'member'), $4::boolean, $5::timestamptz WHERE {_none_erased("$2::uuid")}
ON CONFLICT (community_id, user_id) DO UPDATE
    SET role = coalesce($3::text, mirror_community_members.role), active = EXCLUDED.active, at = EXCLUDED.at
WHERE mirror_community_members.at <= EXCLUDED.at
"""
MIRROR_COMMUNITY_BAN = f"""
INSERT INTO mirror_community_bans (community_id, user_id, active, until, at)
SELECT $1::uuid, $2::uuid, $3::boolean, $4::timestamptz, $5::timestamptz WHERE {_none_erased("$2::uuid")}
ON CONFLICT (community_id, user_id) DO UPDATE SET active = EXCLUDED.active, until = EXCLUDED.until, at = EXCLUDED.at
WHERE mirror_community_bans.at <= EXCLUDED.at
"""
MIRROR_COMMUNITY_MUTE = f"""
INSERT INTO mirror_community_mutes (community_id, user_id, until)
SELECT $1::uuid, $2::uuid, $3::timestamptz WHERE {_none_erased("$2::uuid")}
ON CONFLICT (community_id, user_id) DO UPDATE SET until = greatest(mirror_community_mutes.until, EXCLUDED.until)
"""
