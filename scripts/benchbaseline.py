"""The idle daemon against a stored baseline: `scripts/bench`'s "no growth" check.

Owns the baseline file (`scripts/bench-baseline.json`: the idle daemon's figures on the
reference machine and the conditions they were measured under), comparing one run's figures
with it (a pure function over two dicts of figures), the lines that say so, and writing the
file from a run (`scripts/bench --save-baseline`). What counts as growth is `RULES`: RSS up by
more than 1 MB, any rise in context switches a minute or in threads. PSS is shown, never
judged: it moves with the neighbours (docs/benchmarks.md). Standard library only.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BASELINE = Path(__file__).resolve().parent / "bench-baseline.json"
TARGET = "deskbreak-xorg"  # the run whose figures are kept: the daemon on XEmbed, idle
CONDITIONS = {"desktop": "", "backend": "", "window_s": " s", "settle_s": " s", "repeat": ""}


@dataclass(frozen=True)
class Rule:
    key: str  # the figure's key in a result (scripts/procstats.idle_figures)
    name: str  # how the line names it
    unit: str
    decimals: int
    allowed: float | None  # the rise that is still no growth; None: shown, not judged
    why: str = ""  # said after a figure that is not judged


RULES = (
    Rule("rss_mb", "rss", " MB", 1, 1.0),
    Rule("pss_mb", "pss", " MB", 1, None, "not judged: PSS moves with the neighbours"),
    Rule("ctxsw_min", "ctxsw/min", "", 1, 0.0),
    Rule("threads", "threads", "", 0, 0.0),
)


@dataclass(frozen=True)
class Verdict:
    rule: Rule
    baseline: float | None
    now: float | None
    finding: bool  # grown past what the rule allows (or a judged figure went missing)

    @property
    def line(self) -> str:
        rule = self.rule
        if self.baseline is None:
            return f"{rule.name}: not in the baseline"
        if self.now is None:
            said = "FINDING" if rule.allowed is not None else rule.why
            then = self._fmt(self.baseline)
            return f"{rule.name}: not measured in this run (baseline {then}): {said}"
        verdict = rule.why if rule.allowed is None else "FINDING" if self.finding else "ok"
        return (
            f"{rule.name} {self.rise:+.{rule.decimals}f}{rule.unit} vs baseline "
            f"({self._fmt(self.now)} now, {self._fmt(self.baseline)} then): {verdict}"
        )

    @property
    def rise(self) -> float:
        """The change as printed: between the two figures rounded as they are shown."""
        if self.baseline is None or self.now is None:
            return math.nan
        return round(self.now, self.rule.decimals) - round(self.baseline, self.rule.decimals)

    def _fmt(self, value: float) -> str:
        return f"{value:.{self.rule.decimals}f}{self.rule.unit}"


def compare(baseline: Mapping[str, float], now: Mapping[str, float]) -> list[Verdict]:
    """Each rule's figure in `now` against `baseline`. Figures are compared as printed
    (rounded to the rule's decimals), so a rise too small to show is not a finding."""
    verdicts = []
    for rule in RULES:
        then, here = _figure(baseline, rule.key), _figure(now, rule.key)
        finding = False
        if rule.allowed is not None and then is not None:
            # a judged figure that went missing is a finding too: nothing says it did not grow
            rise = Verdict(rule, then, here, False).rise
            finding = here is None or rise > rule.allowed + 10 ** -(rule.decimals + 2)
        verdicts.append(Verdict(rule, then, here, finding))
    return verdicts


def _figure(figures: Mapping[str, float], key: str) -> float | None:
    value = figures.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def differences(baseline: Mapping[str, Any], now: Mapping[str, Any]) -> list[str]:
    """The conditions (`CONDITIONS`) this run does not share with the baseline, as words."""
    return [
        f"{key.removesuffix('_s')} {_word(now.get(key))}{unit} here, "
        f"{_word(baseline.get(key))}{unit} there"
        for key, unit in CONDITIONS.items()
        if now.get(key) != baseline.get(key)
    ]


def _word(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def report(
    stored: Mapping[str, Any], now: Mapping[str, float] | None, conditions: Mapping[str, Any]
) -> tuple[list[str], bool]:
    """The lines printed after the table, and whether the run is clean: measured under the
    baseline's conditions with no finding. `now` is None when the run has no TARGET figures."""
    if now is None:
        return [f"baseline: no {TARGET} figures in this run: not compared"], False
    lines = []
    differ = differences(stored.get("conditions", {}), conditions)
    if differ:
        lines.append(
            f"baseline: measured under other conditions ({'; '.join(differ)}): a finding may "
            f"come from them; run `{stored.get('command', 'scripts/bench')}` to compare"
        )
    verdicts = compare(stored.get("figures", {}), now)
    lines += [f"baseline {TARGET}: {verdict.line}" for verdict in verdicts]
    return lines, not differ and not any(v.finding for v in verdicts)


def load(path: Path = BASELINE) -> dict[str, Any]:
    """The stored baseline; ValueError when it is missing or not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"no baseline in {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("figures"), dict):
        raise ValueError(f"no baseline in {path}: no figures")
    return data


def save(
    figures: Mapping[str, float],
    conditions: Mapping[str, Any],
    command: str,
    about: Mapping[str, Any],
    path: Path = BASELINE,
) -> None:
    """Write the baseline: the judged and shown figures of one run, its conditions, the
    command that measures the same way, and `about` (the machine, the date, the commit)."""
    kept = {rule.key: round(figures[rule.key], 2) for rule in RULES if rule.key in figures}
    data = {"command": command, "conditions": dict(conditions), "figures": kept, **about}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
