-- Discovery: a directory by topic and full-text search (hidden communities are filtered
-- out by the queries).
-- depends: 0002_join_requests
ALTER TABLE communities ADD COLUMN search TSVECTOR NOT NULL DEFAULT ''::tsvector;
CREATE INDEX communities_search ON communities USING gin (search);
CREATE INDEX communities_topics ON communities USING gin (topics);
