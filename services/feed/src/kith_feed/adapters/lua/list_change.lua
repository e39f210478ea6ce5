-- list_change.lua: every change of a person's lists (a list made, its settings changed, the list
-- deleted, members added or taken off), with the event that announces it pushed to the owner's
-- list outbox in the same atomic step. The caller built the event from what it read, so the
-- change is refused when that moved meanwhile (the caller reads again and builds it anew). The
-- same step keeps the owner's exclusive count: how many of their exclusive lists hold each person
-- (the home read leaves those people's posts out).
--
-- KEYS[1]  the owner's lists            hash  list id -> settings (JSON with `exclusive`)
-- KEYS[2]  the list's members           zset  member -> when added (ms)
-- KEYS[3]  the owner's exclusive count  zset  person -> how many exclusive lists hold them
-- KEYS[4]  the owner's list outbox      list  envelopes
-- ARGV[1]  JSON: {op, list_id, ...}
--            op "put":     before ('' to create), after (the settings as JSON text), max_lists
--            op "delete":  nothing more
--            op "members": added (none of them members), removed (all of them members),
--                          count_before (the members then), max_members, now_ms
-- ARGV[2]  the event's envelope
-- Returns 1 when changed, 0 when there is no such list (creating: one with that id exists),
-- -1 when it moved meanwhile, -2 when over a limit (max_lists, max_members).
local args = cjson.decode(ARGV[1])
local lists, members, exclusive, outbox = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local current = redis.call('HGET', lists, args.list_id)

local function is_exclusive(settings)
  return settings ~= false and settings ~= '' and cjson.decode(settings).exclusive == true
end

-- One person more (1) or less (-1) on the owner's exclusive lists.
local function count(person, delta)
  if tonumber(redis.call('ZINCRBY', exclusive, delta, person)) <= 0 then
    redis.call('ZREM', exclusive, person)
  end
end

local function count_all(delta)
  for _, person in ipairs(redis.call('ZRANGE', members, 0, -1)) do count(person, delta) end
end

if args.op == 'put' then
  if args.before == '' then
    if current then return 0 end
    if redis.call('HLEN', lists) >= tonumber(args.max_lists) then return -2 end
  else
    if not current then return 0 end
    if current ~= args.before then return -1 end
  end
  local was, now = is_exclusive(current), is_exclusive(args.after)
  if was ~= now then count_all(now and 1 or -1) end
  redis.call('HSET', lists, args.list_id, args.after)
elseif args.op == 'delete' then
  if not current then return 0 end
  if is_exclusive(current) then count_all(-1) end
  redis.call('DEL', members)
  redis.call('HDEL', lists, args.list_id)
elseif args.op == 'members' then
  if not current then return 0 end
  if redis.call('ZCARD', members) ~= tonumber(args.count_before) then return -1 end
  for _, person in ipairs(args.added) do
    if redis.call('ZSCORE', members, person) then return -1 end
  end
  for _, person in ipairs(args.removed) do
    if not redis.call('ZSCORE', members, person) then return -1 end
  end
  if args.count_before + #args.added - #args.removed > tonumber(args.max_members) then return -2 end
  local counted = is_exclusive(current)
  for _, person in ipairs(args.added) do
    redis.call('ZADD', members, args.now_ms, person)
    if counted then count(person, 1) end
  end
  for _, person in ipairs(args.removed) do
    redis.call('ZREM', members, person)
    if counted then count(person, -1) end
  end
else
  return redis.error_reply('unknown op ' .. tostring(args.op))
end
redis.call('RPUSH', outbox, ARGV[2])
return 1
