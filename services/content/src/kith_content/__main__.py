"""Run the content service: `python -m kith_content` (the gRPC API) or `python -m kith_content
media-worker` (processing uploads)."""

import sys

from kith_content.bootstrap import run, run_media_worker
from kith_content.config import ContentSettings
from kith_platform.service import main

if __name__ == "__main__":
    role = sys.argv[1] if len(sys.argv) > 1 else "api"
    if role not in ("api", "media-worker"):
        raise SystemExit(f"usage: python -m kith_content [api|media-worker], not {role!r}")
    if role == "api":
        main(ContentSettings, run)
    else:
        main(ContentSettings, run_media_worker, name="content-media-worker")
