"""How many live streams one user and one client address may hold open at once (per gateway
process: a client's streams all go through the gateway replica its connection reached)."""

from __future__ import annotations

from collections import Counter


class StreamLimits:
    def __init__(self, per_user: int, per_address: int) -> None:
        self.per_user = per_user
        self.per_address = per_address
        self.by_user: Counter[str] = Counter()
        self.by_address: Counter[str] = Counter()

    def acquire(self, user_id: str, address: str) -> str | None:
        """Take a place for one more stream; None when taken, else which limit refused it."""
        if self.by_user[user_id] >= self.per_user:
            return f"at most {self.per_user} live streams per user"
        if self.by_address[address] >= self.per_address:
            return f"at most {self.per_address} live streams per address"
        self.by_user[user_id] += 1
        self.by_address[address] += 1
        return None

    def release(self, user_id: str, address: str) -> None:
        for counter, key in ((self.by_user, user_id), (self.by_address, address)):
            counter[key] -= 1
            if counter[key] <= 0:
                del counter[key]
