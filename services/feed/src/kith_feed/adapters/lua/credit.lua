-- credit.lua: recognition points and counters for one event in a community: up to two members
-- credited (the one who acted and the one acted upon) and an optional first-time mark (the
-- first reply to someone, say) that credits a member once. Run as an IdempotentRedisScript
-- body, so a redelivered event credits nobody twice; every key is of one community.
local KEY = {'day_points', 'all_points', 'actor_counters', 'other_counters', 'mark_set', 'marked_counters'}
--   day_points, all_points   zsets: member -> points that day, and ever
--   actor_counters, other_counters, marked_counters   the credited members' counter hashes
--   mark_set                 the set of what has been marked already
--   (a key is a placeholder when its credit or the mark is empty)
local ARG = {'prefix', 'day', 'ttl',
             'actor', 'actor_points', 'actor_counter',
             'other', 'other_points', 'other_counter',
             'mark', 'mark_member', 'marked', 'marked_counter'}
--   a credit is (member, points, counter field): member '' for none, counter '' for no counter;
--   a mark is (set suffix, member of the set, member to credit, counter field): '' for none.
local key, arg = {}, {}
for n, name in ipairs(KEY) do key[name] = K[n] end
for n, name in ipairs(ARG) do arg[name] = A[n] end

local ttl = tonumber(arg.ttl)
local function credit(user, counters, points, field)
  if user == '' then return end
  local pts = tonumber(points)
  if pts ~= 0 then
    redis.call('ZINCRBY', key.day_points, pts, user)
    redis.call('EXPIRE', key.day_points, ttl)
    redis.call('ZINCRBY', key.all_points, pts, user)
  end
  if field ~= '' then redis.call('HINCRBY', counters, field, 1) end
end

credit(arg.actor, key.actor_counters, arg.actor_points, arg.actor_counter)
credit(arg.other, key.other_counters, arg.other_points, arg.other_counter)
if arg.mark ~= '' and redis.call('SADD', key.mark_set, arg.mark_member) == 1 then
  redis.call('HINCRBY', key.marked_counters, arg.marked_counter, 1)
end
return 1
