"""The PipeWire graph as `pw-dump` describes it, and the hold signals it shows.

Owns reading pw-dump's JSON (the first array is the whole graph, each later one
the objects that changed; `"info": null` means removed) and the rules:
- an active link into a `Stream/Input/Audio` node is the microphone, whatever
  feeds it (a noise-suppression filter or another virtual source included); peak
  meters (`stream.monitor`) and the passive capture inside such a filter
  (`node.passive`: it runs for as long as the filter exists) do not count, the
  program recording from the filter does;
- an active link into a `Stream/Input/Video` node from a node with
  `media.role = Camera` is the camera;
- any other active link into a `Stream/Input/Video` node (a screencast source of
  xdg-desktop-portal, say) is a screen share.
Edge module: standard library only (the `HoldSignal` names come from the core).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from deskbreak.core.ports import HoldSignal

log = logging.getLogger(__name__)

MAX_CHUNK = 64 * 1024 * 1024  # a runaway dump is dropped rather than kept in memory
_LINK = "PipeWire:Interface:Link"
_NODE = "PipeWire:Interface:Node"


class Graph:
    """The objects pw-dump has shown so far, by id."""

    def __init__(self) -> None:
        self._objects: dict[int, Mapping[str, Any]] = {}

    def apply(self, objects: Iterable[object]) -> None:
        for item in objects:
            if not isinstance(item, Mapping) or not isinstance(item.get("id"), int):
                continue
            if "info" in item and item["info"] is None:
                self._objects.pop(item["id"], None)
            elif isinstance(item.get("info"), Mapping):
                self._objects[item["id"]] = item

    def signals(self) -> frozenset[HoldSignal]:
        nodes = {i: o for i, o in self._objects.items() if o.get("type") == _NODE}
        found: set[HoldSignal] = set()
        for link in self._objects.values():
            info = link["info"]
            if link.get("type") != _LINK or info.get("state") != "active":
                continue
            into = _props(nodes.get(info.get("input-node-id")))
            source = _props(nodes.get(info.get("output-node-id")))
            kind = into.get("media.class")
            inner = _true(into.get("stream.monitor")) or _true(into.get("node.passive"))
            if kind == "Stream/Input/Audio" and not inner:
                found.add(HoldSignal.MICROPHONE)
            elif kind == "Stream/Input/Video":
                camera = str(source.get("media.role", "")).lower() == "camera"
                found.add(HoldSignal.CAMERA if camera else HoldSignal.SCREEN_SHARE)
        return frozenset(found)


def _props(node: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if node is None:
        return {}
    props = node["info"].get("props")
    return props if isinstance(props, Mapping) else {}


def _true(value: object) -> bool:
    return value is True or str(value).lower() == "true"


class DumpReader:
    """Splits pw-dump's output into its JSON arrays, one line at a time.

    pw-dump writes each array with its closing bracket alone at the start of a
    line; an array that is not valid JSON is logged and skipped.
    """

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._size = 0

    def feed(self, line: str) -> list[object] | None:
        """The finished array when `line` closes one, else None."""
        self._lines.append(line)
        self._size += len(line)
        if self._size > MAX_CHUNK:
            log.warning("pw-dump output too large; dropped")
            self._lines, self._size = [], 0
            return None
        if line.rstrip() != "]":
            return None
        text = "\n".join(self._lines)
        self._lines, self._size = [], 0
        try:
            value = json.loads(text)
        except ValueError as exc:
            log.warning("unreadable pw-dump output: %s", exc)
            return None
        return value if isinstance(value, list) else None
