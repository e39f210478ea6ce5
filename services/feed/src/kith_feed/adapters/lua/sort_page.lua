-- sort_page.lua (reads only): the next entries of a community sort after a position, by score
-- then post id, both descending (ZREVRANGE's order), optionally only posts created since a time.
-- A keyset: the entry after (score, post id) even when that post was voted on since (its score
-- moved) or left. One script so that a page needs one round trip, and so that the time filter
-- (TOP_DAY, TOP_WEEK) runs over the whole sort without sending it over the network.
--
-- KEYS[1]  the sort's set; KEYS[2] the community's NEW list (post -> created at, ms)
-- ARGV[1]  the last score seen ("" from the top); ARGV[2] the last post id seen
-- ARGV[3]  how many entries; ARGV[4] the oldest creation time kept (ms; "" keeps every post)
-- Returns {post id, score, post id, score, ...}.
local sort, new = KEYS[1], KEYS[2]
local score, after, count, since = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]

-- Members of one score are ordered by their bytes (memcmp), as Redis orders them; Lua's string
-- comparison follows the server's locale, so it is not used.
local function lex_less(a, b)
  for i = 1, math.min(#a, #b) do
    local x, y = a:byte(i), b:byte(i)
    if x ~= y then return x < y end
  end
  return #a < #b
end

-- The rank of the first entry after the position.
local start = 0
if score ~= '' then
  local now = redis.call('ZSCORE', sort, after)
  if now and tonumber(now) == tonumber(score) then
    start = redis.call('ZREVRANK', sort, after) + 1
  else
    start = redis.call('ZCOUNT', sort, '(' .. score, '+inf')
    for _, m in ipairs(redis.call('ZREVRANGEBYSCORE', sort, score, score)) do
      if lex_less(after, m) then start = start + 1 else break end
    end
  end
end

local out, chunk = {}, math.max(count, 50)
local oldest = since ~= '' and tonumber(since) or nil
while #out < 2 * count do
  local entries = redis.call('ZREVRANGE', sort, start, start + chunk - 1, 'WITHSCORES')
  if #entries == 0 then break end
  for i = 1, #entries, 2 do
    local keep = true
    if oldest then
      local created = redis.call('ZSCORE', new, entries[i])
      keep = created ~= false and tonumber(created) >= oldest
    end
    if keep and #out < 2 * count then
      out[#out + 1] = entries[i]
      out[#out + 1] = entries[i + 1]
    end
  end
  start = start + chunk
end
return out
