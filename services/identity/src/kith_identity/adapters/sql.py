"""SQL of the identity service (parameterised constants)."""

INSERT_USER = """
INSERT INTO users (id, handle, email, password_hash, display_name, created_at)
VALUES ($1, $2, $3, $4, $5, $6)
"""
SELECT_CREDENTIALS = """
SELECT id, handle, display_name, created_at, password_hash FROM users
WHERE lower(handle) = lower($1) OR lower(email) = lower($1)
LIMIT 1
"""
SELECT_USER = "SELECT id, handle, display_name, created_at FROM users WHERE id = $1"
UPDATE_PASSWORD_HASH = "UPDATE users SET password_hash = $2 WHERE id = $1"
INSERT_SESSION = """
INSERT INTO sessions (id, user_id, refresh_token_hash, expires_at) VALUES ($1, $2, $3, $4)
"""
