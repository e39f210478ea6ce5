"""Run the communities service: python -m kith_communities."""

from kith_communities.bootstrap import run
from kith_communities.config import CommunitiesSettings
from kith_platform.service import main

if __name__ == "__main__":
    main(CommunitiesSettings, run)
