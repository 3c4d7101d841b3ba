"""The libraries the Debian package carries (scripts/debian/vendor.txt) follow pyproject.toml.

Each pin must satisfy the project's own requirement for it, carry a hash, and name a
dependency that pyproject.toml has; a dependency dropped from pyproject.toml must leave
vendor.txt too. Which ones Debian provides instead is decided in scripts/debian/build.py
(DEPENDS) and checked on real Debian 12 and 13 roots by tests/test_deb.py.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
VENDOR = REPO / "scripts/debian/vendor.txt"


def _pins() -> dict[str, tuple[str, str]]:
    pins: dict[str, tuple[str, str]] = {}
    for line in VENDOR.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+) --hash=sha256:([0-9a-f]{64})", line)
        assert match, f"not a pinned, hashed line: {line!r}"
        pins[str(canonicalize_name(match[1]))] = (str(match[2]), str(match[3]))
    return pins


def _requirements() -> dict[str, Requirement]:
    data = tomllib.loads((REPO / "pyproject.toml").read_text())
    reqs = (Requirement(text) for text in data["project"]["dependencies"])
    return {canonicalize_name(req.name): req for req in reqs}


def test_every_pin_satisfies_pyproject() -> None:
    wanted = _requirements()
    pins = _pins()
    assert pins, "vendor.txt pins nothing"
    for name, (version, _hash) in pins.items():
        assert name in wanted, f"{name} is carried but is not a dependency in pyproject.toml"
        assert wanted[name].specifier.contains(version), f"{name}=={version} vs {wanted[name]}"


def test_the_carried_libraries_are_the_ones_debian_lacks() -> None:
    # Debian 12 has these too old or not at all (apt-cache policy in the clean roots):
    # APScheduler 3.9, Babel 2.10, platformdirs 2.6, plyer 2.0, pystray 0.19.4, no
    # desktop-notifier. Each one carried here must be one of them.
    assert set(_pins()) == {
        "apscheduler",
        "babel",
        "desktop-notifier",
        "platformdirs",
        "plyer",
        "pystray",
    }


def _build() -> Any:
    spec = importlib.util.spec_from_file_location("debbuild", REPO / "scripts/debian/build.py")
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    return build


def test_every_dependency_is_carried_or_comes_from_debian() -> None:
    build = _build()
    carried, from_debian = set(_pins()), set(build.FROM_DEBIAN)
    assert not carried & from_debian
    assert carried | from_debian == set(_requirements())
    assert set(build.LICENSES) == carried  # each carried licence is named in the copyright


def test_a_versioned_debian_relation_asks_for_pyprojects_own_floor() -> None:
    """`python3-caldav (>= 1.3.9)` for `caldav>=1.3.9`: a Depends or Recommends above the floor
    would make apt leave out a version that works, one below it would let in one that does
    not. (Pillow is unversioned on purpose: docs/packaging.md says why.)"""
    wanted = _requirements()
    versioned = 0
    for name, relation in _build().FROM_DEBIAN.items():
        bound = re.fullmatch(r"[\w.+-]+ \(>= ([\w.~+-]+)\)", relation)
        if bound is None:
            assert "(" not in relation, f"{name}: {relation!r} is not a >= relation"
            continue
        versioned += 1
        floors = [s.version for s in wanted[name].specifier if s.operator == ">="]
        assert floors and Version(floors[0]) == Version(bound[1]), (
            f"{name}: Debian's {relation!r} vs pyproject's {wanted[name]}"
        )
    assert versioned >= 5


def test_the_files_vendor_txt_names_exist() -> None:
    """Its comment tells whoever updates a pin where the check is: that file must be there."""
    named = re.findall(r"(?:tests|scripts)/[\w/.-]+\.py", VENDOR.read_text())
    assert named
    for path in named:
        assert (REPO / path).is_file(), f"vendor.txt names {path}, which does not exist"
