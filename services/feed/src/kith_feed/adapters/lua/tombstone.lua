-- tombstone.lua: mark a post deleted (its summary's `deleted` field), unless the staff removal
-- that asks for it was reversed already; checked and written in one atomic step, so that a
-- removal delivered late (identity's and content's topics are not ordered with each other) can
-- never take back a post its reversal restored (untombstone.lua).
--
-- KEYS[1]  the post's summary hash
-- ARGV[1]  the tombstone's value: the staff removal's id, or "1" for any other deletion
-- ARGV[2]  "1" when it is a staff removal
-- Returns 1 when the post is (now, or already) tombstoned, 0 when the removal was reversed.
if ARGV[2] == '1' and redis.call('HEXISTS', KEYS[1], 'restored:' .. ARGV[1]) == 1 then
  return 0
end
-- The first tombstone stays: only the removal that made it can lift it.
redis.call('HSETNX', KEYS[1], 'deleted', ARGV[1])
return 1
