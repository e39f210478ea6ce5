-- Take what is due from a schedule, for one worker at a time: the members whose time (the
-- score, ms) has come are pushed to a later time in the same step, so another worker taking
-- from the schedule meanwhile does not get them; whoever took them removes them once done, and
-- if it dies first they come due again at the later time.
--
-- KEYS[1]  the schedule (zset: member -> when it is due, ms)
-- ARGV[1]  now (ms)
-- ARGV[2]  the later time the taken members move to (ms)
-- ARGV[3]  at most this many
local schedule = KEYS[1]
local now, later, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])

local due = redis.call('ZRANGEBYSCORE', schedule, '-inf', now, 'LIMIT', 0, limit)
for _, member in ipairs(due) do
  redis.call('ZADD', schedule, later, member)
end
return due
