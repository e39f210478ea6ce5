"""Cypher of the graph's own relationships: the schema, the pair locks and changes, the reads
of lists, counts and paths, and erasure. Parameterised constants only (relationship types come
from the fixed tuple below, never from input). The rest is by concern: cypher_care.py (notes,
cadences, tie strength, reminders), cypher_suggestions.py, cypher_mirrors.py (users and
communities from other services' events)."""

SCHEMA = (
    "CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE",
    "CREATE CONSTRAINT topic_name IF NOT EXISTS FOR (t:Topic) REQUIRE t.name IS UNIQUE",
    "CREATE CONSTRAINT community_id IF NOT EXISTS FOR (c:Community) REQUIRE c.id IS UNIQUE",
    "CREATE CONSTRAINT interaction_key IF NOT EXISTS FOR (i:Interaction) REQUIRE i.key IS UNIQUE",
    "CREATE CONSTRAINT migration_name IF NOT EXISTS FOR (m:Migration) REQUIRE m.name IS UNIQUE",
    # An index, not a uniqueness constraint: every pair change and user write looks the id up, and
    # a constraint's lookups in a write take index-entry locks that deadlock concurrent changes.
    "CREATE INDEX erased_user_id IF NOT EXISTS FOR (e:ErasedUser) ON (e.id)",
    "CREATE INDEX erased_user_marked IF NOT EXISTS FOR (e:ErasedUser) ON (e.marked_at)",
    # Erasure finds the interaction keys that name a person (mention:<post>:<user>, reaction:<target>:<user>).
    "CREATE TEXT INDEX interaction_key_text IF NOT EXISTS FOR (i:Interaction) ON (i.key)",
)
# The tombstone list: (:ErasedUser {id}) for each erased user, the only place the id stays.
# Writes that would create a user node first check it (a late event must not bring one back).
NOT_ERASED = "NOT EXISTS {{ MATCH (:ErasedUser {{id: {id}}}) }}"
HAS_USER = "MATCH (u:User {id: $id}) WHERE NOT coalesce(u.deactivated, false) RETURN count(u) > 0 AS present"

# Takes both users' write locks (in id order, so two transactions cannot deadlock) before
# anything is read: concurrent changes to one pair run one after the other.
_LOCK_USERS = (
    """
UNWIND $ids AS id
WITH id WHERE """
    + NOT_ERASED.format(id="id")
    + """
MERGE (u:User {id: id})
WITH u ORDER BY u.id
SET u.locked_at = timestamp()
"""
)
LOCK_PAIR = _LOCK_USERS + "RETURN count(u) AS locked, collect(u.id) AS ids"
# (ImportFollows takes the locks of every user of a batch with it: `ids`, those locked; an
# erased user is not.)
# The mirrored users among $ids that are not deactivated (HAS_USER for many).
ACTIVE_USERS = """
UNWIND $ids AS id
MATCH (u:User {id: id}) WHERE NOT coalesce(u.deactivated, false)
RETURN collect(u.id) AS ids
"""
# What the rules of a pair (a, b) read (domain.relationships.PairState).
_PAIR_COLUMNS = """
       EXISTS { (a)-[:BLOCKS]->(b) } AS blocks,
       EXISTS { (b)-[:BLOCKS]->(a) } AS blocked_by,
       EXISTS { (a)-[:FOLLOWS]->(b) } AS follows,
       EXISTS { (b)-[:FOLLOWS]->(a) } AS followed_by,
       EXISTS { (a)-[:FRIENDS_WITH]-(b) } AS friends,
       EXISTS { (a)-[:FRIEND_REQUESTED]->(b) } AS a_requested_friendship,
       EXISTS { (b)-[:FRIEND_REQUESTED]->(a) } AS b_requested_friendship,
       EXISTS { (a)-[:FOLLOW_REQUESTED]->(b) } AS a_requested_follow,
       EXISTS { (b)-[:FOLLOW_REQUESTED]->(a) } AS b_requested_follow,
       coalesce(b.requires_follow_approval, false) AS b_requires_approval,
       coalesce(b.deactivated, false) AS b_deactivated
"""
PAIR_STATE = "MATCH (a:User {id: $a}), (b:User {id: $b})\nRETURN" + _PAIR_COLUMNS
# A pair change's first statement: LOCK_PAIR of $ids ([$a, $b]), then PAIR_STATE, so that the
# locks are held one round trip less. No row: one of the two is erased (the lock leaves them out).
LOCK_PAIR_STATE = _LOCK_USERS + "WITH count(u) AS locked WHERE locked = size($ids)\n" + PAIR_STATE
# PAIR_STATE for many pairs ($pairs: [{a, b}]), each row named by its pair.
PAIR_STATES = (
    "UNWIND $pairs AS p\nMATCH (a:User {id: p.a}), (b:User {id: p.b})\nRETURN p.a AS a, p.b AS b," + _PAIR_COLUMNS
)

DIRECTED_TYPES = ("FOLLOWS", "FOLLOW_REQUESTED", "FRIEND_REQUESTED", "BLOCKS", "MUTES", "DISMISSED")
# `at`: epoch milliseconds when the relationship began (lists page on it).
CREATE = {
    t: f"MATCH (a:User {{id: $a}}), (b:User {{id: $b}}) CREATE (a)-[:{t} {{at: $at}}]->(b)" for t in DIRECTED_TYPES
}
# `at`: when the removed relationship began (null when there was none).
DELETE = {
    t: f"MATCH (:User {{id: $a}})-[r:{t}]->(:User {{id: $b}}) WITH r, r.at AS at DELETE r "
    "RETURN count(r) AS removed, max(at) AS at"
    for t in DIRECTED_TYPES
}
# CREATE and DELETE of one type for many pairs ($pairs: [{a, b}]).
CREATE_MANY = {
    t: f"UNWIND $pairs AS p MATCH (a:User {{id: p.a}}), (b:User {{id: p.b}}) CREATE (a)-[:{t} {{at: $at}}]->(b)"
    for t in ("FOLLOWS", "FOLLOW_REQUESTED")
}
DELETE_MANY = {
    t: f"UNWIND $pairs AS p MATCH (:User {{id: p.a}})-[r:{t}]->(:User {{id: p.b}}) DELETE r"
    for t in ("FOLLOW_REQUESTED",)
}
CREATE_FRIENDSHIP = "MATCH (a:User {id: $a}), (b:User {id: $b}) CREATE (a)-[:FRIENDS_WITH {at: $at}]->(b)"
DELETE_FRIENDSHIP = "MATCH (:User {id: $a})-[r:FRIENDS_WITH]-(:User {id: $b}) DELETE r RETURN count(r) AS removed"
# The connection of two people: one CONNECTED relationship, either way, while they have a
# friendship or a follow either way; none otherwise. Derived from those and kept with them by
# every pair change that begins or ends a follow or a friendship, in its transaction and under
# the pair's locks (Neo4jTransactions._pair, import_follows), this one query writing it (each
# pair once, whichever way it is named; a duplicate link is mended on the way).
# Suggestions and connection paths walk one relationship per connected pair instead of up to
# three (two follows and a friendship), and count mutual connections without a DISTINCT.
SYNC_CONNECTIONS = """
UNWIND $pairs AS p
WITH DISTINCT CASE WHEN p.a < p.b THEN [p.a, p.b] ELSE [p.b, p.a] END AS p
MATCH (a:User {id: p[0]}), (b:User {id: p[1]})
WITH a, b, EXISTS { (a)-[:FOLLOWS|FRIENDS_WITH]-(b) } AS connected, [(a)-[c:CONNECTED]-(b) | c] AS links
FOREACH (_ IN CASE WHEN connected AND links = [] THEN [1] ELSE [] END | CREATE (a)-[:CONNECTED]->(b))
FOREACH (c IN CASE WHEN connected THEN tail(links) ELSE links END | DELETE c)
"""
# A graph written before CONNECTED existed gets its connections once, at start-up: users in id
# order, a batch a transaction, each batch's users locked first (as a pair change locks them,
# so the two cannot both add one), until a batch is empty; then the migration is marked done.
MIGRATED = "MATCH (m:Migration {name: $name}) RETURN count(m) > 0 AS done"
MARK_MIGRATED = "MERGE (m:Migration {name: $name}) ON CREATE SET m.at = timestamp()"
BACKFILL_CONNECTIONS = """
MATCH (a:User) WHERE a.id > $after
WITH a ORDER BY a.id LIMIT $limit
SET a.locked_at = timestamp()
WITH collect(a) AS batch
CALL (batch) {
  UNWIND batch AS a
  MATCH (a)-[:FOLLOWS|FRIENDS_WITH]-(b:User)
  WHERE a.id < b.id AND NOT EXISTS { (a)-[:CONNECTED]-(b) }
  WITH DISTINCT a, b
  CREATE (a)-[:CONNECTED]->(b)
  RETURN count(*) AS created
}
RETURN batch[-1].id AS last, created
"""
# Every follow and pending request between the two, either way (what a block ends).
DELETE_BETWEEN = """
MATCH (a:User {id: $a})-[r:FOLLOWS|FOLLOW_REQUESTED|FRIEND_REQUESTED]-(b:User {id: $b})
WITH r, type(r) AS kind, startNode(r).id AS from_id, endNode(r).id AS to_id, r.at AS at
DELETE r
RETURN kind, from_id, to_id, at
ORDER BY at, kind
"""
# Run under the user's lock (LOCK_PAIR with one id): `before` is the setting as it was.
SET_FOLLOW_APPROVAL = """
MATCH (u:User {id: $user})
WITH u, coalesce(u.requires_follow_approval, false) AS before
SET u.requires_follow_approval = $required
RETURN before
"""

RELATIONSHIP = """
OPTIONAL MATCH (a:User {id: $a})-[f:FOLLOWS]->(b:User {id: $b})
OPTIONAL MATCH (:User {id: $b})-[g:FOLLOWS]->(:User {id: $a})
RETURN f IS NOT NULL AS follows, g IS NOT NULL AS followed_by,
       EXISTS { (:User {id: $a})-[:FRIENDS_WITH]-(:User {id: $b}) } AS friends
"""

# Lists: (pattern from u to o, newest first, keyset on (at, id)), without anyone in a block
# with the viewer ($viewer: the caller for others' lists, "" for the caller's own lists).
_LIST = """
MATCH {pattern}
WHERE NOT coalesce(o.deactivated, false)
  AND NOT EXISTS {{ (:User {{id: $viewer}})-[:BLOCKS]-(o) }}
  AND ($at IS NULL OR coalesce(r.at, 0) < $at OR (coalesce(r.at, 0) = $at AND o.id > $after))
RETURN o.id AS user_id, coalesce(r.at, 0) AS at
ORDER BY at DESC, user_id
LIMIT $limit
"""
LISTS = {
    "followers": _LIST.format(pattern="(u:User {id: $user})<-[r:FOLLOWS]-(o:User)"),
    "following": _LIST.format(pattern="(u:User {id: $user})-[r:FOLLOWS]->(o:User)"),
    "friends": _LIST.format(pattern="(u:User {id: $user})-[r:FRIENDS_WITH]-(o:User)"),
    "friend_requests_received": _LIST.format(pattern="(u:User {id: $user})<-[r:FRIEND_REQUESTED]-(o:User)"),
    "friend_requests_sent": _LIST.format(pattern="(u:User {id: $user})-[r:FRIEND_REQUESTED]->(o:User)"),
    "follow_requests_received": _LIST.format(pattern="(u:User {id: $user})<-[r:FOLLOW_REQUESTED]-(o:User)"),
    "blocked": _LIST.format(pattern="(u:User {id: $user})-[r:BLOCKS]->(o:User)"),
    "muted": _LIST.format(pattern="(u:User {id: $user})-[r:MUTES]->(o:User)"),
}
COUNTS = """
MATCH (u:User {id: $user})
RETURN COUNT { (u)<-[:FOLLOWS]-(o:User) WHERE NOT coalesce(o.deactivated, false) } AS followers,
       COUNT { (u)-[:FOLLOWS]->(o:User) WHERE NOT coalesce(o.deactivated, false) } AS following,
       COUNT { (u)-[:FRIENDS_WITH]-(o:User) WHERE NOT coalesce(o.deactivated, false) } AS friends
"""
MUTUAL_FRIENDS = """
MATCH (a:User {id: $a})-[:FRIENDS_WITH]-(m:User)-[:FRIENDS_WITH]-(b:User {id: $b})
WHERE m <> a AND m <> b AND NOT coalesce(m.deactivated, false)
  AND NOT EXISTS { (a)-[:BLOCKS]-(m) }
WITH DISTINCT m.id AS id ORDER BY id
WITH collect(id) AS ids
RETURN size(ids) AS total, ids[0..$limit] AS page
"""
# Whether $a may see the user $b (their lists, counts, mutual friends, a path to them): $b
# is mirrored, not deactivated, and has not blocked $a. The one place this rule is written.
_SEES_B = "b IS NOT NULL AND NOT coalesce(b.deactivated, false) AND NOT EXISTS { (b)-[:BLOCKS]->(:User {id: $a}) }"
SEES_USER = "OPTIONAL MATCH (b:User {id: $b})\nRETURN " + _SEES_B + " AS visible"
# What the caller $a's view of the followers, following and friends lists of $b rests on
# (domain.relationships.ListsViewer, may_see_lists): SEES_USER, $b's relationship_lists setting
# (null: never changed, kith_platform.privacy.reach_of), whether $b follows $a, whether they are friends.
LISTS_VIEWER = (
    "OPTIONAL MATCH (b:User {id: $b})\nRETURN "
    + _SEES_B
    + """ AS visible,
       b.relationship_lists AS reach,
       EXISTS { (b)-[:FOLLOWS]->(:User {id: $a}) } AS follows_caller,
       EXISTS { (b)-[:FRIENDS_WITH]-(:User {id: $a}) } AS friends
"""
)
# Whether $a may see $b and, if so, the shortest chain of connections (friendships and follows,
# either direction: CONNECTED) between them, avoiding deactivated users and anyone either end has blocked or
# been blocked by (no chain when $a blocked $b). One round trip.
CONNECTION_PATH = (
    """
OPTIONAL MATCH (b:User {id: $b})
WITH b, """
    + _SEES_B
    + """ AS visible
OPTIONAL CALL (b, visible) {
  MATCH (a:User {id: $a})
  WHERE visible AND NOT EXISTS { (a)-[:BLOCKS]->(b) }
  WITH a, b, COLLECT { MATCH (a)-[:BLOCKS]-(x) RETURN x UNION MATCH (b)-[:BLOCKS]-(x) RETURN x } AS shunned
  MATCH p = shortestPath((a)-[:CONNECTED*..4]-(b))
  WHERE all(n IN nodes(p) WHERE NOT coalesce(n.deactivated, false) AND NOT n IN shunned)
  RETURN [n IN nodes(p) | n.id] AS ids
}
RETURN visible, coalesce(ids, []) AS ids
"""
)

# Erasure (identity's UserErased): steps that can each run again, tombstone first. Marking the
# tombstone takes the user's lock first, so pair changes in flight finish first, later ones see
# it, and two deliveries at once write one tombstone.
MARK_ERASED = """
OPTIONAL MATCH (u:User {id: $id})
SET u.locked_at = timestamp()
WITH count(*) AS locked
MERGE (e:ErasedUser {id: $id})
ON CREATE SET e.erased_at = $at, e.marked_at = timestamp(), e.outbox_purged = false
"""
IS_ERASED = "RETURN EXISTS { MATCH (:ErasedUser {id: $id}) } AS erased"
# Interests: the topics nobody else holds (and no community is about) go with them.
DELETE_INTERESTS = """
MATCH (:User {id: $id})-[i:INTERESTED_IN]->(t:Topic)
DELETE i
WITH DISTINCT t
WHERE NOT EXISTS { (t)--() }
DELETE t
"""
# Every other relationship of theirs, either way, a batch at a time (run until none is left):
# follows, friendships, requests, blocks, mutes, dismissals, memberships and departures, the
# notes and cadences others keep about them, tie strengths.
DELETE_RELATIONSHIPS = """
MATCH (:User {id: $id})-[r]-()
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted
"""
DELETE_USER = "MATCH (u:User {id: $id}) DETACH DELETE u"
# Interactions keyed by them (mentions of them, their reactions), a batch at a time.
DELETE_INTERACTIONS = """
MATCH (i:Interaction) WHERE i.key CONTAINS $id
WITH i LIMIT $limit
DELETE i
RETURN count(*) AS deleted
"""
# Outbox nodes: erasure scans their keys and values (bytes) for the id.
SENT_OUTBOX = "MATCH (e:SentOutboxEvent) RETURN elementId(e) AS ref, e.key AS key, e.value AS value"
PENDING_OUTBOX = "MATCH (e:OutboxEvent) RETURN e.key AS key, e.value AS value"
DELETE_OUTBOX_NODES = "MATCH (e:SentOutboxEvent) WHERE elementId(e) IN $refs DELETE e"
# Users erased here since $since (server time): their erasure runs again for a while, for what a
# write that had checked the tombstone list just before it was written added about them.
RECENTLY_ERASED = "MATCH (e:ErasedUser) WHERE e.marked_at >= $since RETURN e.id AS id"
NOT_PURGED = "MATCH (e:ErasedUser) WHERE NOT coalesce(e.outbox_purged, false) RETURN e.id AS id LIMIT $limit"
MARK_OUTBOX_PURGED = "MATCH (e:ErasedUser) WHERE e.id IN $ids SET e.outbox_purged = true"
