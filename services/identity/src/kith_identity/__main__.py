"""Run the identity service: python -m kith_identity."""

from kith_identity.bootstrap import run
from kith_identity.config import IdentitySettings
from kith_platform.service import main

if __name__ == "__main__":
    main(IdentitySettings, run)
