-- outbox_relayed.lua: take the envelopes the relay has published out of a community's
-- mentorship outbox, each once (an equal envelope written later stays, to be relayed in turn).
--
-- KEYS[1]  the outbox (list of envelopes)
-- ARGV     the relayed envelopes
for _, value in ipairs(ARGV) do redis.call('LREM', KEYS[1], 1, value) end
return 1
