-- erase_actor.lua: an erased person leaves one reader's notification group. Others stay in
-- it (its count one less); a group left with no one goes, unless it is of a kind that names
-- nobody (moderation, event updates...: "Moderators removed your post" stays). A group whose
-- id names the person (kinds with one group per actor) goes, or for those kinds moves to an id
-- without them. Running it again changes nothing.
--
-- KEYS[1]  the reader's groups (feed:notif:{reader})       KEYS[2]  their unread groups
-- KEYS[3]  the group's hash                                  KEYS[4]  the group's actors
-- KEYS[5]  the group's hash under the id without the person (= KEYS[3] when the id does not name them)
-- KEYS[6]  the group's actors under that id
-- ARGV[1]  the group id     ARGV[2]  the erased person
-- ARGV[3]  the group id without the person ('' when the id does not name them)
-- ARGV[4]  "1" when the group's kind names nobody (kept without actors)
-- Returns 1 when the group was kept, 0 when it went.
local gid, user, renamed, names_nobody = ARGV[1], ARGV[2], ARGV[3], ARGV[4] == '1'
if redis.call('ZREM', KEYS[4], user) == 1 and redis.call('EXISTS', KEYS[3]) == 1 then
  if redis.call('HINCRBY', KEYS[3], 'count', -1) < 0 then redis.call('HSET', KEYS[3], 'count', 0) end
end
local at = redis.call('ZSCORE', KEYS[1], gid)
local unread = redis.call('ZSCORE', KEYS[2], gid)
local alone = redis.call('ZCARD', KEYS[4]) == 0
if not at or (alone and not names_nobody) or (renamed ~= '' and not names_nobody) then
  redis.call('DEL', KEYS[3], KEYS[4])
  redis.call('ZREM', KEYS[1], gid)
  redis.call('ZREM', KEYS[2], gid)
  return 0
end
if renamed ~= '' then
  if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('RENAME', KEYS[3], KEYS[5]) end
  if redis.call('EXISTS', KEYS[4]) == 1 then redis.call('RENAME', KEYS[4], KEYS[6]) end
  redis.call('ZREM', KEYS[1], gid)
  redis.call('ZADD', KEYS[1], 'GT', at, renamed)
  if unread then
    redis.call('ZREM', KEYS[2], gid)
    redis.call('ZADD', KEYS[2], 'GT', unread, renamed)
  end
end
return 1
