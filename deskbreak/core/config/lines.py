"""Which line of the user's TOML text a key path sits on.

Owns `LineLocator`, which lets every config problem name its line. Light by
design: it reads table headers and `key =` lines, not the TOML grammar.
Core module: standard library only.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)


def _key_parts(text: str) -> list[str]:
    parts = re.findall(r""""([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+)""", text)
    return [a or b or c for a, b, c in parts]


class LineLocator:
    """Maps key paths such as `routines[1].steps[0].duration` to source lines.

    Light by design: it reads table headers and `key =` lines, and ignores
    inline tables and multi-line strings; a path it cannot place falls back to
    its closest located parent.
    """

    def __init__(self, text: str) -> None:
        self._lines: dict[str, int] = {}
        self._arrays: dict[str, int] = {}
        table = ""
        for number, line in enumerate(text.splitlines(), start=1):
            header = _HEADER.match(line)
            if header:
                table = self._header(header.group(1) == "[[", _key_parts(header.group(2)))
                self._lines.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if key:
                path = join_key(table, ".".join(_key_parts(key.group(1))))
                self._lines.setdefault(path, number)

    def _header(self, is_array: bool, parts: list[str]) -> str:
        path = ""
        for part in parts[:-1] if is_array else parts:
            path = join_key(path, part)
            if path in self._arrays:
                path = f"{path}[{self._arrays[path] - 1}]"
        if not is_array:
            return path
        path = join_key(path, parts[-1] if parts else "")
        self._arrays[path] = self._arrays.get(path, 0) + 1
        return f"{path}[{self._arrays[path] - 1}]"

    def line(self, path: str) -> int | None:
        while path:
            if path in self._lines:
                return self._lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None


def join_key(parent: str, key: str) -> str:
    """`parent.key`, or `key` at the top level."""
    return f"{parent}.{key}" if parent else key
