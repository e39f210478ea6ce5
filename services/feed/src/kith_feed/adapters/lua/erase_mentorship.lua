-- erase_mentorship.lua: an erased person leaves one community's mentorship: their place as a
-- mentor (their mentees are free to ask again) and as a mentee (their mentor has room again),
-- their availability and its change count. Running it again changes nothing.
--
-- KEYS[1]  mentee -> mentor (feed:m:{c}:mentor-of)      KEYS[2]  mentor -> mentees (mentee-count)
-- KEYS[3]  mentor -> capacity (mentors)                  KEYS[4]  member -> availability changes
-- ARGV[1]  the erased person
-- Returns how many mentees lost their mentor.
local user = ARGV[1]
local mentor = redis.call('HGET', KEYS[1], user)
if mentor then
  redis.call('HDEL', KEYS[1], user)
  if redis.call('HINCRBY', KEYS[2], mentor, -1) <= 0 then redis.call('HDEL', KEYS[2], mentor) end
end
local freed = 0
local pairs_ = redis.call('HGETALL', KEYS[1])
for i = 1, #pairs_, 2 do
  if pairs_[i + 1] == user then
    redis.call('HDEL', KEYS[1], pairs_[i])
    freed = freed + 1
  end
end
redis.call('HDEL', KEYS[2], user)
redis.call('HDEL', KEYS[3], user)
redis.call('HDEL', KEYS[4], user)
return freed
