-- notify_close_request.lua: a follow or friend request ended unanswered (withdrawn, cancelled
-- or declined): its actor leaves the reader's notification group (a group left empty goes),
-- unless their entry is newer than the end (a later request). The end is remembered, for a
-- request event that arrives after it. Run as an IdempotentRedisScript body (once per event,
-- atomically); every key is the reader's.
local KEY = {'groups', 'unread', 'group', 'actors', 'closed'}
local ARG = {'group_id', 'actor', 'ended_at', 'closed_field'}
--   (as in notify.lua; ended_at in ms)
local key, arg = {}, {}
for n, name in ipairs(KEY) do key[name] = K[n] end
for n, name in ipairs(ARG) do arg[name] = A[n] end

local ended = tonumber(arg.ended_at)
if tonumber(redis.call('HGET', key.closed, arg.closed_field) or '-1') < ended then
  redis.call('HSET', key.closed, arg.closed_field, ended)
end
local since = redis.call('ZSCORE', key.actors, arg.actor)
if not since or tonumber(since) > ended then return 1 end
redis.call('ZREM', key.actors, arg.actor)
local left = redis.call('HINCRBY', key.group, 'count', -1)
if left <= 0 or redis.call('ZCARD', key.actors) == 0 then
  redis.call('DEL', key.group, key.actors)
  redis.call('ZREM', key.groups, arg.group_id)
  redis.call('ZREM', key.unread, arg.group_id)
end
return 1
