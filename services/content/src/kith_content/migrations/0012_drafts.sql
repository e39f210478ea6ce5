-- Drafts: posts kept to publish later, by their author or on their own at publish_at (scheduled).
-- A draft is published once: the post takes the draft's id, and the transaction that writes the
-- post deletes the draft.
-- depends: 0011_comment_edits
CREATE TABLE drafts (
    id            UUID        PRIMARY KEY,
    author_id     UUID        NOT NULL,
    post          JSONB       NOT NULL,       -- the post as asked (text, audience, community, ...)
    publish_at    TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    failure       TEXT        NOT NULL DEFAULT '',
    claimed_until TIMESTAMPTZ                 -- a replica is publishing it until then
);
CREATE INDEX drafts_author ON drafts (author_id, updated_at DESC, id DESC);
CREATE INDEX drafts_due ON drafts (publish_at) WHERE publish_at IS NOT NULL AND failure = '';
