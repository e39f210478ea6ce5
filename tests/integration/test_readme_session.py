"""The README's grpcurl session, copied from the README and run as a reader would run it (with
fresh handles): two people sign up and log in, one follows the other, who posts, and the post
is in the follower's home feed."""

from __future__ import annotations

import json
import re
import subprocess
import uuid

from tests.integration.endpoints import ROOT


def readme_session() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Try it with any gRPC client", 1)[1]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def test_the_readme_grpcurl_session_posts_and_reads_the_feed(platform_up):
    session = readme_session()
    suffix = uuid.uuid4().hex[:8]
    session = re.sub(r"\bada\b", f"ada{suffix}", session)
    session = re.sub(r"\bben\b", f"ben{suffix}", session)
    done = subprocess.run(["bash", "-c", session], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    feed = json.loads(done.stdout[done.stdout.rindex('{\n  "items"') :])
    [item] = feed["items"]
    assert (item["author_handle"], item["text"]) == (f"ada{suffix}", "Hello, Kith! #firstpost")
