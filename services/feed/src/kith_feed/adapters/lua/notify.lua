-- notify.lua: add one occurrence (an actor, at a time) to a reader's notification group, and
-- keep the reader's list of groups and unread groups within the cap. Run as an
-- IdempotentRedisScript body: once per event, atomically with the checks that may silence it
-- (the reader turned the kind off, mutes or blocks the actor, or the request it is about has
-- already ended). Every key is the reader's (one hash tag).
local KEY = {'groups', 'unread', 'group', 'actors', 'prefs', 'mutes', 'blocks', 'closed'}
--   groups, unread   zsets: group id -> latest occurrence (ms)
--   group            the group's hash: count, kind, target, community, detail
--   actors           zset of the group's actors -> their latest occurrence (ms)
--   prefs            hash: kind -> '0' when turned off
--   mutes, blocks    the reader's sets of muted and blocked people
--   closed           hash: "<kind>|<actor>" -> when that request ended (ms)
local ARG = {'group_id', 'kind', 'target', 'community', 'detail', 'actor', 'at', 'cap', 'filter',
             'actors_kept', 'closed_field'}
--   filter is '1' when blocks and mutes silence this kind; closed_field is '' for kinds that
--   are not requests.
-- Returns 0 (silenced), 1, or {1, group ids dropped over the cap...}: their own keys are not
-- this script's to touch (a script declares the keys it uses), the caller removes them with
-- notify_forget.lua.
local key, arg = {}, {}
for n, name in ipairs(KEY) do key[name] = K[n] end
for n, name in ipairs(ARG) do arg[name] = A[n] end

if redis.call('HGET', key.prefs, arg.kind) == '0' then return 0 end
local actor = arg.actor
if arg.filter == '1' and actor ~= '' and (redis.call('SISMEMBER', key.mutes, actor) == 1
    or redis.call('SISMEMBER', key.blocks, actor) == 1) then return 0 end
local at = tonumber(arg.at)
-- A request that had already ended when it arrived (its end came first, by another partition).
if arg.closed_field ~= '' and tonumber(redis.call('HGET', key.closed, arg.closed_field) or '-1') >= at then
  return 0
end
-- A group that is not listed starts afresh (keys left by one dropped earlier do not count).
if not redis.call('ZSCORE', key.groups, arg.group_id) then redis.call('DEL', key.group, key.actors) end
if actor ~= '' then
  if redis.call('ZADD', key.actors, 'NX', at, actor) == 1 then redis.call('HINCRBY', key.group, 'count', 1)
  else redis.call('ZADD', key.actors, 'GT', at, actor) end
  redis.call('ZREMRANGEBYRANK', key.actors, 0, -(tonumber(arg.actors_kept) + 1))
end
redis.call('HSET', key.group, 'kind', arg.kind, 'target', arg.target, 'community', arg.community,
  'detail', arg.detail)
redis.call('ZADD', key.groups, 'GT', at, arg.group_id)
redis.call('ZADD', key.unread, 'GT', at, arg.group_id)
local old = redis.call('ZRANGE', key.groups, 0, -(tonumber(arg.cap) + 1))
if #old == 0 then return 1 end
for _, gid in ipairs(old) do redis.call('ZREM', key.unread, gid) end
redis.call('ZREMRANGEBYRANK', key.groups, 0, #old - 1)
table.insert(old, 1, 1)
return old
