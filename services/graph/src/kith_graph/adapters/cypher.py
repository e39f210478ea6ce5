"""Cypher of the graph service (parameterised constants)."""

SCHEMA = (
    "CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE",
)
HAS_USER = "MATCH (u:User {id: $id}) RETURN count(u) > 0 AS present"
# MERGE locks both nodes, so concurrent follows of one pair create one relationship;
# the random marker tells this transaction whether it was the one that created it.
FOLLOW = """
MERGE (a:User {id: $follower})
MERGE (b:User {id: $followee})
MERGE (a)-[r:FOLLOWS]->(b)
ON CREATE SET r.since = datetime($now), r.marker = $marker
RETURN r.marker = $marker AS created
"""
UNFOLLOW = """
MATCH (:User {id: $follower})-[r:FOLLOWS]->(:User {id: $followee})
DELETE r
RETURN count(r) AS removed
"""
RELATIONSHIP = """
OPTIONAL MATCH (a:User {id: $a})-[f:FOLLOWS]->(b:User {id: $b})
OPTIONAL MATCH (:User {id: $b})-[g:FOLLOWS]->(:User {id: $a})
RETURN f IS NOT NULL AS follows, g IS NOT NULL AS followed_by
"""
