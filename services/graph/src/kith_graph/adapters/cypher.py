"""Cypher of the graph service: parameterised constants only (relationship types come from
the fixed tuple below, never from input)."""

SCHEMA = (
    "CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE",
    "CREATE CONSTRAINT topic_name IF NOT EXISTS FOR (t:Topic) REQUIRE t.name IS UNIQUE",
    "CREATE CONSTRAINT community_id IF NOT EXISTS FOR (c:Community) REQUIRE c.id IS UNIQUE",
    "CREATE CONSTRAINT interaction_key IF NOT EXISTS FOR (i:Interaction) REQUIRE i.key IS UNIQUE",
    # An index, not a uniqueness constraint: every pair change and user write looks the id up, and
    # a constraint's lookups in a write take index-entry locks that deadlock concurrent changes.
    "CREATE INDEX erased_user_id IF NOT EXISTS FOR (e:ErasedUser) ON (e.id)",
    "CREATE INDEX erased_user_marked IF NOT EXISTS FOR (e:ErasedUser) ON (e.marked_at)",
    # Erasure finds the interaction keys that name a person (mention:<post>:<user>, reaction:<target>:<user>).
    "CREATE TEXT INDEX interaction_key_text IF NOT EXISTS FOR (i:Interaction) ON (i.key)",
)
# The tombstone list: (:ErasedUser {id}) for each erased user, the only place the id stays.
# Writes that would create a user node first check it (a late event must not bring one back).
_NOT_ERASED = "NOT EXISTS {{ MATCH (:ErasedUser {{id: {id}}}) }}"
HAS_USER = "MATCH (u:User {id: $id}) WHERE NOT coalesce(u.deactivated, false) RETURN count(u) > 0 AS present"

# Takes both users' write locks (in id order, so two transactions cannot deadlock) before
# anything is read: concurrent changes to one pair run one after the other.
LOCK_PAIR = (
    """
UNWIND $ids AS id
WITH id WHERE """
    + _NOT_ERASED.format(id="id")
    + """
MERGE (u:User {id: id})
WITH u ORDER BY u.id
SET u.locked_at = timestamp()
RETURN count(u) AS locked, collect(u.id) AS ids
"""
)
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
RETURN f IS NOT NULL AS follows, g IS NOT NULL AS followed_by
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
# Whether $a may see $b and, if so, the shortest chain of friendships and follows (either
# direction) between them, avoiding deactivated users and anyone either end has blocked or
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
  MATCH p = shortestPath((a)-[:FRIENDS_WITH|FOLLOWS*..4]-(b))
  WHERE all(n IN nodes(p) WHERE NOT coalesce(n.deactivated, false) AND NOT n IN shunned)
  RETURN [n IN nodes(p) | n.id] AS ids
}
RETURN visible, coalesce(ids, []) AS ids
"""
)

# Mirror of identity's users (from identity.users.v1).
_UNLESS_ERASED = "WITH $id AS id WHERE " + _NOT_ERASED.format(id="$id") + " "
UPSERT_USER = _UNLESS_ERASED + "MERGE (u:User {id: id})"
SET_DEACTIVATED = _UNLESS_ERASED + "MERGE (u:User {id: id}) SET u.deactivated = $deactivated"
# Interests are Topic nodes, so people with shared interests are found by traversal.
SET_INTERESTS = (
    _UNLESS_ERASED
    + """
MERGE (u:User {id: $id})
WITH u
OPTIONAL MATCH (u)-[old:INTERESTED_IN]->(:Topic)
DELETE old
WITH DISTINCT u
UNWIND $interests AS name
MERGE (t:Topic {name: name})
MERGE (u)-[:INTERESTED_IN]->(t)
"""
)

# People you may know: candidates two steps away through connections (friendships and
# follows, either way; each connection counted once however many ties it has), through
# shared topics and through shared communities; scored 3 per mutual connection, 2 per shared
# community and 1 per shared interest; never the caller, anyone already connected by the
# caller, blocked either way, muted or dismissed, or deactivated. Those left out are
# collected once, so that each candidate costs a list lookup rather than four pattern checks.
SUGGEST_PEOPLE = """
MATCH (me:User {id: $me})
WITH me, COLLECT {
  MATCH (me)-[:FRIENDS_WITH]-(x) RETURN x
  UNION
  MATCH (me)-[:FOLLOWS|BLOCKS|MUTES|DISMISSED]->(x) RETURN x
  UNION
  MATCH (me)<-[:BLOCKS]-(x) RETURN x
} + [me] AS excluded
CALL (me, excluded) {
  MATCH (me)-[:FRIENDS_WITH|FOLLOWS]-(m)
  WHERE NOT coalesce(m.deactivated, false)
  WITH DISTINCT m
  MATCH (m)-[:FRIENDS_WITH|FOLLOWS]-(c)
  WHERE NOT c IN excluded
  RETURN c, count(DISTINCT m) AS mutuals, [] AS topics, [] AS communities
  UNION ALL
  MATCH (me)-[:INTERESTED_IN]->(t:Topic)<-[:INTERESTED_IN]-(c:User)
  WHERE NOT c IN excluded
  RETURN c, 0 AS mutuals, collect(t.name) AS topics, [] AS communities
  UNION ALL
  MATCH (me)-[:MEMBER_OF]->(g:Community)<-[:MEMBER_OF]-(c:User)
  WHERE NOT c IN excluded
  RETURN c, 0 AS mutuals, [] AS topics, collect(g.name) AS communities
}
WITH c, sum(mutuals) AS mutuals, collect(topics) AS topic_lists, collect(communities) AS community_lists
WHERE NOT coalesce(c.deactivated, false)
WITH c, mutuals, reduce(all = [], l IN topic_lists | all + l) AS topics,
     reduce(all = [], l IN community_lists | all + l) AS communities
RETURN c.id AS user_id, mutuals, topics, communities,
       3.0 * mutuals + 2.0 * size(communities) + size(topics) AS score
ORDER BY score DESC, user_id
LIMIT $limit
"""

# Communities you may like: those the people the caller follows (friends included) belong
# to, and those about the caller's interests; never hidden or archived ones, ones the caller is in
# or left.
SUGGEST_COMMUNITIES = """
MATCH (me:User {id: $me})
CALL {
  WITH me
  MATCH (me)-[:FOLLOWS]->(p:User)-[:MEMBER_OF]->(c:Community)
  WHERE NOT coalesce(p.deactivated, false)
  RETURN c, count(DISTINCT p) AS people, [] AS topics
  UNION ALL
  WITH me
  MATCH (me)-[:INTERESTED_IN]->(t:Topic)<-[:ABOUT]-(c:Community)
  RETURN c, 0 AS people, collect(t.name) AS topics
}
WITH me, c, sum(people) AS people, collect(topics) AS topic_lists
WHERE coalesce(c.visibility, 'hidden') <> 'hidden' AND NOT coalesce(c.archived, false)
  AND NOT EXISTS { (me)-[:MEMBER_OF|LEFT]->(c) }
WITH c, people, reduce(all = [], l IN topic_lists | all + l) AS topics
RETURN c.id AS community_id, c.name AS name, people, topics, 2.0 * people + size(topics) AS score
ORDER BY score DESC, community_id
LIMIT $limit
"""

# Mirror of the communities service (from communities.communities.v1).
UPSERT_COMMUNITY = """
MERGE (c:Community {id: $id})
SET c.name = $name, c.slug = $slug, c.visibility = $visibility
WITH c
OPTIONAL MATCH (c)-[old:ABOUT]->(:Topic)
DELETE old
WITH DISTINCT c
UNWIND $topics AS name
MERGE (t:Topic {name: name})
MERGE (c)-[:ABOUT]->(t)
"""
SET_COMMUNITY_ARCHIVED = "MERGE (c:Community {id: $id}) SET c.archived = $archived"
JOIN_COMMUNITY = (
    "WITH $user AS id WHERE "
    + _NOT_ERASED.format(id="$user")
    + """
MERGE (u:User {id: $user})
MERGE (c:Community {id: $community})
MERGE (u)-[m:MEMBER_OF]->(c) ON CREATE SET m.at = $at
WITH u, c
OPTIONAL MATCH (u)-[l:LEFT]->(c)
DELETE l
"""
)
LEAVE_COMMUNITY = """
MATCH (u:User {id: $user}), (c:Community {id: $community})
OPTIONAL MATCH (u)-[m:MEMBER_OF]->(c)
DELETE m
MERGE (u)-[l:LEFT]->(c) SET l.at = $at
"""

# Relationship care: the caller's private (me)-[:CARES_ABOUT]->(them) properties.
# `before`: the properties as they were (what changed decides the event).
SET_CARE = """
MATCH (a:User {id: $a}), (b:User {id: $b})
MERGE (a)-[c:CARES_ABOUT]->(b)
WITH c, properties(c) AS before
SET c += $props
RETURN before
"""
_CARE_ROWS = """
MATCH (me:User {id: $me})
{source}
WITH me, o, EXISTS { (me)-[:FRIENDS_WITH]-(o) } OR EXISTS { (me)-[:FOLLOWS]->(o) } AS connected
OPTIONAL MATCH (me)-[c:CARES_ABOUT]->(o)
WITH o, connected, c,
     CASE WHEN c.every_days IS NULL THEN NULL
          ELSE coalesce(c.last_interaction_at, c.cadence_set_at) + c.every_days * 86400000 END AS due
"""
GET_CARE = (
    _CARE_ROWS.replace("{source}", "MATCH (o:User {id: $other})")
    + """
RETURN o.id AS user_id, connected, coalesce(c.note, '') AS note, coalesce(c.every_days, 0) AS every_days,
       c.last_interaction_at AS last_interaction_at, due
"""
)
# Keyset pages on (sort key, id); the sort key is the last interaction (0 = never) or the due date.
LIST_CONNECTIONS = {
    order: _CARE_ROWS.replace(
        "{source}",
        """
MATCH (me)-[:FRIENDS_WITH|FOLLOWS]-(o:User)
WHERE NOT coalesce(o.deactivated, false)
WITH DISTINCT me, o""",
    )
    + f"""
WITH o, connected, c, due, {key} AS sort_key
WHERE connected {extra}
  AND ($key IS NULL OR sort_key > $key OR (sort_key = $key AND o.id > $after))
RETURN o.id AS user_id, connected, coalesce(c.note, '') AS note, coalesce(c.every_days, 0) AS every_days,
       c.last_interaction_at AS last_interaction_at, due, sort_key
ORDER BY sort_key, user_id
LIMIT $limit
"""
    for order, key, extra in (
        ("last_interaction", "coalesce(c.last_interaction_at, 0)", ""),
        ("reach_out_due", "due", "AND due IS NOT NULL"),
    )
}

# Tie strength (domain/ties.py): one (a)-[:INTERACTS]->(b) per direction holding the decayed
# weight as of `at`. Each interaction is applied once: its key (the comment, reaction, mention
# or share it came from) is recorded as an Interaction node in the same transaction.
RECORD_INTERACTION = (
    """
WITH $key AS key WHERE """
    + _NOT_ERASED.format(id="$a")
    + " AND "
    + _NOT_ERASED.format(id="$b")
    + """
MERGE (i:Interaction {key: $key})
ON CREATE SET i.at = $at, i.fresh = true
ON MATCH SET i.fresh = false
WITH i, i.fresh AS fresh
REMOVE i.fresh
WITH fresh WHERE fresh
MERGE (a:User {id: $a})
MERGE (b:User {id: $b})
MERGE (a)-[t:INTERACTS]->(b)
ON CREATE SET t.weight = 0.0, t.at = $at, t.count = 0
WITH a, b, t,
     CASE WHEN $at >= t.at THEN t.weight * 2.0 ^ (-toFloat($at - t.at) / $half_life) + $weight
          ELSE t.weight + $weight * 2.0 ^ (-toFloat(t.at - $at) / $half_life) END AS weight
SET t.weight = weight, t.at = CASE WHEN $at > t.at THEN $at ELSE t.at END, t.count = t.count + 1
WITH a, b
MERGE (a)-[ab:CARES_ABOUT]->(b)
SET ab.last_interaction_at = CASE WHEN coalesce(ab.last_interaction_at, 0) < $at THEN $at
                                  ELSE ab.last_interaction_at END
MERGE (b)-[ba:CARES_ABOUT]->(a)
SET ba.last_interaction_at = CASE WHEN coalesce(ba.last_interaction_at, 0) < $at THEN $at
                                  ELSE ba.last_interaction_at END
"""
)
_TIES = """
MATCH (me:User {id: $me})-[t:INTERACTS]-(o:User)
WHERE {where}
WITH o, sum(t.weight * 2.0 ^ (-toFloat($now - t.at) / $half_life)) AS strength, sum(t.weight) AS strength_at_last,
     sum(t.count) AS interactions, max(t.at) AS last_at
"""
TIE = (
    _TIES.replace("{where}", "o.id = $other")
    + """
RETURN o.id AS user_id, strength, strength_at_last, interactions, last_at
"""
)
# People the caller was close to and has not been in touch with since $quiet_since: closest first.
KEEP_IN_TOUCH = (
    _TIES.replace(
        "{where}",
        """NOT coalesce(o.deactivated, false)
  AND NOT EXISTS { (me)-[:BLOCKS]-(o) } AND NOT EXISTS { (me)-[:MUTES]->(o) }""",
    )
    + """
WHERE last_at < $quiet_since AND strength_at_last >= $min_strength
RETURN o.id AS user_id, strength, strength_at_last, interactions, last_at
ORDER BY strength_at_last DESC, user_id
LIMIT $limit
"""
)

# Reach-out reminders: cadences that came due and were not announced for that due date.
DUE_REACH_OUTS = (
    """
MATCH (me:User)-[c:CARES_ABOUT]->(o:User)
WHERE c.every_days IS NOT NULL AND NOT coalesce(o.deactivated, false) AND NOT coalesce(me.deactivated, false)
  AND """
    + _NOT_ERASED.format(id="me.id")
    + " AND "
    + _NOT_ERASED.format(id="o.id")
    + """
WITH me, o, c, coalesce(c.last_interaction_at, c.cadence_set_at) + c.every_days * 86400000 AS due
WHERE due <= $now AND coalesce(c.reminded_for, -1) <> due
WITH me, o, c, due LIMIT $limit
SET c.reminded_for = due
RETURN me.id AS user_id, o.id AS other_id, c.every_days AS every_days, due
"""
)
# Keep-in-touch nudges: close ties (both directions) quiet since $quiet_since, once per quiet
# spell (remembered on the caller's side as the last interaction time nudged for).
DUE_KEEP_IN_TOUCH = (
    """
MATCH (me:User)-[t:INTERACTS]-(o:User)
WHERE NOT coalesce(o.deactivated, false) AND NOT coalesce(me.deactivated, false)
  AND """
    + _NOT_ERASED.format(id="me.id")
    + " AND "
    + _NOT_ERASED.format(id="o.id")
    + """
WITH me, o, sum(t.weight) AS strength, max(t.at) AS last_at
WHERE last_at < $quiet_since AND strength >= $min_strength
  AND NOT EXISTS { (me)-[:BLOCKS|MUTES]-(o) }
MERGE (me)-[c:CARES_ABOUT]->(o)
WITH me, o, c, strength, last_at WHERE coalesce(c.nudged_for, -1) <> last_at
WITH me, o, c, strength, last_at LIMIT $limit
SET c.nudged_for = last_at
RETURN me.id AS user_id, o.id AS other_id, strength, last_at
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
