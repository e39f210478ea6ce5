-- fan_out.lua: publish up to 500 posts into the feed's read model and into the home feeds of
-- those who should see them, in one call (standalone Redis only: it reads and writes keys of
-- many owners, so of many Redis Cluster slots, that it cannot declare up front; on a cluster
-- RedisFeedStore.fan_out_posts runs the same steps as pipelines).
--
-- Why one script: no per-follower data crosses the network, the worker sends one command per
-- call instead of five per post, and the checks (deleted first? a big author? who muted or
-- blocks the author?) see the same sets the writes go to.
--
-- For each post it
--   skips it if it was deleted first (no ghost) or is twice in the call;
--   stores its summary and adds it to its lists (author's timeline, community, hashtags; the
--     popular list when public);
--   gathers the audience: the author's followers and friends, the community's members; drops
--     those who muted or block the author and readers inactive since `inactive_before`;
--   marks big authors and big communities (their posts are merged at read time instead);
-- and at the end writes each home feed once with all its new entries and trims every list it
-- touched.
--
-- KEYS: none (see above).
-- ARGV: the settings (SETTINGS below, in that order), then each post's fields (POST below, in
-- that order), the last of which is how many list keys follow it.
-- Returns {entries written, owner, newest post id it got, owner, newest post id, ...} (what the
-- live channel's "new posts in your home feed" hints need).

local SETTINGS = {'home_cap', 'inactive_before', 'big_author_followers', 'big_community_members',
                  'list_cap', 'popular_key', 'popular_cap'}
local POST = {'id', 'author', 'score', 'mode', 'community', 'key', 'text', 'audience', 'members_only',
              'hashtags', 'shared', 'content_warning', 'media', 'hot', 'list_count'}

local settings = {}
for n, name in ipairs(SETTINGS) do settings[name] = ARGV[n] end
local cap, inactive_before = tonumber(settings.home_cap), tonumber(settings.inactive_before)
local big_authors, big_communities = tonumber(settings.big_author_followers), tonumber(settings.big_community_members)
local list_cap, popular_cap = tonumber(settings.list_cap), tonumber(settings.popular_cap)

-- The next post from ARGV position i: its named fields (with .lists) and where the next starts.
local function read_post(i)
  local post = {}
  for n, name in ipairs(POST) do post[name] = ARGV[i + n - 1] end
  local first = i + #POST
  post.lists = {}
  for j = first, first + tonumber(post.list_count) - 1 do post.lists[#post.lists + 1] = ARGV[j] end
  return post, first + tonumber(post.list_count)
end

local by_owner, owners, active, trims, done = {}, {}, {}, {}, {}
local oldest = redis.call('ZRANGE', 'feed:activity', 0, 0, 'WITHSCORES')
local anyone_inactive = oldest[2] ~= nil and tonumber(oldest[2]) < inactive_before

local function is_active(u)
  if not anyone_inactive then return true end
  local a = active[u]
  if a == nil then
    local seen = redis.call('ZSCORE', 'feed:activity', u)
    a = (not seen) or tonumber(seen) >= inactive_before
    active[u] = a
  end
  return a
end

local function add(owner, post_id, score)
  local e = by_owner[owner]
  if e == nil then e = {}; by_owner[owner] = e; owners[#owners + 1] = owner end
  e[#e + 1] = score; e[#e + 1] = post_id
end

local i = #SETTINGS + 1
while i <= #ARGV do
  local post
  post, i = read_post(i)
  local author, community, score = post.author, post.community, post.score
  if not done[post.id] and redis.call('HEXISTS', post.key, 'deleted') == 0 then
    done[post.id] = true
    redis.call('HSET', post.key, 'author_id', author, 'text', post.text, 'created_at_ms', score,
      'audience', post.audience, 'community_id', community, 'members_only', post.members_only,
      'hashtags', post.hashtags, 'shared_post_id', post.shared, 'content_warning', post.content_warning,
      'media', post.media)
    for _, list in ipairs(post.lists) do
      redis.call('ZADD', list, score, post.id)
      trims[list] = list_cap
    end
    if post.hot ~= '' then
      redis.call('ZADD', settings.popular_key, post.hot, post.id)
      trims[settings.popular_key] = popular_cap
    end
    local tag = '{' .. author .. '}'
    local rec = {}
    add(author, post.id, score)
    -- The common case (followers only: no friends, community, muters or blocks) needs no set
    -- arithmetic: each follower is written straight away.
    local simple = post.mode == 'followers' and community == ''
      and redis.call('SCARD', 'feed:friends:' .. tag) == 0 and redis.call('SCARD', 'feed:mutedby:' .. tag) == 0
      and redis.call('SCARD', 'feed:blocks:' .. tag) == 0
    local pinned = redis.call('SISMEMBER', 'feed:big-authors', author) == 1
    if simple and (pinned or redis.call('SCARD', 'feed:followers:' .. tag) > big_authors) then
      redis.call('SADD', 'feed:big-authors', author)
    elseif simple then
      for _, u in ipairs(redis.call('SMEMBERS', 'feed:followers:' .. tag)) do
        if u ~= author and is_active(u) then add(u, post.id, score) end
      end
    elseif post.mode ~= 'none' then
      if pinned or redis.call('SCARD', 'feed:followers:' .. tag) > big_authors then
        redis.call('SADD', 'feed:big-authors', author)
      else
        if post.mode == 'followers' then
          for _, u in ipairs(redis.call('SMEMBERS', 'feed:followers:' .. tag)) do rec[u] = true end
        end
        for _, u in ipairs(redis.call('SMEMBERS', 'feed:friends:' .. tag)) do rec[u] = true end
      end
    end
    if community ~= '' then
      local key = 'feed:members:{' .. community .. '}'
      if redis.call('SCARD', key) > big_communities then
        redis.call('SADD', 'feed:big-communities', community)
      else
        for _, u in ipairs(redis.call('SMEMBERS', key)) do rec[u] = true end
      end
    end
    if not simple then
      for _, u in ipairs(redis.call('SMEMBERS', 'feed:mutedby:' .. tag)) do rec[u] = nil end
      for _, u in ipairs(redis.call('SMEMBERS', 'feed:blocks:' .. tag)) do rec[u] = nil end
      rec[author] = nil
      for u in pairs(rec) do
        if is_active(u) then add(u, post.id, score) end
      end
    end
  end
end

for key, keep in pairs(trims) do
  redis.call('ZREMRANGEBYRANK', key, 0, -(keep + 1))
end

local written, reply = 0, {0}
for _, owner in ipairs(owners) do
  local key, e = 'feed:home:{' .. owner .. '}', by_owner[owner]
  local newest, newest_score = '', -1
  for j = 1, #e, 1000 do
    redis.call('ZADD', key, unpack(e, j, math.min(j + 999, #e)))
  end
  for j = 1, #e, 2 do
    if tonumber(e[j]) > newest_score then newest_score = tonumber(e[j]); newest = e[j + 1] end
  end
  written = written + #e / 2
  redis.call('ZREMRANGEBYRANK', key, 0, -(cap + 1))
  reply[#reply + 1] = owner
  reply[#reply + 1] = newest
end
reply[1] = written
return reply
