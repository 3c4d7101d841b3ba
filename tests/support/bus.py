"""A private D-Bus daemon for the tests: anyone may own any name; no service activation
unless a test asks for it.

`private_bus(root)` starts `dbus-daemon` listening in `root` and yields the process and its
address (for DBUS_SESSION_BUS_ADDRESS, or DBUS_SYSTEM_BUS_ADDRESS where a test stands in for
the system bus); it is stopped by PID afterwards. `services=` names a folder of .service
files the bus may start (and lists as activatable). Without dbus-daemon the test is skipped
(failed under CI=true), naming the Debian package.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

# A session bus on which anyone may own any name and eavesdrop, listening in {dir}; no
# <servicedir>, so nothing is started on demand. The X11 desktop (`harness.desktop`) uses it too.
LOCAL_BUS_CONF = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@contextlib.contextmanager
def private_bus(
    root: Path, *, services: Path | None = None
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A dbus-daemon, stopped by PID on the way out; it starts only the services in
    `services` (none without it)."""
    if shutil.which("dbus-daemon") is None:
        if _in_ci():
            pytest.fail("CI=true and dbus-daemon is missing (Debian package: dbus)")
        pytest.skip("needs dbus-daemon (Debian package: dbus)")
    pytest.importorskip("jeepney")
    conf = root / "bus.conf"
    text = LOCAL_BUS_CONF.format(dir=root)
    if services is not None:
        text = text.replace("</busconfig>", f"  <servicedir>{services}</servicedir>\n</busconfig>")
    conf.write_text(text)
    proc = subprocess.Popen(
        ["dbus-daemon", "--nofork", f"--config-file={conf}", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        address = proc.stdout.readline().strip()
        assert address.startswith("unix:"), address
        yield proc, address
    finally:
        if proc.poll() is None:
            proc.terminate()
        proc.wait(timeout=5)
