"""macOS: microphone from CoreAudio, camera from CoreMediaIO, Focus from its assertions.

Owns the macOS readers: the default input device's
`kAudioDevicePropertyDeviceIsRunningSomewhere` (some process is recording), the same
property of each CoreMediaIO device (some process is using the camera), and Focus
from `~/Library/DoNotDisturb/DB/Assertions.json` (an assertion record is active).
Property listeners need a CoreFoundation run loop this daemon does not run, so the
readers are read every few seconds: a handful of cheap property reads, no
subprocess. Edge module: ctypes, loaded only on macOS.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import logging
from collections.abc import Callable
from pathlib import Path

from deskbreak.core.ports import HoldSignal
from deskbreak.desktop.hold.readers import ReaderSource, Wait, timed_wait

log = logging.getLogger(__name__)

SIGNALS = (HoldSignal.MICROPHONE, HoldSignal.CAMERA, HoldSignal.DND)
EVERY = 5.0
ASSERTIONS = Path.home() / "Library" / "DoNotDisturb" / "DB" / "Assertions.json"


def _fourcc(code: str) -> int:
    return int.from_bytes(code.encode(), "big")


class _Address(ctypes.Structure):
    _fields_ = [("selector", ctypes.c_uint32), ("scope", ctypes.c_uint32),
                ("element", ctypes.c_uint32)]  # fmt: skip


def _read_u32(lib: ctypes.CDLL, get: str, obj: int, selector: str, scope: str) -> int | None:
    """One UInt32 property. CoreAudio passes the size by pointer; CoreMediaIO by value,
    with a separate "bytes used" out-parameter."""
    address = _Address(_fourcc(selector), _fourcc(scope), 0)
    value = ctypes.c_uint32(0)
    size = ctypes.c_uint32(ctypes.sizeof(value))
    if get.startswith("CMIO"):
        used = ctypes.c_uint32(0)
        args = (size, ctypes.byref(used), ctypes.byref(value))
    else:
        args = (ctypes.byref(size), ctypes.byref(value))  # type: ignore[assignment]
    status = getattr(lib, get)(obj, ctypes.byref(address), 0, None, *args)
    return None if status != 0 else value.value


def microphone_running() -> bool | None:
    path = ctypes.util.find_library("CoreAudio")
    if path is None:
        return None
    lib = ctypes.CDLL(path)
    device = _read_u32(lib, "AudioObjectGetPropertyData", 1, "dIn ", "glob")  # system object
    if not device:
        return None
    running = _read_u32(lib, "AudioObjectGetPropertyData", device, "gone", "glob")
    return None if running is None else running != 0


def camera_running() -> bool | None:
    """Needs the CoreMediaIO device list; without it the camera is "cannot tell"."""
    path = ctypes.util.find_library("CoreMediaIO")
    if path is None:
        return None
    lib = ctypes.CDLL(path)
    device = _read_u32(lib, "CMIOObjectGetPropertyData", 1, "dIn ", "glob")
    if not device:
        return None
    running = _read_u32(lib, "CMIOObjectGetPropertyData", device, "gone", "glob")
    return None if running is None else running != 0


def focus_on(path: Path = ASSERTIONS) -> bool | None:
    """An active Focus has at least one assertion record in Assertions.json."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for entry in data.get("data", []) if isinstance(data, dict) else []:
        if isinstance(entry, dict) and entry.get("storeAssertionRecords"):
            return True
    return False


def MacHolds(
    microphone: Callable[[], bool | None] = microphone_running,
    camera: Callable[[], bool | None] = camera_running,
    focus: Callable[[], bool | None] = focus_on,
    wait: Wait | None = None,
) -> ReaderSource:
    readers = {HoldSignal.MICROPHONE: microphone, HoldSignal.CAMERA: camera, HoldSignal.DND: focus}
    return ReaderSource("macos", readers, wait or timed_wait(EVERY))
