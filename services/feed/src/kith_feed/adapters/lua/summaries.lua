-- summaries.lua: the summary hashes of a page's posts in one command (standalone Redis only:
-- the posts' keys are in many Redis Cluster slots, where RedisFeedStore reads them as a pipeline).
--
-- Why a script: a pipeline of HGETALLs costs the feed API one command to pack and one reply to
-- parse per post, in Python; the script's one reply of nested arrays is parsed in C (hiredis).
-- It only reads: one script rather than a transaction for speed, not for atomicity.
--
-- KEYS     the posts' summary keys (feed:post:{p})
-- Returns  one flat array per key: field, value, field, value, ... (empty: no such post)
local out = {}
for i, key in ipairs(KEYS) do out[i] = redis.call('HGETALL', key) end
return out
