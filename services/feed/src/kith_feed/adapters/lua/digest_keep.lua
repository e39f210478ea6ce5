-- digest_keep.lua: keep a person's digest of a week and put its DigestReady in their digest outbox,
-- in one atomic step, unless a digest of that week (or a later one) is kept already: one digest
-- per person and week, however many workers or BuildDigest calls build it at once.
--
-- KEYS[1]  the person's digest (hash: week -> its start, ms; digest -> the digest, JSON)
-- KEYS[2]  the person's digest outbox (list of envelopes)
-- ARGV[1]  the week's start (ms)
-- ARGV[2]  the digest (JSON)
-- ARGV[3]  the DigestReady envelope ('' for none: an empty digest announces nothing)
-- Returns 1 when kept, 0 when that week's digest was there already.
local kept = tonumber(redis.call('HGET', KEYS[1], 'week') or '-1')
if kept >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'week', ARGV[1], 'digest', ARGV[2])
if ARGV[3] ~= '' then redis.call('RPUSH', KEYS[2], ARGV[3]) end
return 1
