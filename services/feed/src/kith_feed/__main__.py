"""Run the feed service: `python -m kith_feed api` (gRPC reads) or `python -m kith_feed worker` (Faust)."""

import sys

from kith_feed.config import FeedSettings
from kith_platform.logs import configure_logging
from kith_platform.metrics import serve_metrics
from kith_platform.service import run_event_loop, start_tracing


def main() -> None:
    role = sys.argv[1] if len(sys.argv) > 1 else "api"
    settings = FeedSettings()
    if role in ("api", "worker"):
        serve_metrics(settings.metrics_port, settings.grpc_host)
        start_tracing(settings, f"{settings.service_name}-{role}")
    if role == "api":
        from kith_feed.bootstrap import run_api

        configure_logging(
            f"{settings.service_name}-api", settings.log_level, settings.access_log, settings.access_log_slow_ms
        )
        run_event_loop(run_api(settings))
    elif role == "worker":
        from kith_feed.entrypoints.worker import run_worker

        sys.argv = sys.argv[:1]  # faust's command line must not see our role argument
        configure_logging(f"{settings.service_name}-worker", settings.log_level)
        run_worker(settings)
    else:
        raise SystemExit(f"usage: python -m kith_feed [api|worker], not {role!r}")


if __name__ == "__main__":
    main()
