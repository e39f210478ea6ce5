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

APPEAL_COLUMNS = """
id, user_id, text, status, suspension_reason, created_at, decided_at, decided_by, decision_note, suspended_at
"""
FILE_APPEAL = """
INSERT INTO appeals (id, user_id, suspended_at, suspension_reason, text) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (user_id, suspended_at) DO NOTHING
RETURNING id
"""
APPEALS = f"""
SELECT {APPEAL_COLUMNS} FROM appeals
WHERE ($1::text IS NULL OR status = $1) AND ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3::uuid))
ORDER BY created_at, id
LIMIT $4
"""
LOCK_APPEAL = f"SELECT {APPEAL_COLUMNS} FROM appeals WHERE id = $1 FOR UPDATE"
DECIDE_APPEAL = f"""
UPDATE appeals SET status = $2, decided_at = now(), decided_by = $3, decision_note = $4
WHERE id = $1
RETURNING {APPEAL_COLUMNS}
"""
