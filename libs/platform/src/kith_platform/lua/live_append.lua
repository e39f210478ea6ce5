-- Appends one item to one person's live log (kith_platform.live.append), once per item key.
--
-- KEYS[1]  live:{<user>}        stream: the person's items, fields i (the LiveItem bytes) and
--                               p (the id of the entry before it, '0-0' for the first)
-- KEYS[2]  live:{<user>}:keys   zset: item key (a digest) -> when appended (ms), the keys seen within
--                               the retention window
-- ARGV[1]  a JSON table: key (the item's idempotency key), max_items, max_age_ms, channel (the
--          person's wake-up channel), sharded (true on a Redis Cluster: SPUBLISH, else PUBLISH)
-- ARGV[2]  the item (LiveItem bytes, binary)
-- Returns the new entry's id, or false when the key was already appended (a redelivery).
--
-- `p` chains the entries: a reader resuming after cursor c expects the first entry it reads to
-- have p == c; anything else means entries in between are gone (trimmed, expired, or lost with
-- a Redis that restarted without them) and the reader sends a resync marker.
local a = cjson.decode(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local horizon = now - a.max_age_ms

-- Keys older than the window go first, so a key seen once more after it is a new item.
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. horizon)
if redis.call('ZADD', KEYS[2], 'NX', now, a.key) == 0 then
  return false
end
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(a.max_items + 1))

local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local prev = '0-0'
if last[1] then prev = last[1][1] end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', a.max_items, '*', 'i', ARGV[2], 'p', prev)
-- XADD takes one trimming strategy: the age limit is a second, cheap step (whole nodes only).
redis.call('XTRIM', KEYS[1], 'MINID', '~', horizon)
redis.call('PEXPIRE', KEYS[1], a.max_age_ms)
redis.call('PEXPIRE', KEYS[2], a.max_age_ms)
if a.sharded then
  redis.call('SPUBLISH', a.channel, 'w')
else
  redis.call('PUBLISH', a.channel, 'w')
end
return id
