"""deskbreak: a light desk-break reminder with guided seated routines.

Importing the package does nothing but define the version; every module is
imported on demand so the daemon only pays for what it uses.
"""

from __future__ import annotations

__version__ = "0.1.0"
