"""The weekly digest by mail (domain.digest, service_layer/digest_mail.py) on fakes: mailed once
per person and week, only when wanted, for the week announced, with what the feed says the person
may see now; rendered from its templates."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from kith_identity.adapters.mail import JinjaMailRenderer
from kith_identity.domain.digest import (
    DigestMailStore,
    DigestPost,
    DigestRecipient,
    DigestSource,
    FeedDigest,
    digest_mail,
    excerpt,
)
from kith_identity.domain.mail import Mail, MailTemplate
from kith_identity.service_layer.digest_mail import DigestMails
from kith_identity.service_layer.security import MailLinks

WEEK = datetime(2026, 11, 30, tzinfo=UTC)
LINKS = MailLinks("https://kith.example/")
POSTS = (
    DigestPost("p1", "ana", "Ana", "a <b>good</b> read", "", ("popular in a community you are in",)),
    DigestPost("p2", "bo", "", "what happened next", "spoilers", ("from someone you often interact with",)),
)


class FakeSource(DigestSource):
    def __init__(self, digest: FeedDigest | None) -> None:
        self.found = digest
        self.asked = 0

    async def digest(self, user_id: str) -> FeedDigest | None:
        self.asked += 1
        return self.found


class FakeStore(DigestMailStore):
    def __init__(self, recipient: DigestRecipient | None) -> None:
        self.who = recipient
        self.weeks: set[tuple[str, datetime]] = set()
        self.queued: list[Mail] = []

    async def recipient(self, user_id: str) -> DigestRecipient | None:
        return self.who

    async def mailed(self, user_id: str, week_start: datetime) -> bool:
        return (user_id, week_start) in self.weeks

    async def queue_once(self, user_id: str, week_start: datetime, mail: Mail) -> bool:
        if self.who is None or (user_id, week_start) in self.weeks:
            return False
        self.weeks.add((user_id, week_start))
        self.queued.append(mail)
        return True


def _mails(store: FakeStore, source: FakeSource) -> tuple[DigestMails, list[int]]:
    woken: list[int] = []
    return DigestMails(store, source, LINKS, lambda: woken.append(1)), woken


async def test_a_digest_is_mailed_once_per_week():
    user_id = str(uuid.uuid4())
    store = FakeStore(DigestRecipient(user_id, "me", "me@example.org"))
    source = FakeSource(FeedDigest(WEEK, POSTS, email=True))
    mails, woken = _mails(store, source)
    assert await mails.digest_ready(user_id, WEEK)
    assert not await mails.digest_ready(user_id, WEEK)  # redelivered: nothing more, the feed not asked
    assert source.asked == 1 and woken == [1]
    [mail] = store.queued
    assert mail.template == MailTemplate.WEEKLY_DIGEST and mail.to == "me@example.org" and mail.user_id == user_id
    assert [p["link"] for p in mail.params["posts"]] == [
        "https://kith.example/posts/p1",
        "https://kith.example/posts/p2",
    ]
    assert mail.params["settings_link"] == "https://kith.example/settings/notifications"


async def test_nothing_is_mailed_when_off_empty_stale_or_not_a_recipient():
    user_id = str(uuid.uuid4())
    me = DigestRecipient(user_id, "me", "me@example.org")
    for store, digest in (
        (FakeStore(me), FeedDigest(WEEK, POSTS, email=False)),  # turned off
        (FakeStore(me), FeedDigest(WEEK, (), email=True)),  # nothing left the person may see
        (FakeStore(me), FeedDigest(WEEK + timedelta(days=7), POSTS, email=True)),  # a newer week's
        (FakeStore(None), FeedDigest(WEEK, POSTS, email=True)),  # inactive, or unverified
    ):
        mails, woken = _mails(store, FakeSource(digest))
        assert not await mails.digest_ready(user_id, WEEK)
        assert store.queued == [] and woken == []
    mails, _ = _mails(FakeStore(me), FakeSource(None))
    assert not await mails.digest_ready(user_id, WEEK)
    assert not await mails.digest_ready("not-an-id", WEEK)


def test_the_mail_shows_warnings_not_their_text_and_escapes_html():
    mail = digest_mail(DigestRecipient("u", "me", "me@x"), FeedDigest(WEEK, POSTS, True), WEEK, LINKS.post, "s")
    assert mail is not None
    rendered = JinjaMailRenderer().render(mail.template, mail.params)
    assert rendered.subject == "Your week on Kith: 2 posts for you"
    assert "week of 30 November 2026" in rendered.text
    assert "Ana (@ana), popular in a community you are in" in rendered.text
    assert "@bo, from someone you often interact with" in rendered.text
    assert "Content warning: spoilers" in rendered.text and "what happened next" not in rendered.text
    assert "a &lt;b&gt;good&lt;/b&gt; read" in rendered.html and "<b>good</b>" not in rendered.html


def test_long_texts_are_cut_at_a_word():
    assert excerpt("a  b\n c") == "a b c"
    cut = excerpt("word " * 100, limit=22)
    assert cut == "word word word word…" and len(cut) <= 22
