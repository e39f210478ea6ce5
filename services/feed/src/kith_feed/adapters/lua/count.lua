-- count.lua: change a post's or comment's counters (reactions, comments, shares) for one event.
-- Run as an IdempotentRedisScript body: the event-id check and the changes are one atomic
-- script, so a redelivered event changes nothing and the counts stay exact.
--
-- K[1]     the counted hash (a post's or comment's summary)
-- A        field, delta, field, delta, ... (a counter never goes below 0)
for i = 1, #A, 2 do
  local n = redis.call('HINCRBY', K[1], A[i], tonumber(A[i + 1]))
  if n < 0 then redis.call('HSET', K[1], A[i], 0) end
end
return 1
