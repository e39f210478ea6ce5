-- Presence: a person may hide whether they are online and when they were last seen (from
-- everyone, and then they see nobody's either: kith_messaging.domain.presence).
ALTER TABLE settings ADD COLUMN IF NOT EXISTS hide_presence BOOLEAN NOT NULL DEFAULT false;
