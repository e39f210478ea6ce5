-- relate.lua: one side of a relationship or membership fact in the feed's read model, kept
-- only when no newer fact about the same pair is recorded. The stream worker (from Kafka) and
-- the feed API's mirror service (handed the events before Block, Unfollow, LeaveCommunity...
-- answer) both apply the same events, in whatever order they arrive.
--
-- KEYS[1]  the owner's facts hash (feed:facts:{owner}): field -> "<time ms>:<1|0>"
-- KEYS[2]  the owner's set the fact is about (followers, following, friends, blocks, ...)
-- ARGV[1]  the fact's field, e.g. "following:<other id>"
-- ARGV[2]  the fact's time (ms)
-- ARGV[3]  "1" when the fact holds from then on, "0" when it ended
-- ARGV[4]  the member of the set: the other side of the pair
-- ARGV[5]  another field whose fact also keeps the member in the set, or "" (a block either
--          way keeps the pair in both blocks sets)
-- Returns 1 when applied, 0 when a newer fact was already recorded.
local field, at, holds, member, also = ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1', ARGV[4], ARGV[5]

local function fact(name)
  local value = redis.call('HGET', KEYS[1], name)
  if not value then return nil, false end
  local time, state = string.match(value, '^(%d+):([01])$')
  return tonumber(time), state == '1'
end

local previous_at = fact(field)
if previous_at and previous_at > at then
  return 0
end
redis.call('HSET', KEYS[1], field, ARGV[2] .. ':' .. ARGV[3])

local keep = holds
if not keep and also ~= '' then
  local _, other_holds = fact(also)
  keep = other_holds
end
if keep then
  redis.call('SADD', KEYS[2], member)
else
  redis.call('SREM', KEYS[2], member)
end
return 1
