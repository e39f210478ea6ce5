-- sort_post.lua: a community post's new scores after a vote, into its community's sorts; only
-- while the community's NEW list holds it (a deleted post, or one trimmed out of NEW, is not
-- written back), checked and written in one atomic step.
--
-- KEYS[1]  the community's NEW list; KEYS[2..4] its hot, top and controversial sets
-- ARGV     post id, hot, top, controversial
-- Returns 1 when written, 0 when NEW does not hold the post.
local post = ARGV[1]
if not redis.call('ZSCORE', KEYS[1], post) then return 0 end
for i = 2, 4 do
  redis.call('ZADD', KEYS[i], ARGV[i], post)
end
return 1
