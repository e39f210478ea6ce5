-- community_metrics.lua: count one event (a post, comment, reaction or join) into its
-- community's metrics of the event's own day and week. Run as an IdempotentRedisScript body:
-- the event-id check and every counter change are one atomic script, so the counts are exact
-- under redelivery, and days come from the events' times, so order does not matter. Every key
-- is of one community (hash tag {c}), so of one Redis Cluster slot.
--
-- A comment counts towards its post's day: the caller reads the post's creation time first and
-- passes the key of that day's hash; if the time changed meanwhile (the post was recorded
-- between the read and the call) the script writes nothing and returns -1 (read again).
local KEY = {'day', 'active_day', 'active_week', 'posts', 'replied', 'first_waits', 'cohort', 'post_day'}
--   day          the event day's hash: posts, comments, reactions, new_members, depth_sum,
--                replied_posts, sentiment_sum/_n, positive, neutral, negative
--   active_day   HyperLogLog of the members active that day
--   active_week  set of the members active that week (cohort retention)
--   posts        hash: post id -> created (ms), for first replies
--   replied      set of the posts that got a comment
--   first_waits  list: seconds from a post to its first comment, by the day answered
--   cohort       set of the members who joined that week
--   post_day     the hash of the commented post's day
local ARG = {'prefix', 'day', 'week', 'actor', 'ttl', 'kind', 'post', 'created', 'depth', 'sentiment',
             'at', 'positive_from', 'negative_from', 'post_created_as_read'}
--   kind is post, comment, reaction or join; sentiment is '' when the text had none;
--   positive_from and negative_from are the sentiment thresholds; post_created_as_read is ''
--   when the commented post was not known.
local key, arg = {}, {}
for n, name in ipairs(KEY) do key[name] = K[n] end
for n, name in ipairs(ARG) do arg[name] = A[n] end

local ttl = tonumber(arg.ttl)
local function touch(k) redis.call('EXPIRE', k, ttl) end

local created = false
if arg.kind == 'comment' then
  created = redis.call('HGET', key.posts, arg.post)
  if (created or '') ~= arg.post_created_as_read then forget(); return -1 end
end
if arg.actor ~= '' and arg.kind ~= 'join' then
  redis.call('PFADD', key.active_day, arg.actor); touch(key.active_day)
  redis.call('SADD', key.active_week, arg.actor); touch(key.active_week)
end
if arg.kind == 'post' then
  redis.call('HINCRBY', key.day, 'posts', 1)
  redis.call('HSET', key.posts, arg.post, arg.created)
elseif arg.kind == 'comment' then
  redis.call('HINCRBY', key.day, 'comments', 1)
  redis.call('HINCRBY', key.day, 'depth_sum', tonumber(arg.depth))
  if created and redis.call('SADD', key.replied, arg.post) == 1 then
    redis.call('HINCRBY', key.post_day, 'replied_posts', 1); touch(key.post_day)
    local wait = math.max(0, (tonumber(arg.at) - tonumber(created)) / 1000)
    redis.call('RPUSH', key.first_waits, wait); touch(key.first_waits)
  end
elseif arg.kind == 'reaction' then
  redis.call('HINCRBY', key.day, 'reactions', 1)
elseif arg.kind == 'join' then
  redis.call('HINCRBY', key.day, 'new_members', 1)
  redis.call('SADD', key.cohort, arg.actor); touch(key.cohort)
end
if arg.sentiment ~= '' then
  local s = tonumber(arg.sentiment)
  redis.call('HINCRBYFLOAT', key.day, 'sentiment_sum', s)
  redis.call('HINCRBY', key.day, 'sentiment_n', 1)
  if s >= tonumber(arg.positive_from) then redis.call('HINCRBY', key.day, 'positive', 1)
  elseif s <= tonumber(arg.negative_from) then redis.call('HINCRBY', key.day, 'negative', 1)
  else redis.call('HINCRBY', key.day, 'neutral', 1) end
end
touch(key.day)
return 1
