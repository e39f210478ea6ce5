"""Run the graph service: python -m kith_graph."""

from kith_graph.bootstrap import run
from kith_graph.config import GraphSettings
from kith_platform.service import main

if __name__ == "__main__":
    main(GraphSettings, run)
