"""SQL of the identity service (parameterised constants)."""


def in_block(viewer: str, user: str) -> str:
    """True when a block stands between `viewer` and `user`, either way (never for a NULL viewer)."""
    return (
        f"EXISTS (SELECT 1 FROM mirror_blocks bl WHERE bl.active"
        f" AND ((bl.blocker_id = {viewer} AND bl.blocked_id = {user})"
        f" OR (bl.blocker_id = {user} AND bl.blocked_id = {viewer})))"
    )


INSERT_USER = """
INSERT INTO users (id, handle, email, password_hash, display_name, created_at)
VALUES ($1, $2, $3, $4, $5, $6)
"""
# ImportAccounts: many accounts in one statement; a row whose handle or email is taken by then
# (a concurrent Register) is left out, and the caller looks again at what took it.
IMPORT_USERS = """
INSERT INTO users (id, handle, email, password_hash, display_name, created_at)
SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
ON CONFLICT DO NOTHING
RETURNING id
"""
# The accounts holding any of these handles or emails (lower-cased), deactivated ones included.
SELECT_TAKEN = """
SELECT id, lower(handle) AS handle, lower(email) AS email, password_hash FROM users
WHERE lower(handle) = ANY($1::text[]) OR lower(email) = ANY($2::text[])
"""
SELECT_CREDENTIALS = """
SELECT id, handle, display_name, created_at, password_hash, deactivated_at, erase_after, email,
       totp_secret IS NOT NULL AS second_factor, suspended_at, suspended_until, suspension_reason
FROM users
WHERE lower(handle) = lower($1) OR lower(email) = lower($1)
LIMIT 1
"""
SELECT_CREDENTIALS_BY_ID = """
SELECT id, handle, display_name, created_at, password_hash, deactivated_at, erase_after, email,
       totp_secret IS NOT NULL AS second_factor, suspended_at, suspended_until, suspension_reason
FROM users WHERE id = $1
"""
SELECT_ACTIVE_USER = """
SELECT id, handle, display_name, created_at FROM users WHERE id = $1 AND deactivated_at IS NULL
"""
UPDATE_PASSWORD_HASH = "UPDATE users SET password_hash = $2 WHERE id = $1"
CHANGE_PASSWORD = "UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1"

INSERT_REFRESH_TOKEN = "INSERT INTO refresh_tokens (token_hash, session_id) VALUES ($1, $2)"
# The token, its session and its user, locked: concurrent refreshes of one token serialise here.
SELECT_REFRESH_TOKEN = """
SELECT t.used_at, s.id AS session_id, s.user_id, s.expires_at, s.revoked_at, u.deactivated_at
FROM refresh_tokens t
JOIN sessions s ON s.id = t.session_id
JOIN users u ON u.id = s.user_id
WHERE t.token_hash = $1
FOR UPDATE OF t, s
"""
MARK_REFRESH_TOKEN_USED = "UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1"
EXTEND_SESSION = "UPDATE sessions SET expires_at = $2, last_refreshed_at = now() WHERE id = $1"
REVOKE_SESSION = """
UPDATE sessions SET revoked_at = now(), revoked_reason = $3
WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
RETURNING id
"""
REVOKE_USER_SESSIONS = """
UPDATE sessions SET revoked_at = now(), revoked_reason = $3
WHERE user_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $2
RETURNING id
"""
DEACTIVATE_USER = "UPDATE users SET deactivated_at = $2 WHERE id = $1 AND deactivated_at IS NULL"
# Reactivating also cancels a pending deletion; returns whether one was pending.
REACTIVATE_USER = """
UPDATE users u SET deactivated_at = NULL, erase_after = NULL
FROM (SELECT id, erase_after FROM users WHERE id = $1 FOR UPDATE) AS before
WHERE u.id = before.id AND u.deactivated_at IS NOT NULL
RETURNING before.erase_after IS NOT NULL AS was_pending
"""

# Account deletion and erasure (tombstones in erased_users).
SCHEDULE_DELETION = "UPDATE users SET deactivated_at = coalesce(deactivated_at, $2), erase_after = $3 WHERE id = $1"
SELECT_USER_FOR_ERASURE = "SELECT id, deactivated_at FROM users WHERE id = $1 FOR UPDATE"
IS_ERASED = "SELECT EXISTS (SELECT 1 FROM erased_users WHERE user_id = $1)"
DUE_FOR_ERASURE = "SELECT id FROM users WHERE erase_after <= $1 ORDER BY erase_after LIMIT $2"
ERASE_USER = """
WITH tokens AS (
    DELETE FROM refresh_tokens t USING sessions s WHERE t.session_id = s.id AND s.user_id = $1
), sessions_gone AS (
    DELETE FROM sessions WHERE user_id = $1
), blocks AS (
    DELETE FROM mirror_blocks WHERE blocker_id = $1 OR blocked_id = $1
), exports AS (DELETE FROM data_exports WHERE user_id = $1
), reports_about AS (DELETE FROM platform_reports WHERE target_kind = 'profile' AND target_id = $1::text
), audited AS (UPDATE staff_actions SET target_id = '' WHERE target_id = $1::text
)
DELETE FROM users WHERE id = $1
"""
INSERT_ERASED = "INSERT INTO erased_users (user_id, erased_at) VALUES ($1, $2) ON CONFLICT DO NOTHING"

PROFILE_COLUMNS = """
id, handle, display_name, avatar_url, bio, location, language, interests, profile_visibility, created_at
"""
# $2: the viewer, or NULL: none when deactivated or when a block stands between them.
SELECT_PROFILE = (
    f"SELECT {PROFILE_COLUMNS} FROM users WHERE id = $1 AND deactivated_at IS NULL"
    f" AND NOT {in_block('$2::uuid', 'users.id')}"
)
SELECT_PROFILE_FOR_UPDATE = f"SELECT {PROFILE_COLUMNS} FROM users WHERE id = $1 AND deactivated_at IS NULL FOR UPDATE"
SELECT_PROFILES = f"SELECT {PROFILE_COLUMNS} FROM users WHERE id = ANY($1::uuid[]) AND deactivated_at IS NULL"
UPDATE_PROFILE = """
UPDATE users SET display_name = $2, avatar_url = $3, bio = $4, location = $5, language = $6,
                 interests = $7, profile_visibility = $8, profile_updated_at = now()
WHERE id = $1
"""
# $1: the query, $2: 'query%' and $3: '%query%' (LIKE-escaped), $4/$5: the cursor, $6: limit,
# $7: the viewer (people in a block with them are left out).
SEARCH_PEOPLE = f"""
SELECT * FROM (
    SELECT {PROFILE_COLUMNS},
           GREATEST(similarity(lower(handle), $1), similarity(lower(display_name), $1),
                    CASE WHEN lower(handle) LIKE $2 THEN 1.0 ELSE 0.0 END)::float8 AS score
    FROM users
    WHERE deactivated_at IS NULL AND NOT {in_block("$7::uuid", "users.id")}
      AND (lower(handle) % $1 OR lower(display_name) % $1
           OR lower(handle) LIKE $3 OR lower(display_name) LIKE $3)
) AS matches
WHERE $4::float8 IS NULL OR score < $4 OR (score = $4 AND id > $5::uuid)
ORDER BY score DESC, id
LIMIT $6
"""
# $2: the viewer, or NULL (people in a block with the viewer are left out).
RESOLVE_HANDLES = f"""
SELECT id, lower(handle) AS handle FROM users
WHERE lower(handle) = ANY($1::text[]) AND deactivated_at IS NULL AND NOT {in_block("$2::uuid", "users.id")}
"""

# Blocks from the graph service's events: the newest fact per pair wins, by the event's time.
MIRROR_BLOCK = """
INSERT INTO mirror_blocks (blocker_id, blocked_id, active, at)
SELECT $1::uuid, $2::uuid, $3::boolean, $4::timestamptz
WHERE NOT EXISTS (SELECT 1 FROM erased_users WHERE user_id IN ($1::uuid, $2::uuid))
ON CONFLICT (blocker_id, blocked_id) DO UPDATE SET active = EXCLUDED.active, at = EXCLUDED.at
WHERE mirror_blocks.at <= EXCLUDED.at
"""
