"""SQL of the platform's trust and safety: staff roles, reports, suspensions, appeals, the audit log."""

STAFF_ROLE = "SELECT staff_role FROM users WHERE id = $1"
USER_BY_HANDLE = "SELECT id FROM users WHERE lower(handle) = lower($1)"
SET_ROLE = """
UPDATE users SET staff_role = $2 WHERE id = $1 AND staff_role IS DISTINCT FROM $2
RETURNING id
"""
STAFF = "SELECT id, handle, staff_role FROM users WHERE staff_role IS NOT NULL ORDER BY staff_role, lower(handle)"

AUDIT = """
INSERT INTO staff_actions (staff_id, action, target_kind, target_id, reason) VALUES ($1, $2, $3, $4, $5)
"""
# Newest first; $1 staff, $2 target, $3 before this id (each optional).
ACTIONS = """
SELECT id, staff_id, action, target_kind, target_id, reason, at FROM staff_actions
WHERE ($1::uuid IS NULL OR staff_id = $1) AND ($2::text IS NULL OR target_id = $2) AND ($3::bigint IS NULL OR id < $3)
ORDER BY id DESC
LIMIT $4
"""

REPORT_COLUMNS = """
id, target_kind, target_id, reason, details, reporter_id, status, created_at, resolved_at, resolved_by, resolution_note
"""
# A second report of the same target by the same person while the first is open returns the first.
FILE_REPORT = f"""
INSERT INTO platform_reports (id, reporter_id, target_kind, target_id, reason, details) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (reporter_id, target_kind, target_id) WHERE status = 'open' DO NOTHING
RETURNING {REPORT_COLUMNS}
"""
OPEN_REPORT_OF = f"""
SELECT {REPORT_COLUMNS} FROM platform_reports
WHERE reporter_id = $1 AND target_kind = $2 AND target_id = $3 AND status = 'open'
"""
# The queue, oldest first; each filter optional; after the cursor ($4 created_at, $5 id).
REPORTS = f"""
SELECT {REPORT_COLUMNS} FROM platform_reports
WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR target_kind = $2) AND ($3::text IS NULL OR reason = $3)
  AND ($4::timestamptz IS NULL OR (created_at, id) > ($4, $5::uuid))
ORDER BY created_at, id
LIMIT $6
"""
RESOLVE_REPORT = f"""
UPDATE platform_reports SET status = $2, resolved_at = now(), resolved_by = $3, resolution_note = $4
WHERE id = $1 AND status = 'open'
RETURNING {REPORT_COLUMNS}
"""
REPORT_EXISTS = "SELECT EXISTS (SELECT 1 FROM platform_reports WHERE id = $1)"

LOCK_SUSPENSION = """
SELECT deactivated_at, suspended_at, suspended_until, suspension_reason, suspension_deactivated
FROM users WHERE id = $1
FOR UPDATE
"""
SUSPENSION = "SELECT suspended_at, suspended_until, suspension_reason FROM users WHERE id = $1"
# A new suspension deactivates an active account (and remembers it did); suspending a suspended
# account again changes its reason and end, not when it began.
SUSPEND = """
UPDATE users
SET suspension_deactivated = CASE WHEN suspended_at IS NULL THEN deactivated_at IS NULL ELSE suspension_deactivated END,
    suspended_at = coalesce(suspended_at, $2),
    suspended_until = $3,
    suspension_reason = $4,
    deactivated_at = coalesce(deactivated_at, $2)
WHERE id = $1
"""
# Lifting reactivates the account only when the suspension deactivated it.
LIFT = """
UPDATE users
SET deactivated_at = CASE WHEN suspension_deactivated THEN NULL ELSE deactivated_at END,
    suspended_at = NULL, suspended_until = NULL, suspension_reason = NULL, suspension_deactivated = false
WHERE id = $1
"""
SUSPENSIONS_OVER = "SELECT id FROM users WHERE suspended_until <= $1 ORDER BY suspended_until LIMIT $2"

# An appeal, with the removal it is against (NULL columns for an appeal against a suspension).
APPEAL_COLUMNS = """
a.id, a.user_id, a.text, a.status, a.suspension_reason, a.created_at, a.decided_at, a.decided_by, a.decision_note,
a.suspended_at, a.removal_id, r.target_kind, r.target_id, r.reason AS removal_reason, r.status AS removal_status,
r.removed_at, r.owner_id, r.restored_at
"""
_APPEALS = f"SELECT {APPEAL_COLUMNS} FROM appeals a LEFT JOIN staff_removals r ON r.id = a.removal_id"
FILE_APPEAL = """
INSERT INTO appeals (id, user_id, suspended_at, suspension_reason, text) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (user_id, suspended_at) DO NOTHING
RETURNING id
"""
APPEALS = f"""
{_APPEALS}
WHERE ($1::text IS NULL OR a.status = $1) AND ($2::timestamptz IS NULL OR (a.created_at, a.id) > ($2, $3::uuid))
ORDER BY a.created_at, a.id
LIMIT $4
"""
LOCK_APPEAL = "SELECT id, user_id, status, suspended_at, removal_id FROM appeals WHERE id = $1 FOR UPDATE"
APPEAL = f"{_APPEALS} WHERE a.id = $1"
DECIDE_APPEAL = """
UPDATE appeals SET status = $2, decided_at = now(), decided_by = $3, decision_note = $4
WHERE id = $1
"""

# A removal, with its appeal when there is one.
REMOVAL_COLUMNS = """
r.id, r.target_kind, r.target_id, r.reason, r.status, r.removed_at, r.owner_id, r.restored_at,
a.id AS appeal_id, a.status AS appeal_status
"""
_REMOVALS = f"SELECT {REMOVAL_COLUMNS} FROM staff_removals r LEFT JOIN appeals a ON a.removal_id = r.id"
# One removal in force per target: removing it again inserts nothing (REMOVAL_IN_FORCE finds it).
REMOVE = """
INSERT INTO staff_removals (id, target_kind, target_id, reason, removed_by) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (target_kind, target_id) WHERE status = 'removed' DO NOTHING
RETURNING id
"""
REMOVAL_IN_FORCE = f"{_REMOVALS} WHERE r.target_kind = $1 AND r.target_id = $2 AND r.status = 'removed'"
REMOVAL = f"{_REMOVALS} WHERE r.id = $1"
RESTORE = """
UPDATE staff_removals SET status = 'restored', restored_at = now(), restored_by = $2
WHERE id = $1 AND status = 'removed'
RETURNING target_kind, target_id
"""
# The owner is named once, by the first delivery of the event that names them; the account's
# handle and address come back for the notice.
NAME_OWNER = """
UPDATE staff_removals r SET owner_id = u.id
FROM users u
WHERE r.id = $1 AND r.owner_id IS NULL AND u.id = $2
RETURNING r.target_kind, r.reason, u.handle, u.email
"""
# The owner's removals, newest first, before the cursor ($2 removed_at, $3 id).
MY_REMOVALS = f"""
{_REMOVALS}
WHERE r.owner_id = $1 AND ($2::timestamptz IS NULL OR (r.removed_at, r.id) < ($2, $3::uuid))
ORDER BY r.removed_at DESC, r.id DESC
LIMIT $4
"""
# Only the owner appeals (NULL: not theirs, or no such removal); one appeal per removal.
FILE_REMOVAL_APPEAL = """
INSERT INTO appeals (id, user_id, removal_id, text)
SELECT $1, r.owner_id, r.id, $4 FROM staff_removals r WHERE r.id = $3 AND r.owner_id = $2
ON CONFLICT (removal_id) WHERE removal_id IS NOT NULL DO NOTHING
RETURNING id
"""
