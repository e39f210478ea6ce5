"""Run the live edge: python -m kith_live."""

from kith_live.bootstrap import run
from kith_live.config import LiveEdgeSettings
from kith_platform.service import main

if __name__ == "__main__":
    main(LiveEdgeSettings, run)
