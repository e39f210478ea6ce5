"""Run the gateway: python -m kith_gateway."""

from kith_gateway.bootstrap import run
from kith_gateway.config import GatewaySettings
from kith_platform.service import main

if __name__ == "__main__":
    main(GatewaySettings, run)
