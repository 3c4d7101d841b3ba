"""The screen a window opens on: its monitor, that monitor's work area, its scale, and the
desktop's wishes for motion and contrast.

A folder of its own because both the player (`player/`) and the control window
(`desktop/controlwindow.py`) place and size windows the same way, and neither may import
the other: `geometry` (rectangles, the monitor under a point, the work area clipped to it,
the scale chosen from what is known: pure), `x11` (reading those facts from the X server
with python-xlib) and `looks` (GNOME's and KDE's reduced-motion and high-contrast settings).
Edge folder: imports only `core`, `paths` and its own libraries, and nothing at import time.
"""
