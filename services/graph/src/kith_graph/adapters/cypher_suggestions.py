"""Cypher of the suggestions: people you may know and communities you may like, with their reasons."""

# People you may know: candidates two steps away through connections (friendships and
# follows, either way; each connection counted once however many ties it has), through
# shared topics and through shared communities; scored 3 per mutual connection, 2 per shared
# community and 1 per shared interest; never the caller, anyone already connected by the
# caller, blocked either way, muted or dismissed, or deactivated. Those left out are
# collected once and checked once per candidate, after the paths are counted: a well-connected
# caller has tens of thousands of two-step paths but fewer distinct people at their end, and a
# list lookup per path was most of the query's time (bench/ab_graph.sh).
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
  RETURN c, count(DISTINCT m) AS mutuals, [] AS topics, [] AS communities
  UNION ALL
  MATCH (me)-[:INTERESTED_IN]->(t:Topic)<-[:INTERESTED_IN]-(c:User)
  RETURN c, 0 AS mutuals, collect(t.name) AS topics, [] AS communities
  UNION ALL
  MATCH (me)-[:MEMBER_OF]->(g:Community)<-[:MEMBER_OF]-(c:User)
  RETURN c, 0 AS mutuals, [] AS topics, collect(g.name) AS communities
}
WITH excluded, c, sum(mutuals) AS mutuals, collect(topics) AS topic_lists, collect(communities) AS community_lists
WHERE NOT c IN excluded AND NOT coalesce(c.deactivated, false)
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
