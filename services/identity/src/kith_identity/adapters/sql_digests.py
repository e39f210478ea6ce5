"""SQL of the weekly digest mails (adapters/postgres_digests.py)."""

# Whoever may get a digest: an active account (not deactivated, suspended or being deleted) with a
# verified address.
_RECIPIENT = """
id = $1 AND email_verified_at IS NOT NULL AND deactivated_at IS NULL AND suspended_at IS NULL AND erase_after IS NULL
"""
SELECT_RECIPIENT = f"SELECT id, handle, email FROM users WHERE {_RECIPIENT}"
DIGEST_MAILED = "SELECT EXISTS (SELECT 1 FROM digest_mails WHERE user_id = $1 AND week_start = $2)"
# $1 the person, $2 the week: nothing when that week's was noted already or they are no recipient.
NOTE_DIGEST_MAIL = f"""
INSERT INTO digest_mails (user_id, week_start)
SELECT id, $2 FROM users WHERE {_RECIPIENT}
ON CONFLICT DO NOTHING
RETURNING user_id
"""
FORGET_OLD_DIGEST_MAILS = (
    "DELETE FROM digest_mails WHERE user_id = $1 AND week_start < $2::timestamptz - interval '35 days'"
)
