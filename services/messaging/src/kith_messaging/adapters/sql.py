"""SQL of the messaging service (parameterised constants)."""


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

# Messages ------------------------------------------------------------------------------
MESSAGE_COLUMNS = (
    "x.id, x.conversation_id, x.seq, x.sender_id, x.client_id, x.text, x.reply_to, x.mention_ids, "
    "x.has_link, x.sent_at, x.edited_at, x.deleted_at IS NOT NULL AS deleted"
)
_SEARCH_VECTOR = "to_tsvector('simple', {text})"
# SendMessage in few round trips. Before locking ($1 caller, $2 conversation): the conversation
# the caller reads (as CONVERSATION, without the unread count nor the members) and, for a direct
# one, the other side: everyone not gone but the caller, with their states.
_DIRECT_OTHERS = """LEFT JOIN LATERAL (
    SELECT array_agg(o.user_id ORDER BY o.joined_at, o.user_id) AS other_ids,
           array_agg(o.state ORDER BY o.joined_at, o.user_id) AS other_states
    FROM members o WHERE c.kind = 'direct' AND o.conversation_id = c.id AND o.user_id <> $1::uuid AND o.state <> 'left'
) o ON true"""
SEND_CONTEXT = f"""
SELECT c.id, c.kind, c.name, c.community_id, c.created_at, c.last_seq, {ACTIVITY} AS activity, m.state, m.admin,
       m.joined_seq, m.last_read_seq, 0 AS unread, o.other_ids, o.other_states
FROM conversations c JOIN members m ON m.conversation_id = c.id {_DIRECT_OTHERS}
WHERE c.id = $2 AND {READABLE}
"""
# In the sending transaction ($1 caller, $2 conversation, $3 client id), one statement: the
# conversation locked as LOCK_CONVERSATION locks it (the caller reads it; FOR UPDATE serialises
# its sends, so last_seq + 1 is the next number), the recipients (RECIPIENTS without the caller),
# the direct other side's states, and the caller's earlier message with this client id (x.*).
LOCK_FOR_SEND = f"""
SELECT c.kind, c.last_seq, m.state AS caller_state, o.other_ids, o.other_states,
       ARRAY(SELECT r.user_id FROM members r WHERE r.conversation_id = c.id AND r.user_id <> $1::uuid
             AND r.{RECEIVING}) AS recipient_ids,
       {MESSAGE_COLUMNS}
FROM conversations c JOIN members m ON m.conversation_id = c.id {_DIRECT_OTHERS}
LEFT JOIN messages x ON x.conversation_id = c.id AND x.sender_id = $1::uuid AND x.client_id = $3::text
WHERE c.id = $2 AND {READABLE}
FOR UPDATE OF c
"""
# Then one statement: the next sequence number, gap-free (`last_seq = last_seq + 1` in the
# writing transaction), the message ($1 id, $2 conversation, $3 sender, $4 client id, $5 text,
# $6 reply to, $7 mentions, $8 has link, $9 sent at) and its MessageSent in the outbox
# (kith_platform.outbox's PG_INSERT: event id $10, topic $11, key $12, envelope $13, built with
# the expected number); returns the number taken.
ADD_MESSAGE = f"""
WITH next AS (
    UPDATE conversations SET last_seq = last_seq + 1, last_message_at = $9 WHERE id = $2 RETURNING last_seq
), added AS (
    INSERT INTO messages (id, conversation_id, seq, sender_id, client_id, text, reply_to, mention_ids, has_link,
                          sent_at, search)
    SELECT $1::uuid, $2::uuid, next.last_seq, $3::uuid, $4::text, $5::text, $6::uuid, $7::uuid[], $8::boolean,
           $9::timestamptz, {_SEARCH_VECTOR.format(text="$5::text")}
    FROM next
    RETURNING seq
), published AS (
    INSERT INTO outbox (event_id, topic, key, value) SELECT $10::uuid, $11::text, $12::text, $13::bytea FROM added
)
SELECT seq FROM added
"""
# A message of a conversation the caller reads ($1 caller, $2 message), if sent since they joined.
READABLE_MESSAGE = f"""
SELECT {MESSAGE_COLUMNS}, m.admin AS caller_admin, c.kind
FROM messages x JOIN conversations c ON c.id = x.conversation_id
JOIN members m ON m.conversation_id = c.id
WHERE x.id = $2 AND {READABLE} AND x.seq > m.joined_seq
"""
LOCK_MESSAGE = f"SELECT {MESSAGE_COLUMNS} FROM messages x WHERE x.id = $1 FOR UPDATE"
MESSAGE_BY_ID = f"SELECT {MESSAGE_COLUMNS} FROM messages x WHERE x.id = $1"
# Messages by id ($1) with their reaction counts (emojis and counts, most frequent first): the live channel.
MESSAGES_WITH_REACTIONS = f"""
SELECT {MESSAGE_COLUMNS}, r.emojis, r.counts FROM messages x
LEFT JOIN LATERAL (
    SELECT array_agg(g.emoji ORDER BY g.n DESC, g.emoji) AS emojis, array_agg(g.n ORDER BY g.n DESC, g.emoji) AS counts
    FROM (SELECT emoji, count(*) AS n FROM reactions WHERE message_id = x.id GROUP BY emoji) g
) r ON true
WHERE x.id = ANY($1::uuid[])
"""
MESSAGE_ID_AT = "SELECT id FROM messages WHERE conversation_id = $1 AND seq = $2"
# Pages by seq ($1 conversation, $2 the reader's joined_seq, $3 bound (inclusive), $4 limit).
BACKWARD = f"""
SELECT {MESSAGE_COLUMNS} FROM messages x
WHERE x.conversation_id = $1 AND x.seq > $2 AND x.seq <= $3
ORDER BY x.seq DESC LIMIT $4
"""
FORWARD = f"""
SELECT {MESSAGE_COLUMNS} FROM messages x
WHERE x.conversation_id = $1 AND x.seq > $2 AND x.seq >= $3
ORDER BY x.seq LIMIT $4
"""
EDIT_MESSAGE = f"""
UPDATE messages
SET text = $2, has_link = $3, mention_ids = $4, edited_at = $5, search = {_SEARCH_VECTOR.format(text="$2")}
WHERE id = $1
"""
INSERT_EDIT = "INSERT INTO message_edits (message_id, text, replaced_at) VALUES ($1, $2, $3)"
SELECT_EDITS = """
SELECT id, text, replaced_at FROM message_edits WHERE message_id = $1 AND ($2::bigint IS NULL OR id < $2)
ORDER BY id DESC LIMIT $3
"""
# A tombstone keeps its place (seq) and nothing of what it said.
DELETE_MESSAGE = """
UPDATE messages SET text = '', mention_ids = '{}', has_link = false, search = ''::tsvector, deleted_at = $2
WHERE id = $1 AND deleted_at IS NULL
"""
DELETE_EDITS = "DELETE FROM message_edits WHERE message_id = $1"

UPSERT_REACTION = """
INSERT INTO reactions (message_id, user_id, emoji, reacted_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (message_id, user_id) DO UPDATE SET emoji = EXCLUDED.emoji, reacted_at = EXCLUDED.reacted_at
WHERE reactions.emoji <> EXCLUDED.emoji
RETURNING emoji
"""
DELETE_REACTION = "DELETE FROM reactions WHERE message_id = $1 AND user_id = $2 RETURNING emoji"
REACTION_COUNTS = """
SELECT message_id, emoji, count(*) AS n FROM reactions WHERE message_id = ANY($1::uuid[])
GROUP BY message_id, emoji ORDER BY message_id, n DESC, emoji
"""
VIEWER_REACTIONS = "SELECT message_id, emoji FROM reactions WHERE user_id = $1 AND message_id = ANY($2::uuid[])"

# Read state ----------------------------------------------------------------------------
MARK_READ = """
UPDATE members SET last_read_seq = $3, read_at = $4
WHERE conversation_id = $1 AND user_id = $2 AND last_read_seq < $3
"""
RECEIPTS = """
SELECT m.user_id, m.state, m.last_read_seq, m.read_at FROM members m
WHERE m.conversation_id = $1 AND m.user_id <> $2 AND m.state IN ('active', 'pending', 'request', 'declined')
ORDER BY m.joined_at, m.user_id
"""

# Search: the caller's readable conversations, messages since they joined, not deleted.
SEARCH = f"""
SELECT * FROM (
    SELECT {MESSAGE_COLUMNS}, ts_rank(x.search, websearch_to_tsquery('simple', $2))::float8 AS rank
    FROM messages x JOIN conversations c ON c.id = x.conversation_id JOIN members m ON m.conversation_id = c.id
    WHERE x.search @@ websearch_to_tsquery('simple', $2) AND {READABLE} AND x.seq > m.joined_seq
      AND x.deleted_at IS NULL AND ($3::uuid IS NULL OR c.id = $3)
) AS found
WHERE $4::float8 IS NULL OR rank < $4 OR (rank = $4 AND id > $5::uuid)
ORDER BY rank DESC, id LIMIT $6
"""


# Mirrors -------------------------------------------------------------------------------
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
# Their messages keep their places (the others' replies point at them) with no text and no sender.
BLANK_MESSAGES = """
UPDATE messages SET sender_id = NULL, text = '', mention_ids = '{}', has_link = false, search = ''::tsvector,
       client_id = id::text, deleted_at = coalesce(deleted_at, $2)
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
