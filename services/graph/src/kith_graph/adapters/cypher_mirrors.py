"""Cypher of the graph's mirrors of other services' facts: identity's users (who exists, who is
deactivated, their interests, who may see their relationship lists) and the communities service's
communities and memberships."""

from kith_graph.adapters.cypher import NOT_ERASED

# The order of locks: a write that adds or removes relationships of a node other writers share
# (a community, a topic) first takes that node's write lock, after the user's and in a fixed
# order (users, then the community, then topics by name), as LOCK_PAIR does for two users.
# Without it, concurrent writes on one node deadlock on Neo4j's own locks of its relationship
# groups (each holds one shared and asks to upgrade it) and each waits out the driver's retry,
# a second or more.

# Mirror of identity's users (from identity.users.v1).
_UNLESS_ERASED = "WITH $id AS id WHERE " + NOT_ERASED.format(id="$id") + " "
# Registrations, many in one statement (ImportAccounts hands over 500 at once).
UPSERT_USERS = "UNWIND $ids AS id\nWITH id WHERE " + NOT_ERASED.format(id="id") + "\nMERGE (u:User {id: id})"
SET_DEACTIVATED = _UNLESS_ERASED + "MERGE (u:User {id: id}) SET u.deactivated = $deactivated"
# A person's privacy setting for their followers, following and friends lists (PrivacySettingsChanged):
# `privacy_at` is when identity changed it (epoch microseconds); an older change delivered later
# (Kafka redelivers after identity's push, and may reorder) changes nothing. Gone with the node on erasure.
SET_RELATIONSHIP_LISTS = (
    _UNLESS_ERASED
    + """
MERGE (u:User {id: id})
WITH u WHERE u.privacy_at IS NULL OR u.privacy_at <= $at
SET u.relationship_lists = $reach, u.privacy_at = $at
"""
)
# The topics of `owner` (a user's INTERESTED_IN, a community's ABOUT) set to $topics: those it
# had and those it gets are locked in name order, then the relationships removed and added.
_SET_TOPICS = """
WITH {owner}, [({owner})-[:{type}]->(had:Topic) | had.name] AS had
UNWIND had + $topics AS name
WITH DISTINCT {owner}, name ORDER BY name
MERGE (t:Topic {{name: name}})
SET t.locked_at = timestamp()
WITH {owner}, count(t) AS locked
OPTIONAL MATCH ({owner})-[gone:{type}]->(t:Topic) WHERE NOT t.name IN $topics
DELETE gone
WITH DISTINCT {owner}
UNWIND $topics AS name
MATCH (t:Topic {{name: name}})
MERGE ({owner})-[:{type}]->(t)
"""
# Interests are Topic nodes, so people with shared interests are found by traversal.
SET_INTERESTS = (
    _UNLESS_ERASED
    + """
MERGE (u:User {id: $id})
SET u.locked_at = timestamp()
"""
    + _SET_TOPICS.format(owner="u", type="INTERESTED_IN")
)

# Mirror of the communities service (from communities.communities.v1).
UPSERT_COMMUNITY = """
MERGE (c:Community {id: $id})
SET c.name = $name, c.slug = $slug, c.visibility = $visibility
""" + _SET_TOPICS.format(owner="c", type="ABOUT")
SET_COMMUNITY_ARCHIVED = "MERGE (c:Community {id: $id}) SET c.archived = $archived"
# A membership change locks the user, then the community (see the order of locks above).
JOIN_COMMUNITY = (
    "WITH $user AS id WHERE "
    + NOT_ERASED.format(id="$user")
    + """
MERGE (u:User {id: $user})
SET u.locked_at = timestamp()
WITH u
MERGE (c:Community {id: $community})
SET c.locked_at = timestamp()
MERGE (u)-[m:MEMBER_OF]->(c) ON CREATE SET m.at = $at
WITH u, c
OPTIONAL MATCH (u)-[l:LEFT]->(c)
DELETE l
"""
)
LEAVE_COMMUNITY = """
MATCH (u:User {id: $user})
SET u.locked_at = timestamp()
WITH u
MATCH (c:Community {id: $community})
SET c.locked_at = timestamp()
WITH u, c
OPTIONAL MATCH (u)-[m:MEMBER_OF]->(c)
DELETE m
MERGE (u)-[l:LEFT]->(c) SET l.at = $at
"""
