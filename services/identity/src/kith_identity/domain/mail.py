"""The mail identity sends: which message (a template in kith_identity/templates/mail), to whom,
with what, for whose account."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class MailTemplate(enum.Enum):
    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"
    CONFIRM_EMAIL_CHANGE_NEW = "confirm_email_change_new"  # to the new address
    CONFIRM_EMAIL_CHANGE_OLD = "confirm_email_change_old"  # to the current one
    EMAIL_TAKEN = "email_taken"  # to a new address that belongs to another account
    EMAIL_CHANGED = "email_changed"  # to the old address, once the change is made
    PASSWORD_CHANGED = "password_changed"
    NEW_SIGN_IN = "new_sign_in"
    SECOND_FACTOR_CHANGED = "second_factor_changed"
    ACCOUNT_TO_BE_DELETED = "account_to_be_deleted"
    CONTENT_REMOVED = "content_removed"  # the platform's staff removed their post, comment, message or community
    WEEKLY_DIGEST = "weekly_digest"  # the feed's weekly digest (service_layer/digest_mail.py)


@dataclass(frozen=True)
class Mail:
    template: MailTemplate
    to: str
    params: dict[str, Any] = field(default_factory=dict)  # JSON values (a digest's posts: a list of objects)
    user_id: str | None = None  # erasure deletes the account's unsent mail


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str
