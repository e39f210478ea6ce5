"""SQL of the messaging service (parameterised constants): who reads a conversation (the one
visibility rule, OPEN and READABLE), conversations, members, live recipients, settings and rooms.
Messages are in sql_messages.py, the mirrors of other services' facts and erasure in
sql_mirrors.py."""


def _blocked(a: str, b: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM mirror_blocks bl WHERE bl.active AND ((bl.blocker_id = {a} AND bl.blocked_id = {b})"
        f" OR (bl.blocker_id = {b} AND bl.blocked_id = {a})))"
    )


def _away(user: str) -> str:
    """Whether `user` has deactivated their account."""
    return f"EXISTS (SELECT 1 FROM mirror_users mu WHERE mu.user_id = {user} AND mu.deactivated)"


def room_readable(community: str, user: str) -> str:
    """Whether `user` may read the rooms of `community`: anyone for a public community, its
    members for a private or hidden one (kept from the communities events)."""
    return (
        f"EXISTS (SELECT 1 FROM mirror_communities mc WHERE mc.community_id = {community} AND "
        f"(mc.visibility = 'public' OR EXISTS (SELECT 1 FROM mirror_community_members cm "
        f"WHERE cm.community_id = {community} AND cm.user_id = {user} AND cm.active)))"
    )


# A direct conversation exists for its two people only while no block stands between them
# and neither is away; a group for its members; a room for those of its members (who opened it)
# who may read the community's rooms now. Every use has the member as `m`.
OPEN = (
    f"(c.kind = 'group' OR (c.kind = 'room' AND {room_readable('c.community_id', 'm.user_id')})"
    f" OR (c.kind = 'direct' AND NOT {_blocked('c.user_a', 'c.user_b')} AND NOT {_away('c.user_a')}"
    f" AND NOT {_away('c.user_b')}))"
)
# $1 is always the caller: a conversation they read (member, active or a request) and that is open.
READABLE = f"m.user_id = $1::uuid AND m.state IN ('active', 'request') AND {OPEN}"
# Messages from others after the caller's read position (and since they joined), not deleted.
UNREAD = """(SELECT count(*) FROM messages x WHERE x.conversation_id = c.id
   AND x.seq > greatest(m.last_read_seq, m.joined_seq) AND x.deleted_at IS NULL
   AND x.sender_id IS DISTINCT FROM m.user_id)"""
ACTIVITY = "greatest(coalesce(c.last_message_at, c.created_at), m.joined_at)"
CONVERSATION_COLUMNS = (
    f"c.id, c.kind, c.name, c.community_id, c.created_at, c.last_seq, {ACTIVITY} AS activity, m.state, "
    f"m.admin, m.joined_seq, m.last_read_seq, {UNREAD} AS unread"
)

INSERT_CONVERSATION = """
INSERT INTO conversations (id, kind, name, created_at, user_a, user_b, direct_key)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (direct_key) DO NOTHING
RETURNING id
"""
DIRECT_BY_KEY = "SELECT id FROM conversations WHERE direct_key = $1"
INSERT_MEMBERS = """
INSERT INTO members (conversation_id, user_id, state, admin, joined_at, joined_seq, state_at)
SELECT $1, u.user_id, u.state, u.admin, $2, $3, $2
FROM unnest($4::uuid[], $5::text[], $6::boolean[]) AS u (user_id, state, admin)
ON CONFLICT (conversation_id, user_id) DO UPDATE
    SET state = 'active', admin = false, joined_at = EXCLUDED.joined_at, joined_seq = EXCLUDED.joined_seq,
        last_read_seq = EXCLUDED.joined_seq, read_at = NULL, state_at = EXCLUDED.state_at
    WHERE members.state = 'left'
"""
# The caller opening a direct conversation (again): a request or a declined one is theirs again.
OPEN_DIRECT = """
UPDATE members SET state = 'active', state_at = $3
WHERE conversation_id = $1 AND user_id = $2 AND state IN ('pending', 'request', 'declined')
"""
CONVERSATION = f"""
SELECT {CONVERSATION_COLUMNS} FROM conversations c JOIN members m ON m.conversation_id = c.id
WHERE c.id = $2 AND {READABLE}
"""
LOCK_CONVERSATION = f"""
SELECT {CONVERSATION_COLUMNS}, c.user_a, c.user_b FROM conversations c JOIN members m ON m.conversation_id = c.id
WHERE c.id = $2 AND {READABLE}
FOR UPDATE OF c
"""
MEMBERS_OF = """
SELECT conversation_id, user_id, admin, joined_at, state FROM members
WHERE conversation_id = ANY($1::uuid[]) AND state <> 'left'
ORDER BY joined_at, user_id
"""
# The caller's conversations (state $2: 'active' for the list, 'request' for requests), newest
# activity first, after a (time, id) cursor; direct ones nobody has written in only for the
# one who opened them.
LIST_CONVERSATIONS = f"""
SELECT * FROM (
    SELECT {CONVERSATION_COLUMNS} FROM members m JOIN conversations c ON c.id = m.conversation_id
    WHERE m.user_id = $1::uuid AND m.state = $2 AND {OPEN}
) AS listed
WHERE $3::timestamptz IS NULL OR (activity, id) < ($3, $4::uuid)
ORDER BY activity DESC, id DESC LIMIT $5
"""
UNREAD_COUNTS = f"""
SELECT c.id, m.state, {UNREAD} AS unread FROM members m JOIN conversations c ON c.id = m.conversation_id
WHERE m.user_id = $1::uuid AND m.state IN ('active', 'request') AND {OPEN}
"""
ACTIVE_COUNT = "SELECT count(*) FROM members WHERE conversation_id = $1 AND state = 'active'"
SET_STATE = """
UPDATE members SET state = $3, state_at = $4, admin = admin AND $3 = 'active'
WHERE conversation_id = $1 AND user_id = $2 AND state = ANY($5::text[])
"""
SET_ADMIN = "UPDATE members SET admin = $3 WHERE conversation_id = $1 AND user_id = $2 AND state = 'active'"
ADMIN_COUNT = "SELECT count(*) FROM members WHERE conversation_id = $1 AND state = 'active' AND admin"
# A group without an admin gets its longest-standing member as one.
PROMOTE_ELDEST = """
UPDATE members SET admin = true
WHERE (conversation_id, user_id) = (
    SELECT conversation_id, user_id FROM members
    WHERE conversation_id = $1 AND state = 'active' ORDER BY joined_at, user_id LIMIT 1)
  AND NOT EXISTS (SELECT 1 FROM members WHERE conversation_id = $1 AND state = 'active' AND admin)
"""
MEMBER_STATE = "SELECT state FROM members WHERE conversation_id = $1 AND user_id = $2"
# Who receives a conversation's messages now (the live channel's recipients).
RECEIVING = "state IN ('active', 'request', 'pending')"
RECIPIENTS = f"SELECT user_id FROM members WHERE conversation_id = $1 AND {RECEIVING}"
# The live channel's recipients of what happened at sequence number $2 of conversation $1: its
# readers now (active, or holding it as a request) who had joined before it, and none at all of
# a direct conversation closed by a block or a deactivation.
_LIVE_READERS = "m.state IN ('active', 'request') AND m.joined_seq < {seq} AND " + OPEN
LIVE_RECIPIENTS = f"""
SELECT m.user_id, m.state FROM conversations c JOIN members m ON m.conversation_id = c.id
WHERE c.id = $1 AND {_LIVE_READERS.format(seq="$2")}
ORDER BY m.user_id
"""
# The same for a batch of events: (conversation $1[i], sequence number $2[i]), rows by i (from 1).
LIVE_RECIPIENTS_MANY = f"""
SELECT q.i, m.user_id, m.state
FROM unnest($1::uuid[], $2::bigint[]) WITH ORDINALITY AS q (conversation_id, seq, i)
JOIN conversations c ON c.id = q.conversation_id JOIN members m ON m.conversation_id = c.id
WHERE {_LIVE_READERS.format(seq="q.seq")}
ORDER BY q.i, m.user_id
"""

# Of users $2, those with a block either way with user $1, or away.
UNREACHABLE_AMONG = f"SELECT u FROM unnest($2::uuid[]) AS u WHERE {_blocked('u', '$1::uuid')} OR {_away('u')}"
# Whether $1 (the recipient) follows $2, and whether they are friends.
RELATION = """
SELECT EXISTS (SELECT 1 FROM mirror_follows WHERE follower_id = $1 AND followee_id = $2 AND active) AS follows,
       EXISTS (SELECT 1 FROM mirror_friends WHERE user_id = $1 AND friend_id = $2 AND active) AS friends
"""
SETTINGS_OF = "SELECT user_id, who_may_message, read_receipts FROM settings WHERE user_id = ANY($1::uuid[])"
UPSERT_SETTINGS = """
INSERT INTO settings (user_id, who_may_message, read_receipts) VALUES ($1, $2, $3)
ON CONFLICT (user_id) DO UPDATE SET who_may_message = EXCLUDED.who_may_message, read_receipts = EXCLUDED.read_receipts
"""

# Presence (GetPresence, and the live edge's PresenceChanged): the settings column and the
# mirrored friendships; who may see whom is kith_messaging.domain.presence.
PRESENCE_HIDDEN_AMONG = "SELECT user_id FROM settings WHERE user_id = ANY($1::uuid[]) AND hide_presence"
# $2, $3: the other settings' defaults, for someone who never saved any.
UPSERT_HIDE_PRESENCE = """
INSERT INTO settings (user_id, who_may_message, read_receipts, hide_presence) VALUES ($1, $2, $3, $4)
ON CONFLICT (user_id) DO UPDATE SET hide_presence = EXCLUDED.hide_presence
"""
FRIENDS_AMONG = "SELECT friend_id FROM mirror_friends WHERE user_id = $1 AND friend_id = ANY($2::uuid[]) AND active"
FRIENDS_OF = """
SELECT user_id, friend_id FROM mirror_friends WHERE user_id = ANY($1::uuid[]) AND active ORDER BY user_id, friend_id
"""

# Rooms ---------------------------------------------------------------------------------
# A group's new name; nothing when it already has it ($1 conversation, $2 name).
RENAME_GROUP = "UPDATE conversations SET name = $2 WHERE id = $1 AND kind = 'group' AND name <> $2"
INSERT_ROOM = """
INSERT INTO conversations (id, kind, name, created_at, community_id) VALUES ($1, 'room', $2, $3, $4)
"""
# $1 community, $2 user: (readable, role when an active member, may write now).
ROOM_ACCESS = f"""
SELECT {room_readable("$1::uuid", "$2::uuid")} AS readable,
       (SELECT role FROM mirror_community_members WHERE community_id = $1 AND user_id = $2 AND active) AS role,
       EXISTS (SELECT 1 FROM mirror_community_bans WHERE community_id = $1 AND user_id = $2 AND active
               AND (until IS NULL OR until > now())) AS banned,
       EXISTS (SELECT 1 FROM mirror_community_mutes WHERE community_id = $1 AND user_id = $2
               AND until > now()) AS muted
"""
ROOMS_OF = """
SELECT id, name, community_id, created_at, last_seq, coalesce(last_message_at, created_at) AS activity
FROM conversations WHERE kind = 'room' AND community_id = $1 ORDER BY created_at, id LIMIT $2
"""
ROOM = "SELECT community_id FROM conversations WHERE id = $1 AND kind = 'room'"
# Opening a room: a member from now on (again after leaving), reading its whole history.
JOIN_ROOM = """
INSERT INTO members (conversation_id, user_id, state, admin, joined_at, joined_seq, state_at)
VALUES ($1, $2, 'active', false, $3, 0, $3)
ON CONFLICT (conversation_id, user_id) DO UPDATE SET state = 'active', admin = false, state_at = EXCLUDED.state_at
    WHERE members.state = 'left'
"""
