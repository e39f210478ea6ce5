-- untombstone.lua: a staff removal was reversed: remember it (a late delivery of that removal
-- then takes nothing, see tombstone.lua) and lift the post's tombstone if that removal made it,
-- so that the post can be fanned out again; one atomic step.
--
-- KEYS[1]  the post's summary hash
-- ARGV[1]  the staff removal's id
-- Returns 1 when the post is not (any more) tombstoned, 0 when another deletion holds it.
redis.call('HSET', KEYS[1], 'restored:' .. ARGV[1], 1)
local deleted = redis.call('HGET', KEYS[1], 'deleted')
if deleted == ARGV[1] then
  redis.call('HDEL', KEYS[1], 'deleted')
  return 1
end
if deleted then return 0 end
return 1
