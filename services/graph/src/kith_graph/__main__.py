"""Run the graph service: python -m kith_graph."""

import asyncio

from kith_graph.bootstrap import run
from kith_graph.config import GraphSettings
from kith_platform.logs import configure_logging


def main() -> None:
    settings = GraphSettings()
    configure_logging(settings.service_name, settings.log_level)
    asyncio.run(run(settings))


if __name__ == "__main__":
    main()
