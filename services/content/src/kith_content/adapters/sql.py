"""SQL of the content service (parameterised constants)."""

INSERT_POST = """
INSERT INTO posts (id, author_id, text, audience, created_at) VALUES ($1, $2, $3, $4, $5)
"""
