"""Run the identity service: python -m kith_identity."""

import asyncio

from kith_identity.bootstrap import run
from kith_identity.config import IdentitySettings
from kith_platform.logs import configure_logging


def main() -> None:
    settings = IdentitySettings()
    configure_logging(settings.service_name, settings.log_level)
    asyncio.run(run(settings))


if __name__ == "__main__":
    main()
