-- newest.lua: set some fields of a post's summary from an event that carries their absolute
-- values (a vote's counts, a feature), unless an event of that kind that is newer was applied
-- already: the newest wins, so a redelivered or late event changes nothing. The check and the
-- write are one atomic step.
--
-- KEYS[1]  the post's summary hash
-- ARGV[1]  the field holding the time of the last event applied (voted_at, featured_at)
-- ARGV[2]  this event's time (ms)
-- ARGV[3..] field, value, field, value, ...
-- Returns 1 when applied to a post the feed shows, 0 otherwise: older than the last one, a
-- post deleted (a staff removal's tombstone keeps the fields for its reversal) or unknown here.
local key, at_field, at = KEYS[1], ARGV[1], tonumber(ARGV[2])
local deleted = redis.call('HGET', key, 'deleted')
local known = redis.call('HEXISTS', key, 'author_id') == 1
if deleted == '1' or (not deleted and not known) then return 0 end
local last = redis.call('HGET', key, at_field)
if last and tonumber(last) > at then return 0 end
redis.call('HSET', key, at_field, ARGV[2])
for i = 3, #ARGV, 2 do
  redis.call('HSET', key, ARGV[i], ARGV[i + 1])
end
if deleted then return 0 end
return 1
