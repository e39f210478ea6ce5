-- mentor_available.lua: a member opts in as a mentor (with a capacity) or out, and the change
-- is announced through the community's mentorship outbox in the same atomic step; the
-- envelope was built for a given change number, so a change made meanwhile is refused.
--
-- KEYS[1]  mentor -> capacity
-- KEYS[2]  member -> availability changes so far
-- KEYS[3]  the community's outbox (list of envelopes)
-- ARGV[1]  the member
-- ARGV[2]  the capacity ('' to opt out)
-- ARGV[3]  the change count the envelope was built for
-- ARGV[4]  the MentorAvailabilityChanged envelope
-- Returns 1 when changed, 0 when there is nothing to change, -1 when the count moved (build
-- the envelope again).
local member, capacity, built_for, envelope = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
if (redis.call('HGET', KEYS[1], member) or '') == capacity then return 0 end
if tonumber(redis.call('HGET', KEYS[2], member) or '0') ~= built_for then return -1 end
if capacity == '' then redis.call('HDEL', KEYS[1], member) else redis.call('HSET', KEYS[1], member, capacity) end
redis.call('HINCRBY', KEYS[2], member, 1)
redis.call('RPUSH', KEYS[3], envelope)
return 1
