-- Media uploads (docs/media.md): received in chunks (objects under uploads/<id>/), processed by a
-- worker into variants (objects under media/<id>/), attached to one post. A row is the truth about
-- which files exist: the files go before it does.
-- depends: 0012_drafts
CREATE TABLE media (
    id             UUID        PRIMARY KEY,
    owner_id       UUID        NOT NULL,
    status         TEXT        NOT NULL,            -- receiving, processing, ready, failed
    size_bytes     BIGINT      NOT NULL,
    received_bytes BIGINT      NOT NULL DEFAULT 0,
    chunks         TEXT[]      NOT NULL DEFAULT '{}',  -- the chunks' keys, in order; emptied once deleted
    sha256         TEXT        NOT NULL DEFAULT '',    -- declared by the uploader: checked by processing
    alt_text       TEXT        NOT NULL DEFAULT '',
    failure        TEXT        NOT NULL DEFAULT '',
    processed      JSONB,                              -- format, size, blurhash, variants
    post_id        UUID,
    created_at     TIMESTAMPTZ NOT NULL,
    completed_at   TIMESTAMPTZ,
    processed_at   TIMESTAMPTZ,
    attached_at    TIMESTAMPTZ,
    claimed_until  TIMESTAMPTZ,                        -- a worker is processing it until then
    claims         INT         NOT NULL DEFAULT 0,
    purge          TEXT        NOT NULL DEFAULT ''     -- why it goes: 'post_deleted', 'erased'
);
CREATE INDEX media_owner ON media (owner_id);
CREATE INDEX media_post ON media (post_id) WHERE post_id IS NOT NULL;
CREATE INDEX media_processing ON media (completed_at) WHERE status = 'processing';
CREATE INDEX media_unattached ON media (created_at) WHERE post_id IS NULL;
CREATE INDEX media_purge ON media (id) WHERE purge <> '';
CREATE INDEX media_chunks_left ON media (id) WHERE status IN ('ready', 'failed') AND chunks <> '{}';
