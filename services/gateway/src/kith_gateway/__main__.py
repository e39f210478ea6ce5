"""Run the gateway: python -m kith_gateway."""

import asyncio

from kith_gateway.bootstrap import run
from kith_gateway.config import GatewaySettings
from kith_platform.logs import configure_logging


def main() -> None:
    settings = GatewaySettings()
    configure_logging(settings.service_name, settings.log_level)
    asyncio.run(run(settings))


if __name__ == "__main__":
    main()
