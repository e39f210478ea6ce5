"""Erasure (identity's UserErased): every trace of an erased person, and later the outbox rows
that still mention them."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

from kith_content.domain.ports import Erasures

log = logging.getLogger("kith.content")


@dataclass
class ErasureHandlers:
    erasures: Erasures

    async def erase_user(self, user_id: str, at: datetime) -> None:
        """Remove every trace of an erased person (see Erasures.erase_user); again on a
        redelivery, harmlessly."""
        try:
            user_id = str(uuid.UUID(user_id))
        except ValueError:
            log.error("skipping a UserErased with a malformed user id")
            return
        erased = await self.erasures.erase_user(user_id, at)
        # The log names no id: it would be one more place the person stays.
        log.info(
            "erased a user's content: %d posts, %d comments deleted, %d kept blank, %d reactions",
            erased.posts,
            erased.comments_deleted,
            erased.comments_blanked,
            erased.reactions,
        )

    async def purge_erased_outbox(self, limit: int = 100) -> int:
        """Delete the outbox rows that still mention erased users once Kafka has them."""
        return await self.erasures.purge_outbox_of_erased(limit)
