"""SQL of the communities service (parameterised constants)."""

COLUMNS = "id, slug, name, description, purpose, topics, visibility, owner_id, member_count, created_at"
INSERT_COMMUNITY = """
INSERT INTO communities (id, slug, name, description, purpose, topics, visibility, owner_id, member_count, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9)
"""
SELECT_BY_ID = f"SELECT {COLUMNS} FROM communities WHERE id = $1"
SELECT_BY_SLUG = f"SELECT {COLUMNS} FROM communities WHERE lower(slug) = lower($1)"
SELECT_ROLE = "SELECT role FROM memberships WHERE community_id = $1 AND user_id = $2"
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
