"""Cypher of relationship care and tie strength: the caller's private notes and reach-out
cadences, interactions folded into decaying ties, and the reminders that come due."""

from kith_graph.adapters.cypher import NOT_ERASED

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
# or share it came from) is recorded as an Interaction node in the same transaction. The two
# users' locks are taken first, in id order as LOCK_PAIR takes them: without them, interactions
# and pair changes of the same people deadlock on Neo4j's relationship locks.
RECORD_INTERACTION = (
    """
WITH $key AS key WHERE """
    + NOT_ERASED.format(id="$a")
    + " AND "
    + NOT_ERASED.format(id="$b")
    + """
MERGE (i:Interaction {key: $key})
ON CREATE SET i.at = $at, i.fresh = true
ON MATCH SET i.fresh = false
WITH i, i.fresh AS fresh
REMOVE i.fresh
WITH fresh WHERE fresh
UNWIND CASE WHEN $a < $b THEN [$a, $b] ELSE [$b, $a] END AS id
MERGE (u:User {id: id})
SET u.locked_at = timestamp()
WITH count(u) AS locked WHERE locked > 0
MATCH (a:User {id: $a}), (b:User {id: $b})
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


def _locked(*carried: str) -> str:
    """The due rows' users locked in id order (as LOCK_PAIR takes them) before any row is written,
    `me`, `o` and the `carried` columns kept: the reminders loop marks up to $limit rows in one
    transaction, and taking each row's locks as it came would deadlock with the pair changes and
    interactions of the same people. Whether a row is still unannounced is asked again under the
    locks (another replica's loop may have announced it meanwhile). The users are collected as
    nodes of their own: sorted after being taken out of the rows' maps, they were not locked in
    that order (test_shared_node_locks.py deadlocked)."""
    columns = ("me", "o", *carried)
    return f"""
WITH collect({{{", ".join(f"{c}: {c}" for c in columns)}}}) AS rows, collect(me) + collect(o) AS users
CALL (users) {{
  UNWIND users AS u
  WITH DISTINCT u ORDER BY u.id
  SET u.locked_at = timestamp()
}}
UNWIND rows AS row
WITH {", ".join(f"row.{c} AS {c}" for c in columns)}
"""


# Reach-out reminders: cadences that came due and were not announced for that due date.
_NOT_REMINDED = "coalesce(c.reminded_for, -1) <> due"
DUE_REACH_OUTS = (
    """
MATCH (me:User)-[c:CARES_ABOUT]->(o:User)
WHERE c.every_days IS NOT NULL AND NOT coalesce(o.deactivated, false) AND NOT coalesce(me.deactivated, false)
  AND """
    + NOT_ERASED.format(id="me.id")
    + " AND "
    + NOT_ERASED.format(id="o.id")
    + """
WITH me, o, c, coalesce(c.last_interaction_at, c.cadence_set_at) + c.every_days * 86400000 AS due
WHERE due <= $now AND """
    + _NOT_REMINDED
    + """
WITH me, o, c, due LIMIT $limit"""
    + _locked("c", "due")
    + "WHERE "
    + _NOT_REMINDED
    + """
SET c.reminded_for = due
RETURN me.id AS user_id, o.id AS other_id, c.every_days AS every_days, due
"""
)
# Keep-in-touch nudges: close ties (both directions) quiet since $quiet_since, once per quiet
# spell (remembered on the caller's side as the last interaction time nudged for).
_NOT_NUDGED = "NOT EXISTS { (me)-[c:CARES_ABOUT]->(o) WHERE c.nudged_for = last_at }"
DUE_KEEP_IN_TOUCH = (
    """
MATCH (me:User)-[t:INTERACTS]-(o:User)
WHERE NOT coalesce(o.deactivated, false) AND NOT coalesce(me.deactivated, false)
  AND """
    + NOT_ERASED.format(id="me.id")
    + " AND "
    + NOT_ERASED.format(id="o.id")
    + """
WITH me, o, sum(t.weight) AS strength, max(t.at) AS last_at
WHERE last_at < $quiet_since AND strength >= $min_strength
  AND NOT EXISTS { (me)-[:BLOCKS|MUTES]-(o) }
  AND """
    + _NOT_NUDGED
    + """
WITH me, o, strength, last_at LIMIT $limit"""
    + _locked("strength", "last_at")
    + "WHERE "
    + _NOT_NUDGED
    + """
MERGE (me)-[c:CARES_ABOUT]->(o)
SET c.nudged_for = last_at
RETURN me.id AS user_id, o.id AS other_id, strength, last_at
"""
)
