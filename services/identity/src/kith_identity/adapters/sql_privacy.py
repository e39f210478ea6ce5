"""SQL of privacy settings and finding people by email."""

from kith_identity.adapters.sql import PROFILE_COLUMNS, in_block

PRIVACY_COLUMNS = "find_by_email, mentions, relationship_lists, community_invitations"
SETTINGS = f"SELECT {PRIVACY_COLUMNS} FROM users WHERE id = $1"
# $2..$5: the new value of each setting, or NULL to leave it.
UPDATE_SETTINGS = f"""
UPDATE users
SET find_by_email = coalesce($2, find_by_email),
    mentions = coalesce($3, mentions),
    relationship_lists = coalesce($4, relationship_lists),
    community_invitations = coalesce($5, community_invitations)
WHERE id = $1
RETURNING {PRIVACY_COLUMNS}
"""
MENTION_SETTINGS = "SELECT id, mentions FROM users WHERE id = ANY($1::uuid[]) AND mentions IS NOT NULL"

LOG_LOOKUP = "INSERT INTO email_lookups (user_id) VALUES ($1)"
FORGET_OLD_LOOKUPS = "DELETE FROM email_lookups WHERE user_id = $1 AND at < now() - interval '1 day'"
COUNT_LOOKUPS = "SELECT count(*) FROM email_lookups WHERE user_id = $1 AND at >= $2"
# Active people with a verified address among $1 (lower-cased) who let anyone find them, outside
# any block with the viewer ($2).
FINDABLE = f"""
SELECT lower(email) AS email, {PROFILE_COLUMNS} FROM users
WHERE lower(email) = ANY($1::text[]) AND email_verified_at IS NOT NULL AND deactivated_at IS NULL
  AND find_by_email IS DISTINCT FROM 'nobody'
  AND NOT {in_block("$2::uuid", "users.id")}
"""
