"""How much each kind of interaction brings the one who acts closer to the other: the graph's
tie strength (kith_graph.domain.ties) and the feed's affinity (kith_feed.domain.model.rank) both
weigh interactions with this one table."""

WEIGHTS = {"comment": 3.0, "reply": 3.0, "mention": 2.0, "share": 2.0, "reaction": 1.0}
