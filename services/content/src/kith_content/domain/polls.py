"""Polls in posts: what a new poll must hold, what a vote must hold, and who sees the results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kith_platform.errors import FailedPrecondition, InvalidArgument
from kith_platform.validation import check_text

OPTIONS_MIN, OPTIONS_MAX = 2, 10
OPTION_MAX = 100
SHORTEST, LONGEST = timedelta(minutes=5), timedelta(days=30)


@dataclass(frozen=True)
class NewPoll:
    options: tuple[str, ...]
    multiple_choice: bool = False
    closes_at: datetime | None = None


@dataclass(frozen=True)
class Poll:
    options: tuple[str, ...]
    multiple_choice: bool
    closes_at: datetime | None
    counts: tuple[int, ...]
    voters: int

    def closed(self, now: datetime) -> bool:
        return self.closes_at is not None and self.closes_at <= now


def validate_poll(new: NewPoll, now: datetime) -> NewPoll:
    options = tuple(" ".join(check_text(o, "poll.options", max_length=OPTION_MAX * 2).split()) for o in new.options)
    if not OPTIONS_MIN <= len(options) <= OPTIONS_MAX:
        raise InvalidArgument("poll.options", f"a poll has {OPTIONS_MIN} to {OPTIONS_MAX} options")
    if any(not o or len(o) > OPTION_MAX for o in options):
        raise InvalidArgument("poll.options", f"each option has 1 to {OPTION_MAX} characters")
    if len({o.casefold() for o in options}) != len(options):
        raise InvalidArgument("poll.options", "the options must all be different")
    if new.closes_at is not None and not SHORTEST <= new.closes_at - now <= LONGEST:
        raise InvalidArgument("poll.closes_at", "must be between 5 minutes and 30 days from now")
    return NewPoll(options, new.multiple_choice, new.closes_at)


def validate_choices(poll: Poll, choices: list[int], now: datetime) -> tuple[int, ...]:
    """The choices of a vote, sorted; a closed poll takes none."""
    if poll.closed(now):
        raise FailedPrecondition("post_id: the poll is closed")
    chosen = tuple(sorted(set(choices)))
    if not chosen or len(chosen) != len(choices):
        raise InvalidArgument("choices", "choose one or more options, each once")
    if not poll.multiple_choice and len(chosen) > 1:
        raise InvalidArgument("choices", "this poll takes one option")
    if any(not 0 <= c < len(poll.options) for c in chosen):
        raise InvalidArgument("choices", f"options are numbered 0 to {len(poll.options) - 1}")
    return chosen


def results_visible(poll: Poll, *, voted: bool, is_author: bool, now: datetime) -> bool:
    """The counts are shown to those who voted, to the author, and to everyone once closed."""
    return voted or is_author or poll.closed(now)
