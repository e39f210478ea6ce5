-- away.lua: whether a user's account is deactivated, in the feed's read model, kept only when
-- no newer fact is recorded (the stream worker and the feed API's mirror service both apply
-- identity's UserDeactivated and UserReactivated, in whatever order they arrive). Reads hide
-- the posts of authors who are away; nothing is removed, so they come back on reactivation.
--
-- KEYS[1]  the user's facts hash (feed:facts:{user}): "away" -> "<time ms>:<1|0>"
-- KEYS[2]  the user's author summary (feed:user:{user}): "away" = "1" while deactivated
-- ARGV[1]  the fact's time (ms)
-- ARGV[2]  "1" deactivated, "0" reactivated
-- Returns 1 when applied, 0 when a newer fact was already recorded.
local previous = redis.call('HGET', KEYS[1], 'away')
if previous and tonumber(string.match(previous, '^(%d+)')) > tonumber(ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[1], 'away', ARGV[1] .. ':' .. ARGV[2])
if ARGV[2] == '1' then
  redis.call('HSET', KEYS[2], 'away', '1')
else
  redis.call('HDEL', KEYS[2], 'away')
end
return 1
