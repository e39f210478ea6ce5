"""Mail adapters: the mail outbox in PostgreSQL, the templates (Jinja2, text and HTML) and the
SMTP client (aiosmtplib) that hands messages to the mail server."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

import aiosmtplib
import asyncpg
import jinja2

from kith_identity.adapters import sql_security as sql
from kith_identity.domain.mail import MailTemplate, RenderedMail
from kith_identity.domain.ports import MailOutbox, MailRenderer, MailSender, QueuedMail

log = logging.getLogger("kith.identity.mail")
MAX_ATTEMPTS = 24  # with the back-off below, about a day of trying
SMTP_SECURITY = ("none", "starttls", "tls")


def retry_after(attempts: int) -> timedelta:
    """5 s after the first failure, doubling, at most an hour apart."""
    return timedelta(seconds=min(5 * 2 ** min(attempts, 20), 3600))


class PostgresMailOutbox(MailOutbox):
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def deliver_due(self, deliver: Callable[[QueuedMail], Awaitable[None]], limit: int) -> int:
        """One transaction per mail, so that a failure (of the database, of this process) undoes
        at most the one mail in hand."""
        delivered = 0
        for _ in range(limit):
            async with self.pool.acquire() as conn, conn.transaction():
                row = await conn.fetchrow(sql.TAKE_DUE_MAIL)
                if row is None:
                    break
                mail = QueuedMail(
                    row["message_id"],
                    row["to_address"],
                    MailTemplate(row["template"]),
                    json.loads(row["params"]),
                    row["attempts"],
                )
                try:
                    await deliver(mail)
                except Exception as exc:  # noqa: BLE001 - the server refused it or is down: later
                    what = f"mail {mail.message_id} ({mail.template.value})"
                    if mail.attempts + 1 >= MAX_ATTEMPTS:
                        log.error("giving up %s after %d attempts: %r", what, mail.attempts + 1, exc)
                        await conn.execute(sql.MAIL_SENT, row["id"])
                    else:
                        log.warning("%s not delivered: %r", what, exc)
                        await conn.execute(sql.MAIL_FAILED, row["id"], repr(exc)[:500], retry_after(mail.attempts))
                    continue
                await conn.execute(sql.MAIL_SENT, row["id"])
                delivered += 1
        return delivered


class JinjaMailRenderer(MailRenderer):
    """Templates in kith_identity/templates/mail: <name>.txt.j2 (which sets `subject`) and
    <name>.html.j2 (autoescaped)."""

    def __init__(self, product_name: str = "Kith") -> None:
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("kith_identity", "templates/mail"),
            autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )
        self.env.globals["product"] = product_name

    def render(self, template: MailTemplate, params: dict[str, Any]) -> RenderedMail:
        text = self.env.get_template(f"{template.value}.txt.j2").make_module(params)
        html = self.env.get_template(f"{template.value}.html.j2").render(**params, subject=text.subject)
        return RenderedMail(" ".join(str(text.subject).split()), str(text).strip() + "\n", html)


class SmtpMailSender(MailSender):
    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        security: str = "none",
        username: str = "",
        password: str = "",
        timeout_seconds: float = 10.0,
    ) -> None:
        if security not in SMTP_SECURITY:
            raise ValueError(f"smtp_security must be one of {', '.join(SMTP_SECURITY)}, not {security!r}")
        self.host, self.port, self.sender = host, port, sender
        self.security = security
        self.username, self.password = username or None, password or None
        self.timeout = timeout_seconds

    async def send(self, message_id: str, to: str, rendered: RenderedMail) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = rendered.subject
        message["Message-ID"] = message_id
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message.set_content(rendered.text)
        message.add_alternative(rendered.html, subtype="html")
        await aiosmtplib.send(
            message,
            hostname=self.host,
            port=self.port,
            username=self.username,
            password=self.password,
            use_tls=self.security == "tls",
            start_tls=True if self.security == "starttls" else False,
            timeout=self.timeout,
        )
