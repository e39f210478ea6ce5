-- mentor_match.lua: match a mentee with a mentor once, and announce it through the
-- community's mentorship outbox in the same atomic step (the stream worker relays the outbox
-- to Kafka): a match is never made without its event, nor twice.
--
-- KEYS[1]  mentee -> mentor
-- KEYS[2]  mentor -> capacity
-- KEYS[3]  mentor -> mentees matched
-- KEYS[4]  the community's outbox (list of envelopes)
-- ARGV[1]  the mentee
-- ARGV[2]  the mentor
-- ARGV[3]  the MentorMatched envelope
-- Returns {1, mentor} when matched, {0, current mentor} when the mentee has one already, and
-- {-1, ''} when the mentor is full or no longer available.
local mentee, mentor, envelope = ARGV[1], ARGV[2], ARGV[3]
local current = redis.call('HGET', KEYS[1], mentee)
if current then return {0, current} end
local capacity = redis.call('HGET', KEYS[2], mentor)
if not capacity then return {-1, ''} end
if tonumber(redis.call('HGET', KEYS[3], mentor) or '0') >= tonumber(capacity) then return {-1, ''} end
redis.call('HSET', KEYS[1], mentee, mentor)
redis.call('HINCRBY', KEYS[3], mentor, 1)
redis.call('RPUSH', KEYS[4], envelope)
return {1, mentor}
