"""Hold sources: the edges that see calls, screen shares, fullscreen and do-not-disturb.

Each module adapts one mechanism to `core.ports.HoldSource` and subscribes to its
changes instead of polling; `catalog` picks the ones that work on this desktop.
Edge package: nothing is imported or started at import time.
"""
