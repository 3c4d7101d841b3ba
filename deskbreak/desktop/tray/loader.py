"""Importing pystray without letting it pick (and open) a backend we did not choose.

Owns the one place pystray is imported: `import pystray` selects a backend at import
time from PYSTRAY_BACKEND (and the xorg one opens the X display, failing where there is
none), so the backend the tray chose is named for the import and the variable is put
back afterwards, leaving the environment of the processes we start untouched.
Edge module: imports pystray only when called.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
from types import ModuleType

_lock = threading.Lock()


def pystray(backend: str) -> ModuleType:
    """pystray, imported with `backend` ("xorg", "appindicator", "gtk", "dummy", ...)
    unless it was imported already (then whatever it chose stands)."""
    with _lock:
        if "pystray" in sys.modules:
            return sys.modules["pystray"]
        before = os.environ.get("PYSTRAY_BACKEND")
        os.environ["PYSTRAY_BACKEND"] = backend
        try:
            return importlib.import_module("pystray")
        finally:
            if before is None:
                os.environ.pop("PYSTRAY_BACKEND", None)
            else:
                os.environ["PYSTRAY_BACKEND"] = before


def pystray_base() -> ModuleType:
    """pystray's backend-neutral base (Icon, Menu, MenuItem), for the menu and dummy icon."""
    pystray("dummy")
    return importlib.import_module("pystray._base")
