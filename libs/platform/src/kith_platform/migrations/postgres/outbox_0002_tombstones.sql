-- A tombstone of a compacted topic (a key with no value: kith_platform.events.tombstone) is an
-- outbox row with a NULL value, published to Kafka as a record with no value.
-- depends: outbox_0001_outbox
ALTER TABLE outbox ALTER COLUMN value DROP NOT NULL;
