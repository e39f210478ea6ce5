"""Run the content service: python -m kith_content."""

from kith_content.bootstrap import run
from kith_content.config import ContentSettings
from kith_platform.service import main

if __name__ == "__main__":
    main(ContentSettings, run)
