"""Run the communities service: python -m kith_communities."""

import asyncio

from kith_communities.bootstrap import run
from kith_communities.config import CommunitiesSettings
from kith_platform.logs import configure_logging


def main() -> None:
    settings = CommunitiesSettings()
    configure_logging(settings.service_name, settings.log_level)
    asyncio.run(run(settings))


if __name__ == "__main__":
    main()
