"""What the gateway needs from outside, as small ports (adapters: kith_gateway.adapters)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from kith_gateway.domain.limits import Bucket

if TYPE_CHECKING:
    from jwt.algorithms import AllowedPublicKeys


class PublicKeys(ABC):
    """The keys identity publishes to verify access tokens with."""

    @abstractmethod
    async def fetch(self) -> dict[str, AllowedPublicKeys]:
        """Every published key by key id; UNAVAILABLE when identity cannot be asked."""


@dataclass(frozen=True)
class Admission:
    session_ended: bool
    wait_ms: int  # 0: a token was taken from every bucket


class AdmissionStore(ABC):
    """What the edge asks before it forwards a call, in one round trip."""

    @abstractmethod
    async def admit(self, session_id: str, buckets: list[Bucket]) -> Admission:
        """Whether the session (none for an anonymous call) has ended, and the longest wait any
        bucket asks for. A token is taken even from a call refused for its ended session."""


class RevokedSessions(ABC):
    """Sessions that have ended, remembered while an access token of theirs could be unexpired."""

    @abstractmethod
    async def add(self, session_ids: list[str]) -> None:
        """Idempotent (events may come again)."""


class RateLimitBuckets(ABC):
    @abstractmethod
    async def forget_users(self, user_ids: list[str]) -> None:
        """Delete the buckets named after these users (erased accounts); idempotent."""


Full = Literal["", "user", "address"]


class StreamPlaces(ABC):
    """Places for open live streams, shared by every gateway replica."""

    @abstractmethod
    async def take(self, user_id: str, address: str, per_user: int, per_address: int) -> tuple[str | None, Full]:
        """(a place held for the user and the address, "") when neither holds its limit yet, else
        (None, the one that does), holding nothing."""

    @abstractmethod
    async def give_back(self, place: str | None) -> None:
        """Free a place (None: nothing to free); never fails (a failure is retried later)."""
