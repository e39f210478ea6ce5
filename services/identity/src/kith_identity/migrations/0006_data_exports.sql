-- Data exports (RequestDataExport): a person's archive (a zip of JSON files), built by the
-- export job and kept here for 7 days. Archives are a few MB at this scale, so PostgreSQL is
-- the store (no object store to run); `archive` is stored uncompressed out of line (a zip is
-- compressed already) so that downloads read it in slices. Erasure deletes the rows.
-- depends: 0005_account_deletion
CREATE TABLE data_exports (
    id           UUID PRIMARY KEY,
    user_id      UUID        NOT NULL REFERENCES users (id),
    status       TEXT        NOT NULL CHECK (status IN ('pending', 'building', 'ready', 'failed')),
    requested_at TIMESTAMPTZ NOT NULL,
    -- The job: when the current attempt started, how many there were, when to try again.
    started_at   TIMESTAMPTZ,
    attempts     INTEGER     NOT NULL DEFAULT 0,
    retry_at     TIMESTAMPTZ,
    error        TEXT        NOT NULL DEFAULT '',
    ready_at     TIMESTAMPTZ,
    -- Deleted by the job from then on (ready: ready_at + 7 days; failed: 7 days after failing).
    expires_at   TIMESTAMPTZ,
    size_bytes   BIGINT      NOT NULL DEFAULT 0,
    sha256       TEXT        NOT NULL DEFAULT '',
    archive      BYTEA
);
ALTER TABLE data_exports ALTER COLUMN archive SET STORAGE EXTERNAL;
CREATE INDEX data_exports_user ON data_exports (user_id, requested_at DESC);
CREATE INDEX data_exports_todo ON data_exports (requested_at) WHERE status IN ('pending', 'building');
CREATE INDEX data_exports_expiry ON data_exports (expires_at) WHERE expires_at IS NOT NULL;
