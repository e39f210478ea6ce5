"""The weekly digest by mail (domain.digest, docs/digest.md): on the feed's DigestReady, the digest
is asked of the feed as the person sees it now and mailed once per person and week."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from kith_identity.domain.digest import DigestMailStore, DigestSource, digest_mail
from kith_identity.service_layer.security import MailLinks
from kith_platform.errors import InvalidArgument
from kith_platform.ids import parse_uuid

log = logging.getLogger("kith.identity.digest")


@dataclass
class DigestMails:
    store: DigestMailStore
    source: DigestSource
    links: MailLinks
    mail_queued: Callable[[], None]

    async def digest_ready(self, user_id: str, week_start: datetime) -> bool:
        """The digest of `week_start` is ready (DigestReady): mail it unless it was mailed already,
        the person may not get it (inactive account, unverified address), turned it off, or may
        see none of its posts any more. True when a mail was queued. Repeatable."""
        try:
            user_id = parse_uuid(user_id, "user_id")
        except InvalidArgument:
            return False  # not an id this platform hands out
        recipient = await self.store.recipient(user_id)
        if recipient is None or await self.store.mailed(user_id, week_start):
            return False
        digest = await self.source.digest(user_id)
        if digest is None:
            return False
        mail = digest_mail(recipient, digest, week_start, self.links.post, self.links.notification_settings())
        if mail is None:
            return False
        queued = await self.store.queue_once(user_id, week_start, mail)
        if queued:
            self.mail_queued()
            log.info("weekly digest of %d posts queued for mail", len(mail.params["posts"]))
        return queued
