"""SQL of account security: mailed tokens, the mail throttle, the second factor, log-in challenges,
sessions with their device, and the mail outbox."""

SELECT_SECURITY_ACCOUNT = """
SELECT id, handle, email, email_verified_at IS NOT NULL AS email_verified, deactivated_at IS NOT NULL AS deactivated,
       totp_secret, totp_pending_secret, totp_last_step
FROM users WHERE id = $1
FOR UPDATE
"""
SELECT_SECURITY_ACCOUNT_BY_EMAIL = """
SELECT id, handle, email, email_verified_at IS NOT NULL AS email_verified, deactivated_at IS NOT NULL AS deactivated,
       totp_secret, totp_pending_secret, totp_last_step
FROM users WHERE lower(email) = lower($1)
FOR UPDATE
"""

INSERT_TOKEN = """
INSERT INTO account_tokens (token_hash, user_id, purpose, email, expires_at) VALUES ($1, $2, $3, $4, $5)
"""
COUNT_TOKENS_SINCE = """
SELECT count(*) FROM account_tokens WHERE user_id = $1 AND purpose = ANY($2::text[]) AND created_at >= $3
"""
SELECT_TOKEN = """
SELECT user_id, purpose, email, expires_at, used_at IS NOT NULL AS used FROM account_tokens WHERE token_hash = $1
FOR UPDATE
"""
SPEND_TOKENS = """
UPDATE account_tokens SET used_at = now() WHERE user_id = $1 AND purpose = ANY($2::text[]) AND used_at IS NULL
"""
# Whether the other side of an email change to this address was confirmed while it was valid.
TOKEN_USED = """
SELECT EXISTS (
    SELECT 1 FROM account_tokens
    WHERE user_id = $1 AND purpose = $2 AND lower(email) = lower($3) AND used_at IS NOT NULL AND used_at <= expires_at
      AND created_at > now() - interval '1 day'
)
"""
# The new address of the newest change request whose two links are both still usable.
PENDING_EMAIL = """
SELECT email FROM account_tokens
WHERE user_id = $1 AND purpose = 'change_new' AND expires_at > now()
  AND (used_at IS NULL OR EXISTS (
        SELECT 1 FROM account_tokens o WHERE o.user_id = $1 AND o.purpose = 'change_old'
          AND o.email = account_tokens.email AND o.used_at IS NULL AND o.expires_at > now()))
ORDER BY created_at DESC
LIMIT 1
"""

FORGET_OLD_MAIL_REQUESTS = "DELETE FROM mail_requests WHERE requested_at < now() - interval '1 day'"
INSERT_MAIL_REQUEST = "INSERT INTO mail_requests (email, kind) VALUES ($1, $2)"
COUNT_MAIL_REQUESTS = "SELECT count(*) FROM mail_requests WHERE email = $1 AND kind = $2 AND requested_at >= $3"

SET_EMAIL_VERIFIED = "UPDATE users SET email_verified_at = $2 WHERE id = $1"
# Fails (no row) when another account holds the address by now, case-insensitively.
CHANGE_EMAIL = """
UPDATE users SET email = $2, email_verified_at = $3
WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM users o WHERE lower(o.email) = lower($2) AND o.id <> $1)
"""

SET_TOTP = "UPDATE users SET totp_secret = $2, totp_pending_secret = $3, totp_last_step = NULL WHERE id = $1"
USE_TOTP_STEP = "UPDATE users SET totp_last_step = greatest(coalesce(totp_last_step, 0), $2) WHERE id = $1"
DELETE_RECOVERY_CODES = "DELETE FROM recovery_codes WHERE user_id = $1"
INSERT_RECOVERY_CODES = "INSERT INTO recovery_codes (user_id, code_hash) SELECT $1, unnest($2::bytea[])"
USE_RECOVERY_CODE = """
UPDATE recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL
"""
COUNT_RECOVERY_CODES_LEFT = "SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL"

INSERT_CHALLENGE = """
INSERT INTO login_challenges (token_hash, user_id, user_agent, ip_address, expires_at) VALUES ($1, $2, $3, $4, $5)
"""
SELECT_CHALLENGE = """
SELECT user_id, user_agent, ip_address, expires_at, failures, used_at IS NOT NULL AS used
FROM login_challenges WHERE token_hash = $1
FOR UPDATE
"""
CHALLENGE_FAILED = "UPDATE login_challenges SET failures = failures + 1 WHERE token_hash = $1"
CHALLENGE_USED = "UPDATE login_challenges SET used_at = now() WHERE token_hash = $1"
FORGET_OLD_CHALLENGES = "DELETE FROM login_challenges WHERE expires_at < now() - interval '1 day'"

# Whether the account had sessions before, and one from this device (user agent).
SESSION_HISTORY = """
SELECT count(*) > 0 AS had_sessions, count(*) FILTER (WHERE user_agent = $2) > 0 AS known_device
FROM sessions WHERE user_id = $1
"""
INSERT_SESSION = """
INSERT INTO sessions (id, user_id, expires_at, user_agent, ip_address) VALUES ($1, $2, $3, $4, $5)
"""
OPEN_SESSIONS = """
SELECT id, user_agent, ip_address, created_at, coalesce(last_refreshed_at, created_at) AS last_used_at
FROM sessions
WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()
ORDER BY last_used_at DESC, id
LIMIT 200
"""

# The mail outbox: the sender takes a due row (other senders skip it), sends it and deletes it.
QUEUE_MAIL = """
INSERT INTO mail_outbox (message_id, user_id, to_address, template, params) VALUES ($1, $2, $3, $4, $5::jsonb)
"""
TAKE_DUE_MAIL = """
SELECT id, message_id, to_address, template, params, attempts FROM mail_outbox
WHERE next_attempt_at <= now()
ORDER BY id
LIMIT 1
FOR UPDATE SKIP LOCKED
"""
MAIL_SENT = "DELETE FROM mail_outbox WHERE id = $1"
MAIL_FAILED = """
UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + $3::interval WHERE id = $1
"""
