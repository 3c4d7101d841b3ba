"""Installing deskbreak into the desktop: the login autostart entry and the app-menu entry.

Run by the CLI only; nothing here runs inside the daemon.
"""
