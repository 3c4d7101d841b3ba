"""`deskbreak doctor`: what this desktop offers deskbreak, and a fix for each missing piece.

`findings` turns probe results into findings (no I/O); `checkup` runs the real probes, which
reach into `desktop/` and `ipc/`. Nothing here runs inside the daemon.
"""
