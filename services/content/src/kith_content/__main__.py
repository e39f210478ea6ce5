"""Run the content service: python -m kith_content."""

import asyncio

from kith_content.bootstrap import run
from kith_content.config import ContentSettings
from kith_platform.logs import configure_logging


def main() -> None:
    settings = ContentSettings()
    configure_logging(settings.service_name, settings.log_level)
    asyncio.run(run(settings))


if __name__ == "__main__":
    main()
