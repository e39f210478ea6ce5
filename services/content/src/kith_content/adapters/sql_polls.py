"""SQL of polls in posts and their votes."""

INSERT_POLL = """
INSERT INTO polls (post_id, options, multiple_choice, closes_at, counts) VALUES ($1, $2, $3, $4, $5)
"""
POLLS = "SELECT post_id, options, multiple_choice, closes_at, counts, voters FROM polls WHERE post_id = ANY($1::uuid[])"
VIEWER_CHOICES = "SELECT post_id, choices FROM poll_votes WHERE user_id = $1 AND post_id = ANY($2::uuid[])"
# A vote is final: a second one inserts nothing (and the caller compares the choices).
INSERT_VOTE = """
INSERT INTO poll_votes (post_id, user_id, choices, voted_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (post_id, user_id) DO NOTHING
RETURNING post_id
"""
VOTE_OF = "SELECT choices FROM poll_votes WHERE post_id = $1 AND user_id = $2"
# One more voter, one more vote for each option chosen ($2: option indexes from 0).
COUNT_VOTE = """
UPDATE polls
SET voters = voters + 1,
    counts = ARRAY(
        SELECT c + CASE WHEN (i - 1) = ANY($2::int[]) THEN 1 ELSE 0 END
        FROM unnest(counts) WITH ORDINALITY AS t(c, i) ORDER BY i
    )
WHERE post_id = $1
"""
# Erasure: a person's answers go, and the polls they answered are counted again.
DELETE_POLL_VOTES_BY = "DELETE FROM poll_votes WHERE user_id = $1 RETURNING post_id"
RECOUNT = """
UPDATE polls p
SET voters = (SELECT count(*) FROM poll_votes v WHERE v.post_id = p.post_id),
    counts = ARRAY(
        SELECT (SELECT count(*) FROM poll_votes v WHERE v.post_id = p.post_id AND (i - 1) = ANY(v.choices))
        FROM generate_subscripts(p.options, 1) AS i ORDER BY i
    )
WHERE p.post_id = ANY($1::uuid[])
"""
