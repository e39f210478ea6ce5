"""Run the messaging service: python -m kith_messaging."""

from kith_messaging.bootstrap import run
from kith_messaging.config import MessagingSettings
from kith_platform.service import main

if __name__ == "__main__":
    main(MessagingSettings, run)
