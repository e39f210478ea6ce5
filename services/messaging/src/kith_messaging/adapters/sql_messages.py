"""SQL of messages (parameterised constants): sending, pages, edits, deletes, reactions, read
state and search, each within what the caller reads (sql.READABLE)."""

from kith_messaging.adapters.sql import ACTIVITY, READABLE, RECEIVING

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
# the direct other side's states, and the caller's earlier message with this client id (x.*, with
# the fingerprint of its request). That message is read as of the statement's start: one sent by
# a send that held the lock meanwhile is missed here and met by ADD_MESSAGE's unique index.
LOCK_FOR_SEND = f"""
SELECT c.kind, c.last_seq, m.state AS caller_state, o.other_ids, o.other_states,
       ARRAY(SELECT r.user_id FROM members r WHERE r.conversation_id = c.id AND r.user_id <> $1::uuid
             AND r.{RECEIVING}) AS recipient_ids,
       {MESSAGE_COLUMNS}, x.client_fingerprint
FROM conversations c JOIN members m ON m.conversation_id = c.id {_DIRECT_OTHERS}
LEFT JOIN messages x ON x.conversation_id = c.id AND x.sender_id = $1::uuid AND x.client_id = $3::text
WHERE c.id = $2 AND {READABLE}
FOR UPDATE OF c
"""
# Then one statement: the next sequence number, gap-free (`last_seq = last_seq + 1` in the
# writing transaction), the message ($1 id, $2 conversation, $3 sender, $4 client id, $5 text,
# $6 reply to, $7 mentions, $8 has link, $9 sent at, $14 the request's fingerprint) and its
# MessageSent in the outbox (kith_platform.outbox's PG_INSERT: event id $10, topic $11, key $12,
# envelope $13, built with the expected number); returns the number taken.
ADD_MESSAGE = f"""
WITH next AS (
    UPDATE conversations SET last_seq = last_seq + 1, last_message_at = $9 WHERE id = $2 RETURNING last_seq
), added AS (
    INSERT INTO messages (id, conversation_id, seq, sender_id, client_id, text, reply_to, mention_ids, has_link,
                          sent_at, search, client_fingerprint)
    SELECT $1::uuid, $2::uuid, next.last_seq, $3::uuid, $4::text, $5::text, $6::uuid, $7::uuid[], $8::boolean,
           $9::timestamptz, {_SEARCH_VECTOR.format(text="$5::text")}, $14::bytea
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

# Removals by the platform's staff (migrations/0004_staff_removals.sql). Before the tombstone
# (DELETE_MESSAGE), what it blanks is kept with the removal ($1 message, $2 removal, $3 at); the
# edit history stays, unread while the message is removed.
KEEP_REMOVED = """
WITH kept AS (
    INSERT INTO message_staff_removals (removal_id, message_id, text, mention_ids, has_link, removed_at)
    SELECT $2, id, text, mention_ids, has_link, $3 FROM messages WHERE id = $1 AND deleted_at IS NULL
    RETURNING message_id
)
UPDATE messages SET staff_removal_id = $2 WHERE id IN (SELECT message_id FROM kept)
"""
STAFF_REMOVAL_KNOWN = "SELECT EXISTS (SELECT 1 FROM message_staff_removals WHERE removal_id = $1)"
# Put back what the removal ($2) of the message ($1) kept, if it still holds the message.
RESTORE_REMOVED = f"""
UPDATE messages x
SET text = k.text, mention_ids = k.mention_ids, has_link = k.has_link, deleted_at = NULL, staff_removal_id = NULL,
    search = {_SEARCH_VECTOR.format(text="k.text")}
FROM message_staff_removals k
WHERE x.id = $1 AND x.staff_removal_id = $2 AND k.removal_id = $2 AND k.restored_at IS NULL
RETURNING x.seq, x.sender_id
"""
# The removal ($1, of message $2) is over: the kept text goes. Recorded even when it was never
# applied here (a restore ahead of its removal), so that the removal arriving later is ignored.
MARK_RESTORED = """
INSERT INTO message_staff_removals (removal_id, message_id, restored_at) VALUES ($1, $2, $3)
ON CONFLICT (removal_id) DO UPDATE
    SET text = NULL, mention_ids = NULL, has_link = NULL,
        restored_at = coalesce(message_staff_removals.restored_at, EXCLUDED.restored_at)
"""

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
