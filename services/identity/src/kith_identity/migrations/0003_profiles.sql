-- Profiles (on the users row) and people search by handle and display name.
-- depends: 0002_sessions_and_deactivation
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE users
    ADD COLUMN bio                TEXT   NOT NULL DEFAULT '',
    ADD COLUMN avatar_url         TEXT   NOT NULL DEFAULT '',
    ADD COLUMN location           TEXT   NOT NULL DEFAULT '',
    ADD COLUMN language           TEXT   NOT NULL DEFAULT '',
    ADD COLUMN interests          TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN profile_visibility TEXT   NOT NULL DEFAULT 'public',
    ADD COLUMN profile_updated_at TIMESTAMPTZ;

CREATE INDEX users_handle_trgm ON users USING gin (lower(handle) gin_trgm_ops);
CREATE INDEX users_display_name_trgm ON users USING gin (lower(display_name) gin_trgm_ops);
