-- notify_forget.lua: remove the keys of notification groups that notify.lua dropped over the
-- cap, unless a group was listed again meanwhile (checked and deleted in one atomic step).
--
-- KEYS[1]              the reader's groups zset
-- KEYS[2i], KEYS[2i+1] the i-th dropped group's hash and actors zset
-- ARGV[i]              the i-th dropped group's id
for i, gid in ipairs(ARGV) do
  if not redis.call('ZSCORE', KEYS[1], gid) then redis.call('DEL', KEYS[2 * i], KEYS[2 * i + 1]) end
end
return 1
