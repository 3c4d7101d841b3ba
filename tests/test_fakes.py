"""The fakes stand in for the real ports: same members, same parameters.

The typed assignments are checked by mypy (`mypy --strict` reads the tests); the run-time
comparison catches what a structural check lets through, such as a renamed keyword.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from support.fakes import (
    FakeIdle,
    FakeLauncher,
    FakeStore,
    FakeTimer,
    RecordingCommands,
    RecordingNotifier,
)
from support.status import make_status

from deskbreak.core.ports import IdleSource, Launcher, Notifier, Store
from deskbreak.daemon.edges import Wakeable
from deskbreak.ipc import DaemonCommands


def _members(protocol: type) -> dict[str, Any]:
    """The methods and attributes a Protocol declares (its own and its bases')."""
    found: dict[str, Any] = {}
    for klass in reversed(protocol.__mro__):
        if klass is object or not getattr(klass, "_is_protocol", False):
            continue
        found.update({name: None for name in getattr(klass, "__annotations__", {})})
        found.update(
            {name: value for name, value in vars(klass).items() if inspect.isfunction(value)}
        )
    return {name: value for name, value in found.items() if not name.startswith("_")}


def _parameters(function: Any) -> list[tuple[str, object]]:
    """Parameter names, kinds and defaults, without `self`."""
    signature = inspect.signature(function)
    return [
        (p.name, (p.kind, p.default)) for p in signature.parameters.values() if p.name != "self"
    ]


def _typed() -> list[tuple[object, type]]:
    """Each fake bound to its port by a typed assignment: mypy checks the conformance."""
    notifier: Notifier = RecordingNotifier()
    launcher: Launcher = FakeLauncher()
    idle: IdleSource = FakeIdle()
    store: Store = FakeStore()
    timer: Wakeable = FakeTimer()
    commands: DaemonCommands = RecordingCommands(make_status())
    return [
        (notifier, Notifier),
        (launcher, Launcher),
        (idle, IdleSource),
        (store, Store),
        (timer, Wakeable),
        (commands, DaemonCommands),
    ]


def _name(value: object) -> str:
    return value.__name__ if isinstance(value, type) else type(value).__name__


@pytest.mark.parametrize(("fake", "port"), _typed(), ids=_name)
def test_every_fake_has_every_member_of_its_port(fake: object, port: type) -> None:
    members = _members(port)
    assert members, f"{port.__name__} declares nothing"
    for name, declared in members.items():
        assert hasattr(fake, name), f"{type(fake).__name__} lacks {port.__name__}.{name}"
        if declared is not None:
            got = _parameters(getattr(type(fake), name))
            assert got == _parameters(declared), f"{type(fake).__name__}.{name}: {got}"


def test_the_member_check_sees_a_missing_and_a_renamed_member() -> None:
    class Partial:
        def show(self, note: object) -> None: ...
        def close(self) -> None: ...

    members = _members(Notifier)
    assert set(members) == {"show", "close", "shutdown"}
    assert not hasattr(Partial(), "shutdown")
    assert _parameters(Partial.show) != _parameters(members["show"])
