"""Windows: camera and microphone from the ConsentStore, do-not-disturb from Focus Assist.

Owns the Windows readers. An app using the webcam or microphone has, under
`HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore\\
<webcam|microphone>` (and its `NonPackaged` subkey), a subkey whose
`LastUsedTimeStop` is 0 while it is in use. Focus Assist keeps its state in an
undocumented WNF blob; what is read here is the documented stand-in, notifications
switched off for the user (`NOC_GLOBAL_SETTING_TOASTS_ENABLED` = 0).
The loop wakes on registry change notifications (RegNotifyChangeKeyValue) rather
than a timer. Edge module: winreg and ctypes, imported only on Windows.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from deskbreak.core.ports import HoldSignal
from deskbreak.desktop.hold.readers import ReaderSource, Wait, timed_wait

log = logging.getLogger(__name__)

SIGNALS = (HoldSignal.CAMERA, HoldSignal.MICROPHONE, HoldSignal.DND)
CONSENT = r"Software\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\ConsentStore"
NOTIFY_SETTINGS = r"Software\Microsoft\Windows\CurrentVersion\Notifications\Settings"

# (subkey path, LastUsedTimeStop) for every app under one capability
Entries = Callable[[str], Iterable[tuple[str, int]]]


def in_use(entries: Iterable[tuple[str, int]]) -> bool:
    """Some app's LastUsedTimeStop is 0: it is using the device right now."""
    return any(stop == 0 for _, stop in entries)


def registry_entries(capability: str) -> Iterator[tuple[str, int]]:
    winreg = _winreg()
    base = f"{CONSENT}\\{capability}"
    for path in (base, f"{base}\\NonPackaged"):
        try:
            key = winreg.OpenKey(winreg.HKEY_CURRENT_USER, path)
        except OSError:
            continue
        with key:
            for index in range(winreg.QueryInfoKey(key)[0]):
                name = winreg.EnumKey(key, index)
                try:
                    with winreg.OpenKey(key, name) as app:
                        stop, _ = winreg.QueryValueEx(app, "LastUsedTimeStop")
                except OSError:
                    continue
                yield f"{path}\\{name}", int(stop)


def focus_assist_on() -> bool | None:
    winreg = _winreg()
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, NOTIFY_SETTINGS) as key:
            value, _ = winreg.QueryValueEx(key, "NOC_GLOBAL_SETTING_TOASTS_ENABLED")
    except OSError:
        return None
    return int(value) == 0


def registry_wait(fallback: float = 30.0) -> Wait:
    """Wait for a change anywhere under the ConsentStore, or `fallback` seconds."""
    try:
        import ctypes

        windll: Any = getattr(ctypes, "windll")  # noqa: B009  (only exists on Windows)
        advapi, kernel = windll.advapi32, windll.kernel32
        winreg = _winreg()
        key = winreg.OpenKey(winreg.HKEY_CURRENT_USER, CONSENT)
    except (ImportError, AttributeError, OSError):
        return timed_wait(fallback)
    event = kernel.CreateEventW(None, False, False, None)

    def wait(stop: threading.Event) -> bool:
        advapi.RegNotifyChangeKeyValue(int(key), True, 0x4, event, True)  # LAST_SET, async
        while not stop.is_set():
            if kernel.WaitForSingleObject(event, 1000) == 0:
                return False
        return True

    return wait


def _winreg() -> Any:
    return importlib.import_module("winreg")  # Windows only: not imported elsewhere


def WindowsHolds(
    entries: Entries = registry_entries,
    focus: Callable[[], bool | None] = focus_assist_on,
    wait: Wait | None = None,
) -> ReaderSource:
    readers = {
        HoldSignal.CAMERA: lambda: in_use(entries("webcam")),
        HoldSignal.MICROPHONE: lambda: in_use(entries("microphone")),
        HoldSignal.DND: focus,
    }
    return ReaderSource("windows", readers, wait or registry_wait())
