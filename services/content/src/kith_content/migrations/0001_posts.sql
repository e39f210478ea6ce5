-- Posts of the content service.
CREATE TABLE posts (
    id          UUID PRIMARY KEY,
    author_id   UUID        NOT NULL,
    text        TEXT        NOT NULL,
    audience    TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX posts_author_created ON posts (author_id, created_at DESC);
