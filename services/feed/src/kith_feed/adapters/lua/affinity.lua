-- affinity.lua: add one interaction's weight to a reader's affinity for an author (ranked
-- home feeds weigh authors by it). Run as an IdempotentRedisScript body, so that a redelivered
-- interaction is counted once.
--
-- K[1]     the reader's affinity zset (author id -> weight)
-- A[1]     the author id
-- A[2]     the weight to add
redis.call('ZINCRBY', K[1], tonumber(A[2]), A[1])
return 1
