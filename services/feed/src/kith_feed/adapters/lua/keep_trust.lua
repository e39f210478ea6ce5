-- keep_trust.lua: store a member's new trust level, unless another worker changed it since
-- the level was computed (compare-and-set on the member's change count, atomic in one script).
--
-- KEYS[1]  the community's trust hash: member -> level
-- KEYS[2]  the community's change-count hash: member -> changes so far
-- ARGV[1]  the member
-- ARGV[2]  the change count read with the level
-- ARGV[3]  the new level
-- Returns 1 when stored, 0 when the count moved (look again).
local member, read_changes, level = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local changes = tonumber(redis.call('HGET', KEYS[2], member) or '0')
if changes ~= read_changes then return 0 end
redis.call('HSET', KEYS[1], member, level)
redis.call('HSET', KEYS[2], member, changes + 1)
return 1
