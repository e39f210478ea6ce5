"""A person's privacy settings, and what an update and a search by address must hold. Who may do
what under a setting is kith_platform.privacy, the one rule that graph and communities apply too."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import timedelta

from kith_platform.errors import InvalidArgument
from kith_platform.privacy import DEFAULT, Reach

FIND_MAX = 50  # addresses per FindPeopleByEmail
EMAIL_MAX = 254
LOOKUPS_PER_HOUR = 10
LOOKUP_WINDOW = timedelta(hours=1)
# Finding someone by address is all or nothing: the one who looks may follow nobody yet.
FIND_BY_EMAIL_CHOICES = (Reach.EVERYONE, Reach.NOBODY)


@dataclass(frozen=True)
class PrivacySettings:
    find_by_email: Reach = DEFAULT
    mentions: Reach = DEFAULT
    relationship_lists: Reach = DEFAULT
    community_invitations: Reach = DEFAULT

    def changed(self, changes: dict[str, Reach]) -> PrivacySettings:
        return replace(self, **changes)


SETTINGS = tuple(f.name for f in fields(PrivacySettings))


def validate_changes(changes: dict[str, Reach | None]) -> dict[str, Reach]:
    """The settings to change (None: leave it); at least one."""
    kept = {name: reach for name, reach in changes.items() if reach is not None}
    if not kept:
        raise InvalidArgument("settings", "set at least one setting")
    if kept.get("find_by_email", Reach.EVERYONE) not in FIND_BY_EMAIL_CHOICES:
        raise InvalidArgument("settings.find_by_email", "is REACH_EVERYONE or REACH_NOBODY")
    return kept


def addresses_to_find(emails: list[str]) -> list[str]:
    """The addresses asked, trimmed, lower-cased and without repeats; 1 to FIND_MAX."""
    wanted = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
    if not wanted:
        raise InvalidArgument("emails", "give at least one address")
    if len(wanted) > FIND_MAX:
        raise InvalidArgument("emails", f"at most {FIND_MAX} addresses")
    for address in wanted:
        local, at, domain = address.rpartition("@")
        if not at or not local or not domain or len(address) > EMAIL_MAX:
            raise InvalidArgument("emails", f"not an email address: {address[:60]!r}")
    return wanted
