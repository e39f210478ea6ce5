"""Cypher of the graph's mirrors of other services' facts: identity's users (who exists, who is
deactivated, their interests, who may see their relationship lists) and the communities service's
communities and memberships."""

from kith_graph.adapters.cypher import NOT_ERASED

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
    + NOT_ERASED.format(id="$user")
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
