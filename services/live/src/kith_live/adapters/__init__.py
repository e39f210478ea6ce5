"""Redis: the live logs, the shared wake-up subscription, presence."""
