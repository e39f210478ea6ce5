-- enter_sorts.lua: a community post just published (or restored) goes into its community's
-- sorts, and its featured posts when it is featured; one atomic step, so that the check that
-- it is in the community's NEW list (not deleted meanwhile, not trimmed) holds for the writes.
--
-- A community's sorts hold the posts its NEW list holds (the newest `cap`): a post trimmed out
-- of NEW leaves them too, taken out together once a sort grows past `cap`.
--
-- KEYS[1]  the community's NEW list (feed:community:{c}); KEYS[2..4] its hot, top and
--          controversial sets; KEYS[5] its featured set (all in the community's slot)
-- ARGV     post id, hot, top, controversial, featured score ("" when not featured), cap
-- Scores are only added (ZADD NX): a redelivered publish never undoes the votes applied since.
-- Returns 1 when the post went in, 0 when NEW does not hold it.
local new, featured = KEYS[1], KEYS[5]
local post, featured_score, cap = ARGV[1], ARGV[5], tonumber(ARGV[6])
if not redis.call('ZSCORE', new, post) then return 0 end
for i = 2, 4 do
  redis.call('ZADD', KEYS[i], 'NX', ARGV[i], post)
  if redis.call('ZCARD', KEYS[i]) > cap then
    -- Keep only the posts NEW holds (their scores in this sort: NEW's weigh nothing).
    redis.call('ZINTERSTORE', KEYS[i], 2, KEYS[i], new, 'WEIGHTS', 1, 0)
  end
end
if featured_score ~= '' then
  redis.call('ZADD', featured, 'NX', featured_score, post)
end
return 1
