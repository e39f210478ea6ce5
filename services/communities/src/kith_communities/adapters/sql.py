"""SQL of the communities service (parameterised constants)."""

COLUMNS = (
    "id, slug, name, description, purpose, topics, visibility, owner_id, member_count, created_at, parent_id, "
    "nesting, rules, welcome_message, posting_policy, archived_at, archived_with, hold_links_below_trust_level"
)
INSERT_COMMUNITY = """
INSERT INTO communities (id, slug, name, description, purpose, topics, visibility, owner_id, member_count, created_at,
                         parent_id, nesting, rules, welcome_message, posting_policy, search)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $11, $12, $13, $14,
        setweight(to_tsvector('simple', $3), 'A')
        || setweight(to_tsvector('simple', array_to_string($6::text[], ' ')), 'B')
        || setweight(to_tsvector('simple', $4 || ' ' || $5), 'C'))
"""
SELECT_BY_ID = f"SELECT {COLUMNS} FROM communities WHERE id = $1"
SELECT_BY_SLUG = f"SELECT {COLUMNS} FROM communities WHERE lower(slug) = lower($1)"
SELECT_ROLE = "SELECT role FROM memberships WHERE community_id = $1 AND user_id = $2"
SELECT_MEMBERSHIP = "SELECT role, joined_at FROM memberships WHERE community_id = $1 AND user_id = $2"
INSERT_MEMBERSHIP = """
INSERT INTO memberships (community_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)
ON CONFLICT DO NOTHING
RETURNING joined_at
"""
DELETE_MEMBERSHIP = "DELETE FROM memberships WHERE community_id = $1 AND user_id = $2 RETURNING role"
ADJUST_MEMBER_COUNT = "UPDATE communities SET member_count = member_count + $2 WHERE id = $1"
SELECT_MEMBERS = """
SELECT user_id, role, joined_at FROM memberships
WHERE community_id = $1 AND ($2::timestamptz IS NULL OR (joined_at, user_id) > ($2, $3::uuid))
ORDER BY joined_at, user_id
LIMIT $4
"""

INSERT_JOIN_REQUEST = """
INSERT INTO join_requests (community_id, user_id, answers) VALUES ($1, $2, $3)
ON CONFLICT DO NOTHING RETURNING requested_at
"""
SELECT_JOIN_REQUESTS = """
SELECT user_id, answers, requested_at FROM join_requests
WHERE community_id = $1 AND ($2::timestamptz IS NULL OR (requested_at, user_id) > ($2, $3::uuid))
ORDER BY requested_at, user_id
LIMIT $4
"""
DELETE_JOIN_REQUEST = "DELETE FROM join_requests WHERE community_id = $1 AND user_id = $2 RETURNING user_id"
# Role changes of one community run one at a time: they lock its row first.
LOCK_COMMUNITY = "SELECT id FROM communities WHERE id = $1 FOR UPDATE"
SELECT_ROLES = "SELECT user_id, role FROM memberships WHERE community_id = $1 AND user_id = ANY($2::uuid[])"
UPDATE_ROLE = "UPDATE memberships SET role = $3 WHERE community_id = $1 AND user_id = $2"
UPDATE_OWNER = "UPDATE communities SET owner_id = $2 WHERE id = $1"

DIRECTORY = f"""
SELECT {COLUMNS} FROM communities
WHERE $1 = ANY(topics) AND visibility <> 'hidden' AND archived_at IS NULL
  AND ($2::int IS NULL OR (member_count, id) < ($2, $3::uuid))
ORDER BY member_count DESC, id DESC
LIMIT $4
"""
SEARCH = f"""
SELECT * FROM (
    SELECT {COLUMNS}, ts_rank(search, websearch_to_tsquery('simple', $1))::float8 AS rank
    FROM communities
    WHERE search @@ websearch_to_tsquery('simple', $1) AND visibility <> 'hidden' AND archived_at IS NULL
) AS found
WHERE $2::float8 IS NULL OR rank < $2 OR (rank = $2 AND id > $3::uuid)
ORDER BY rank DESC, id
LIMIT $4
"""
MY_COMMUNITIES = """
SELECT c.id, c.slug, c.name, c.description, c.purpose, c.topics, c.visibility, c.owner_id, c.member_count,
       c.created_at, c.parent_id, c.nesting, c.rules, c.welcome_message, c.posting_policy, c.archived_at,
       c.archived_with, c.hold_links_below_trust_level, m.role, m.joined_at
FROM memberships m JOIN communities c ON c.id = m.community_id
WHERE m.user_id = $1 AND ($2::timestamptz IS NULL OR (m.joined_at, c.id) < ($2, $3::uuid))
ORDER BY m.joined_at DESC, c.id DESC
LIMIT $4
"""

SELECT_BAN = """
SELECT until FROM bans WHERE community_id = $1 AND user_id = $2 AND (until IS NULL OR until > now())
"""
UPSERT_BAN = """
INSERT INTO bans (community_id, user_id, until, banned_by) VALUES ($1, $2, $3, $4)
ON CONFLICT (community_id, user_id) DO UPDATE SET until = $3, banned_by = $4, banned_at = now()
"""
DELETE_BAN = """
DELETE FROM bans WHERE community_id = $1 AND user_id = $2 AND (until IS NULL OR until > now())
RETURNING user_id
"""
INSERT_LOG = """
INSERT INTO moderation_log (community_id, actor_id, action, target_user_id, reason, details)
VALUES ($1, $2, $3, $4, $5, $6)
"""
SELECT_LOG = """
SELECT id, actor_id, action, target_user_id, reason, details, at FROM moderation_log
WHERE community_id = $1 AND ($2::bigint IS NULL OR id < $2)
ORDER BY id DESC
LIMIT $3
"""

INSERT_INVITATION = """
INSERT INTO invitations (community_id, user_id, invited_by) VALUES ($1, $2, $3)
ON CONFLICT DO NOTHING RETURNING invited_at
"""
SELECT_INVITATION = "SELECT 1 FROM invitations WHERE community_id = $1 AND user_id = $2"
DELETE_INVITATION = "DELETE FROM invitations WHERE community_id = $1 AND user_id = $2 RETURNING user_id"
INSERT_INVITE_LINK = """
INSERT INTO invite_links (token_hash, community_id, created_by, expires_at, max_uses) VALUES ($1, $2, $3, $4, $5)
"""
# Takes one use of a live link, atomically; no row when it is unknown, expired or used up.
USE_INVITE_LINK = """
UPDATE invite_links SET uses = uses + 1
WHERE token_hash = $1 AND expires_at > now() AND uses < max_uses
RETURNING community_id
"""

SUBCOMMUNITIES = f"SELECT {COLUMNS} FROM communities WHERE parent_id = $1 ORDER BY lower(name), id"
# The fully nested communities below one, at any depth.
_FULL_DESCENDANTS = """
WITH RECURSIVE below AS (
    SELECT id FROM communities WHERE parent_id = $1 AND nesting = 'full'
    UNION ALL
    SELECT c.id FROM communities c JOIN below ON c.parent_id = below.id WHERE c.nesting = 'full'
)
"""
OWNS_FULL_DESCENDANT = _FULL_DESCENDANTS + """
SELECT EXISTS (SELECT 1 FROM memberships m JOIN below ON m.community_id = below.id
               WHERE m.user_id = $2 AND m.role = 'owner')
"""
# Leaving (or being removed or banned from) a community ends the fully nested memberships below.
CASCADE_LEAVE = _FULL_DESCENDANTS + """
, gone AS (
    DELETE FROM memberships m USING below
    WHERE m.community_id = below.id AND m.user_id = $2
    RETURNING m.community_id
)
UPDATE communities c SET member_count = member_count - 1 FROM gone WHERE c.id = gone.community_id
RETURNING c.id
"""

UPDATE_COMMUNITY = """
UPDATE communities SET name = $2, description = $3, purpose = $4, welcome_message = $5, rules = $6,
       posting_policy = $7, hold_links_below_trust_level = $8,
       search = setweight(to_tsvector('simple', $2), 'A')
                || setweight(to_tsvector('simple', array_to_string(topics, ' ')), 'B')
                || setweight(to_tsvector('simple', $3 || ' ' || $4), 'C')
WHERE id = $1
"""

POSTING_STATE = """
SELECT c.visibility, c.posting_policy, c.archived_at, c.hold_links_below_trust_level, m.role, m.muted_until,
       EXISTS (SELECT 1 FROM bans b WHERE b.community_id = c.id AND b.user_id = $2
               AND (b.until IS NULL OR b.until > now())) AS banned
FROM communities c LEFT JOIN memberships m ON m.community_id = c.id AND m.user_id = $2
WHERE c.id = $1
"""

ROLES_OF = "SELECT community_id, role FROM memberships WHERE user_id = $1 AND community_id = ANY($2::uuid[])"

# Every community below one, at any depth and nesting.
_SUBTREE = """
WITH RECURSIVE below AS (
    SELECT id FROM communities WHERE parent_id = $1
    UNION
    SELECT c.id FROM communities c JOIN below ON c.parent_id = below.id
)
"""
DESCENDANTS = _SUBTREE + "SELECT id FROM below"
# Members of a community who are not members of another (a would-be fully nesting parent).
COUNT_NOT_IN_PARENT = """
SELECT count(*) FROM memberships m
WHERE m.community_id = $1
  AND NOT EXISTS (SELECT 1 FROM memberships p WHERE p.community_id = $2 AND p.user_id = m.user_id)
"""
LOCK_COMMUNITIES = "SELECT id FROM communities WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE"
MOVE_COMMUNITY = "UPDATE communities SET parent_id = $2, nesting = $3 WHERE id = $1"
ARCHIVE_SUBTREE = _SUBTREE + """
UPDATE communities SET archived_at = $2, archived_with = $1
WHERE (id = $1 OR id IN (SELECT id FROM below)) AND archived_at IS NULL
RETURNING id
"""
UNARCHIVE = "UPDATE communities SET archived_at = NULL, archived_with = NULL WHERE archived_with = $1 RETURNING id"
