"""A small client of Toxiproxy's HTTP API (deploy/local: program `toxiproxy`, its API at
KITH_TOXIPROXY_URL): proxies in front of a server, and toxics on them.

The standard library's urllib, run in a thread: the API is a handful of JSON calls per fault, and
no HTTP client is a dependency of the project's tests."""

from __future__ import annotations

import asyncio
import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

URL = os.environ.get("KITH_TOXIPROXY_URL", f"http://127.0.0.1:{os.environ.get('KITH_TOXIPROXY_PORT', '18474')}")
# Names of the proxies the fault tests create start with this, so that what a killed run left
# behind is recognised and removed by the next one.
PREFIX = "kith_faults_"


class ToxiproxyError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status


def _request(method: str, path: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(URL + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            text = response.read()
    except urllib.error.HTTPError as exc:
        raise ToxiproxyError(exc.code, exc.read().decode(errors="replace").strip()) from exc
    return json.loads(text) if text.strip() else None


async def call(method: str, path: str, body: Any = None) -> Any:
    return await asyncio.to_thread(_request, method, path, body)


async def version() -> str | None:
    """The server's version, or None when nothing answers at URL."""
    try:
        return (await call("GET", "/version"))["version"]
    except (OSError, ToxiproxyError, ValueError, KeyError):
        return None


@dataclass
class Proxy:
    name: str
    listen: str  # host:port, the port the kernel picked
    upstream: str

    @property
    def port(self) -> int:
        return int(self.listen.rsplit(":", 1)[1])

    async def add_toxic(self, name: str, kind: str, stream: str = "downstream", **attributes: float) -> None:
        """`kind`: latency, bandwidth, slow_close, timeout, reset_peer, slicer, limit_data.
        `stream`: downstream (server to client, the default) or upstream."""
        await call(
            "POST",
            f"/proxies/{self.name}/toxics",
            {"name": name, "type": kind, "stream": stream, "toxicity": 1.0, "attributes": attributes},
        )

    async def remove_toxic(self, name: str) -> None:
        await call("DELETE", f"/proxies/{self.name}/toxics/{name}")

    async def toxics(self) -> list[dict]:
        return await call("GET", f"/proxies/{self.name}/toxics")

    async def delete(self) -> None:
        try:
            await call("DELETE", f"/proxies/{self.name}")
        except ToxiproxyError as exc:
            if exc.status != 404:
                raise


async def create_proxy(name: str, upstream: str) -> Proxy:
    """A proxy named PREFIX + `name` to `upstream` (host:port), listening on a port the kernel
    picks on 127.0.0.1 (so it never collides with a port in use); one of the same name left by an
    earlier run is replaced."""
    proxy = Proxy(PREFIX + name, "", upstream)
    await proxy.delete()
    created = await call("POST", "/proxies", {"name": proxy.name, "listen": "127.0.0.1:0", "upstream": upstream})
    proxy.listen = created["listen"]
    return proxy


async def delete_leftovers() -> list[str]:
    """Remove the proxies an earlier run of the fault tests left behind (killed before its clean-up)."""
    names = [name for name in await call("GET", "/proxies") if name.startswith(PREFIX)]
    for name in names:
        await Proxy(name, "", "").delete()
    return names
