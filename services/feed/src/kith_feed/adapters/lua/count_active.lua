-- count_active.lua: the counts of several HyperLogLogs of one community (active members per
-- day), in one call: redis-py's cluster pipelines refuse PFCOUNT.
--
-- KEYS     the HyperLogLogs
-- Returns their counts, in order.
local counts = {}
for i, key in ipairs(KEYS) do counts[i] = redis.call('PFCOUNT', key) end
return counts
