"""SQL of the communities service (parameterised constants)."""


def _hidden(viewer: str, user: str) -> str:
    """True when `user` does not exist for `viewer`: their account is deactivated or erased, or
    a block stands between them (either way). Kept from other services' events (MIRROR_BLOCK,
    MIRROR_USER, and the tombstones of erased users)."""
    return f"""(EXISTS (SELECT 1 FROM mirror_users mu WHERE mu.user_id = {user} AND mu.deactivated)
    OR EXISTS (SELECT 1 FROM erased_users eu WHERE eu.user_id = {user})
    OR EXISTS (SELECT 1 FROM mirror_blocks bl WHERE bl.active
               AND ((bl.blocker_id = {viewer} AND bl.blocked_id = {user})
                    OR (bl.blocker_id = {user} AND bl.blocked_id = {viewer}))))"""


COLUMNS = (
    "id, slug, name, description, purpose, topics, visibility, owner_id, member_count, created_at, parent_id, "
    "nesting, rules, welcome_message, posting_policy, archived_at, archived_with, hold_links_below_trust_level, "
    "membership_questions, comments_from_non_members, closed_by_removal"
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
# $5: the viewer, who does not see people hidden from them.
SELECT_MEMBERS = f"""
SELECT user_id, role, joined_at FROM memberships
WHERE community_id = $1 AND ($2::timestamptz IS NULL OR (joined_at, user_id) > ($2, $3::uuid))
  AND NOT {_hidden("$5::uuid", "memberships.user_id")}
ORDER BY joined_at, user_id
LIMIT $4
"""

INSERT_JOIN_REQUEST = """
INSERT INTO join_requests (community_id, user_id, answers, questions) VALUES ($1, $2, $3, $4)
ON CONFLICT DO NOTHING RETURNING requested_at
"""
# $5: the moderator asking, who does not see requests of people hidden from them.
SELECT_JOIN_REQUESTS = f"""
SELECT user_id, answers, questions, requested_at FROM join_requests
WHERE community_id = $1 AND ($2::timestamptz IS NULL OR (requested_at, user_id) > ($2, $3::uuid))
  AND NOT {_hidden("$5::uuid", "join_requests.user_id")}
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
       c.archived_with, c.hold_links_below_trust_level, c.membership_questions, c.comments_from_non_members,
       c.closed_by_removal,
       m.role, m.joined_at
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

# An invitation counts only while its inviter exists for the invitee (_hidden): one from
# someone in a block with them, or deactivated, is not there for them (and is replaced by a
# new invitation from someone else).
INSERT_INVITATION = f"""
INSERT INTO invitations (community_id, user_id, invited_by) VALUES ($1, $2, $3)
ON CONFLICT (community_id, user_id) DO UPDATE SET invited_by = EXCLUDED.invited_by, invited_at = now()
WHERE {_hidden("invitations.user_id", "invitations.invited_by")}
RETURNING invited_at
"""
SELECT_INVITATION = f"""
SELECT 1 FROM invitations WHERE community_id = $1 AND user_id = $2
  AND NOT {_hidden("invitations.user_id", "invitations.invited_by")}
"""
DELETE_INVITATION = f"""
DELETE FROM invitations WHERE community_id = $1 AND user_id = $2
  AND NOT {_hidden("invitations.user_id", "invitations.invited_by")}
RETURNING user_id
"""
INSERT_INVITE_LINK = """
INSERT INTO invite_links (token_hash, community_id, created_by, expires_at, max_uses) VALUES ($1, $2, $3, $4, $5)
"""
# A live link, locked until the join it is presented for is decided; no row when it is
# unknown, expired or used up. Nothing is spent until SPEND_INVITE_LINK, in the same transaction.
LOCK_INVITE_LINK = """
SELECT community_id FROM invite_links
WHERE token_hash = $1 AND expires_at > now() AND uses < max_uses
FOR UPDATE
"""
SPEND_INVITE_LINK = "UPDATE invite_links SET uses = uses + 1 WHERE token_hash = $1"
SELECT_COMMUNITY_FOR_UPDATE = f"SELECT {COLUMNS} FROM communities WHERE id = $1 FOR UPDATE"

SUBCOMMUNITIES = f"SELECT {COLUMNS} FROM communities WHERE parent_id = $1 ORDER BY lower(name), id"
# The fully nested communities below one, at any depth.
_FULL_DESCENDANTS = """
WITH RECURSIVE below AS (
    SELECT id FROM communities WHERE parent_id = $1 AND nesting = 'full'
    UNION ALL
    SELECT c.id FROM communities c JOIN below ON c.parent_id = below.id WHERE c.nesting = 'full'
)
"""
OWNS_FULL_DESCENDANT = (
    _FULL_DESCENDANTS
    + """
SELECT EXISTS (SELECT 1 FROM memberships m JOIN below ON m.community_id = below.id
               WHERE m.user_id = $2 AND m.role = 'owner')
"""
)
# Leaving (or being removed or banned from) a community ends the fully nested memberships below.
CASCADE_LEAVE = (
    _FULL_DESCENDANTS
    + """
, gone AS (
    DELETE FROM memberships m USING below
    WHERE m.community_id = below.id AND m.user_id = $2
    RETURNING m.community_id
)
UPDATE communities c SET member_count = member_count - 1 FROM gone WHERE c.id = gone.community_id
RETURNING c.id
"""
)

UPDATE_COMMUNITY = """
UPDATE communities SET name = $2, description = $3, purpose = $4, welcome_message = $5, rules = $6,
       posting_policy = $7, hold_links_below_trust_level = $8, membership_questions = $9,
       comments_from_non_members = $10,
       search = setweight(to_tsvector('simple', $2), 'A')
                || setweight(to_tsvector('simple', array_to_string(topics, ' ')), 'B')
                || setweight(to_tsvector('simple', $3 || ' ' || $4), 'C')
WHERE id = $1
"""

POSTING_STATE = """
SELECT c.visibility, c.posting_policy, c.archived_at, c.hold_links_below_trust_level, c.comments_from_non_members,
       m.role, m.muted_until,
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
# $3: the staff closure archiving them (NULL when their owner, or an erasure, does).
ARCHIVE_SUBTREE = (
    _SUBTREE
    + """
UPDATE communities SET archived_at = $2, archived_with = $1, archived_by_removal = $3::uuid
WHERE (id = $1 OR id IN (SELECT id FROM below)) AND archived_at IS NULL
RETURNING id
"""
)
# Reopen what was archived with $1, except what a staff closure holds: that is handed over to
# its closure (archived with the community closed, by that removal), which reopens it when
# reversed. Handed over first, then reopened.
HAND_OVER_TO_CLOSURES = """
UPDATE communities c SET archived_with = s.community_id, archived_by_removal = s.removal_id
FROM staff_closures s
WHERE c.archived_with = $1 AND s.removal_id = c.closed_by_removal
"""
UNARCHIVE = """
UPDATE communities SET archived_at = NULL, archived_with = NULL
WHERE archived_with = $1 AND closed_by_removal IS NULL
RETURNING id
"""

# Closures by the platform's staff (migrations/0015_staff_closures.sql). The community ($1),
# locked, with its owner and the closure holding it now; no row when there is no such community.
LOCK_FOR_ARCHIVE = "SELECT owner_id, closed_by_removal FROM communities WHERE id = $1 FOR UPDATE"
# A closure seen for the first time ($1 removal, $2 community, $3 at); nothing when seen before.
RECORD_CLOSURE = """
INSERT INTO staff_closures (removal_id, community_id, closed_at) VALUES ($1, $2, $3)
ON CONFLICT (removal_id) DO NOTHING
RETURNING removal_id
"""
# The closure ($2) holds the community ($1) and everything below it: what nothing held, and what
# the closure holding the community held ($3, of a community above; NULL when none), which it
# takes over (reversing that one leaves them closed); communities closed below keep their own.
HOLD_SUBTREE = (
    _SUBTREE
    + """
UPDATE communities
SET closed_by_removal = $2,
    archived_with = CASE WHEN archived_by_removal = $3::uuid THEN $1 ELSE archived_with END,
    archived_by_removal = CASE WHEN archived_by_removal = $3::uuid THEN $2 ELSE archived_by_removal END
WHERE (id = $1 OR id IN (SELECT id FROM below)) AND closed_by_removal IS NOT DISTINCT FROM $3::uuid
"""
)
# A restore ($1 removal, $2 community, $3 at): the closure is over (recorded even when it was
# never applied here, so that the closure arriving later is ignored). A row with closed_at
# names the community closed until now; no row, or one without closed_at: nothing to reopen.
END_CLOSURE = """
INSERT INTO staff_closures (removal_id, community_id, restored_at) VALUES ($1, $2, $3)
ON CONFLICT (removal_id) DO UPDATE SET restored_at = EXCLUDED.restored_at
WHERE staff_closures.restored_at IS NULL
RETURNING community_id, closed_at
"""
# Where what the closure archived goes when it ends: the parent's archive, when the parent of the
# community closed ($1) is archived now (closed, or archived by its owner, since); else nowhere.
ARCHIVED_PARENT = """
SELECT p.archived_with, p.archived_by_removal, p.closed_by_removal
FROM communities c JOIN communities p ON p.id = c.parent_id
WHERE c.id = $1 AND p.archived_at IS NOT NULL
"""
# The closure ($1) ends under an archived parent: what it archived and held is the parent's now
# ($2 archived with, $3 archived by removal, $4 held by).
HAND_OVER_TO_PARENT = """
UPDATE communities SET archived_with = $2, archived_by_removal = $3
WHERE archived_by_removal = $1
"""
HAND_OVER_HOLD = "UPDATE communities SET closed_by_removal = $2 WHERE closed_by_removal = $1"
REOPEN_CLOSED = """
UPDATE communities SET archived_at = NULL, archived_with = NULL, archived_by_removal = NULL
WHERE archived_by_removal = $1
RETURNING id
"""

# People, as other services' events tell: the newest fact per pair (per user) wins by its time.
# A fact naming an erased user is ignored (erased_users); the writer first holds the people's
# erasure locks (LOCK_PEOPLE_SHARED), so an erasure in flight either sees its row or is seen.
MIRROR_BLOCK = """
INSERT INTO mirror_blocks (blocker_id, blocked_id, active, at)
SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM erased_users WHERE user_id IN ($1::uuid, $2::uuid))
ON CONFLICT (blocker_id, blocked_id) DO UPDATE SET active = EXCLUDED.active, at = EXCLUDED.at
WHERE mirror_blocks.at <= EXCLUDED.at
"""
MIRROR_USER = """
INSERT INTO mirror_users (user_id, deactivated, at)
SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM erased_users WHERE user_id = $1::uuid)
ON CONFLICT (user_id) DO UPDATE SET deactivated = EXCLUDED.deactivated, at = EXCLUDED.at
WHERE mirror_users.at <= EXCLUDED.at
"""
MIRROR_PRIVACY = """
INSERT INTO mirror_privacy (user_id, community_invitations, at)
SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM erased_users WHERE user_id = $1::uuid)
ON CONFLICT (user_id) DO UPDATE SET community_invitations = EXCLUDED.community_invitations, at = EXCLUDED.at
WHERE mirror_privacy.at <= EXCLUDED.at
"""
# NULL (no row): never changed.
COMMUNITY_INVITATIONS = "SELECT community_invitations FROM mirror_privacy WHERE user_id = $1"
# Erasure locks, one per person: an erasure holds its person's exclusively for its transaction
# (postgres_erasure.LOCK_PERSON), writes naming people hold theirs shared.
LOCK_PEOPLE_SHARED = """
SELECT pg_advisory_xact_lock_shared(hashtextextended('kith.erasure:' || u::text, 0)) FROM unnest($1::uuid[]) AS u
"""
IS_ERASED = "SELECT EXISTS (SELECT 1 FROM erased_users WHERE user_id = $1)"
HIDDEN = f"SELECT {_hidden('$1::uuid', '$2::uuid')}"
