"""Cypher of the suggestions: people you may know and communities you may like, with their reasons."""

# People you may know: candidates two steps away through connections (friendships and
# follows, either way: the CONNECTED relationship, one per connected pair), through
# shared topics and through shared communities; scored 3 per mutual connection, 2 per shared
# community and 1 per shared interest; never the caller, anyone already connected by the
# caller, blocked either way, muted or dismissed, or deactivated. Those left out are
# collected once and checked once per candidate, after the paths are counted: a well-connected
# caller has tens of thousands of two-step paths but fewer distinct people at their end, and a
# list lookup per path was most of the query's time (bench/ab_graph.sh). The best are chosen
# before their ids are read (ties in score by the node's element id, not by the user id: an id
# is a string property to read for every candidate), and shown by score, then user id.
SUGGEST_PEOPLE = """
MATCH (me:User {id: $me})
WITH me, COLLECT {
  MATCH (me)-[:FRIENDS_WITH]-(x) RETURN x
  UNION
  MATCH (me)-[:FOLLOWS|BLOCKS|MUTES|DISMISSED]->(x) RETURN x
  UNION
  MATCH (me)<-[:BLOCKS]-(x) RETURN x
} + [me] AS excluded
CALL (me) {
  MATCH (me)-[:CONNECTED]-(m)
  WHERE NOT coalesce(m.deactivated, false)
  MATCH (m)-[:CONNECTED]-(c)
  RETURN c, count(*) AS mutuals, null AS topic, null AS community
  UNION ALL
  MATCH (me)-[:INTERESTED_IN]->(t:Topic)<-[:INTERESTED_IN]-(c:User)
  RETURN c, 0 AS mutuals, t.name AS topic, null AS community
  UNION ALL
  MATCH (me)-[:MEMBER_OF]->(g:Community)<-[:MEMBER_OF]-(c:User)
  RETURN c, 0 AS mutuals, null AS topic, g.name AS community
}
WITH excluded, c, sum(mutuals) AS mutuals, collect(topic) AS topics, collect(community) AS communities
WHERE NOT c IN excluded AND NOT coalesce(c.deactivated, false)
WITH c, mutuals, topics, communities, 3.0 * mutuals + 2.0 * size(communities) + size(topics) AS score
ORDER BY score DESC, elementId(c)
LIMIT $limit
RETURN c.id AS user_id, mutuals, topics, communities, score
ORDER BY score DESC, user_id
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
