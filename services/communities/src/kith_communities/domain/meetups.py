"""Event rules: valid events, and how RSVPs and the waitlist behave."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kith_platform.errors import InvalidArgument
from kith_platform.validation import check_text

TITLE_MIN, TITLE_MAX, DESCRIPTION_MAX, PLACE_MAX, CAPACITY_MAX = 3, 120, 5000, 300, 100_000
LONGEST_EVENT = timedelta(days=31)


class RsvpStatus(enum.Enum):
    GOING = "going"
    MAYBE = "maybe"
    NOT_GOING = "not_going"
    WAITLISTED = "waitlisted"


@dataclass(frozen=True)
class EventDetails:
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    online_url: str
    place: str
    capacity: int


@dataclass(frozen=True)
class Event:
    event_id: str
    community_id: str
    details: EventDetails
    cancelled: bool
    going: int
    maybe: int
    waitlisted: int
    viewer_status: RsvpStatus | None = None


def _title(title: str) -> str:
    title = check_text(" ".join(title.split()), "title", max_length=TITLE_MAX)
    if len(title) < TITLE_MIN:
        raise InvalidArgument("title", f"must be {TITLE_MIN} to {TITLE_MAX} characters")
    return title


def validate_capacity(capacity: int) -> int:
    if not 0 <= capacity <= CAPACITY_MAX:
        raise InvalidArgument("capacity", f"must be between 0 (no limit) and {CAPACITY_MAX}")
    return capacity


def validate_event(
    title: str,
    description: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    time_zone: str,
    online_url: str,
    place: str,
    capacity: int,
    now: datetime,
) -> EventDetails:
    if starts_at is None:
        raise InvalidArgument("starts_at", "is required")
    if ends_at is None or ends_at <= starts_at:
        raise InvalidArgument("ends_at", "must be after starts_at")
    if ends_at - starts_at > LONGEST_EVENT:
        raise InvalidArgument("ends_at", "an event lasts at most 31 days")
    if ends_at <= now:
        raise InvalidArgument("ends_at", "must be in the future")
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidArgument("time_zone", "must be an IANA time zone such as Europe/Lisbon") from None
    online_url = check_text(online_url.strip(), "online_url", max_length=2048)
    if online_url:
        parts = urlsplit(online_url)
        if parts.scheme != "https" or not parts.netloc:
            raise InvalidArgument("online_url", "must be an https URL")
    place = check_text(place.strip(), "place", max_length=PLACE_MAX)
    if not online_url and not place:
        raise InvalidArgument("place", "give a place or an online_url")
    return EventDetails(
        title=_title(title),
        description=check_text(description.strip(), "description", max_length=DESCRIPTION_MAX, multiline=True),
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        online_url=online_url,
        place=place,
        capacity=validate_capacity(capacity),
    )


def validate_title(title: str) -> str:
    return _title(title)


def seat_for(wanted: RsvpStatus, going: int, capacity: int, already_going: bool) -> RsvpStatus:
    """What a `going` answer becomes: a seat, or the waitlist when the event is full."""
    if wanted is not RsvpStatus.GOING or already_going or capacity == 0 or going < capacity:
        return wanted
    return RsvpStatus.WAITLISTED
