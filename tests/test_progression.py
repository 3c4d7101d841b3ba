"""Progression: the level from the weeks kept up, and what each level does to a routine.

The rule over synthetic histories (weeks kept, a missed week, the top, the current week),
the routines' lengths at each level (the timeline plays them), easier and user routines
left alone, the caps against the numbers the sources give, the "This week:" line in both
players, the level in `deskbreak stats`, the daemon's `--level` and the player's own
reading of the history.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from deskbreak.cli import main
from deskbreak.core import library, progression
from deskbreak.core.config.dump import config_document
from deskbreak.core.config.model import Config, PlayerSettings
from deskbreak.core.config.read import ConfigErrors, catalogue, parse_config
from deskbreak.core.events import Event, EventKind, Trigger
from deskbreak.core.progression import level, progressed
from deskbreak.core.routines import DESK_MAX, Phase, Routine
from deskbreak.daemon import progress
from deskbreak.daemon.clock import local_zone
from deskbreak.daemon.launcher import player_command
from deskbreak.daemon.store import Store
from deskbreak.paths import resolve
from deskbreak.player import guide, words
from deskbreak.player.terminal import step_block
from deskbreak.player.timeline import Timeline

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 23)  # "today" in these tests: a Monday


def kept_week(monday: date) -> dict[date, int]:
    """Two completed breaks on each weekday: a week kept up."""
    return {monday + timedelta(days=n): progression.BREAKS for n in range(progression.DAYS)}


def history(*weeks: bool, today: date = MONDAY) -> dict[date, int]:
    """Completed breaks per day for the finished weeks before today's, oldest first."""
    out: dict[date, int] = {}
    start = progression.week_start(today) - timedelta(weeks=len(weeks))
    for n, was_kept in enumerate(weeks):
        if was_kept:
            out |= kept_week(start + timedelta(weeks=n))
    return out


# --- the rule -----------------------------------------------------------------------------


def test_no_history_is_level_zero() -> None:
    assert level({}, today=MONDAY) == 0


@pytest.mark.parametrize("weeks", [1, 2, 3, 4])
def test_each_kept_week_in_a_row_goes_up_one_level(weeks: int) -> None:
    assert level(history(*[True] * weeks), today=MONDAY) == weeks


def test_the_level_stops_at_the_top() -> None:
    assert level(history(*[True] * 9), today=MONDAY) == progression.TOP == 4


def test_a_missed_week_steps_back_one_level_never_below_zero() -> None:
    assert level(history(True, True, True, False), today=MONDAY) == 2
    assert level(history(True, True, True, False, False), today=MONDAY) == 1
    assert level(history(True, False, False, False), today=MONDAY) == 0
    assert level(history(False, False, True), today=MONDAY) == 1


def test_a_week_needs_two_breaks_on_five_days() -> None:
    monday = MONDAY - timedelta(weeks=1)
    four_days = {monday + timedelta(days=n): 3 for n in range(4)}
    assert level(four_days, today=MONDAY) == 0
    one_a_day = {monday + timedelta(days=n): 1 for n in range(7)}
    assert level(one_a_day, today=MONDAY) == 0
    weekend_too = {monday + timedelta(days=n): 2 for n in (0, 1, 2, 5, 6)}
    assert level(weekend_too, today=MONDAY) == 1


def test_the_current_week_does_not_count_until_it_is_over() -> None:
    this_week = kept_week(MONDAY)
    assert level(this_week, today=MONDAY + timedelta(days=6)) == 0
    assert level(this_week, today=MONDAY + timedelta(days=7)) == 1


def test_only_completed_breaks_count_by_local_day() -> None:
    def events(kind: EventKind) -> list[Event]:
        out = []
        for day in kept_week(MONDAY - timedelta(weeks=1)):
            for hour in (0, 12):  # 00:30 Berlin is the evening before in UTC
                at = datetime.combine(day, time(hour, 30), BERLIN)
                out.append(Event(at, kind, "mini-reset", Trigger.INTERVAL))
        return out

    assert progression.level_of(events(EventKind.COMPLETED), today=MONDAY, tz=BERLIN) == 1
    assert progression.level_of(events(EventKind.PARTIAL), today=MONDAY, tz=BERLIN) == 0


def test_holds_grow_a_fifth_a_level_and_repetitions_every_second_level() -> None:
    assert [progression.hold_at(5.0, 10.0, n) for n in range(5)] == [5, 6, 7, 8, 9]
    assert [progression.hold_at(20.0, 30.0, n) for n in range(5)] == [20, 24, 28, 30, 30]
    assert progression.hold_at(5.0, 5.0, 4) == 5 and progression.hold_at(5.0, None, 4) == 5
    assert [progression.reps_at(8, 10, n) for n in range(5)] == [8, 9, 9, 10, 10]
    assert progression.reps_at(12, 10, 4) == 12  # already past the cap: never shortened


# --- what a level does to the built-in routines -------------------------------------------


def side_lengths(routine: Routine, exercise: str) -> list[float]:
    return [s.duration.total_seconds() for s in routine.segments() if s.exercise.id == exercise]


def test_timeline_lengths_at_each_level_for_neck_and_sides() -> None:
    base = library.routines()["neck-and-sides"]
    lengths, holds = [], []
    for at in range(progression.TOP + 1):
        routine = progressed(base, at)
        lengths.append(side_lengths(routine, "seated-side-stretch"))
        stretch = next(s for s in routine.steps if s.exercise.id == "seated-side-stretch")
        assert stretch.exercise.rhythm is not None
        holds.append(stretch.exercise.rhythm.hold)
        # the timeline plays the grown lengths: its total is the routine's
        assert Timeline(routine, lambda: 0.0).total == routine.total.total_seconds()
    assert holds == [20, 24, 28, 30, 30]
    assert lengths == [[30, 30], [34, 34], [38, 38], [40, 40], [40, 40]]
    # the other steps keep their lengths
    assert side_lengths(progressed(base, 4), "neck-rolls") == side_lengths(base, "neck-rolls")


def test_the_hold_the_player_counts_is_the_grown_one() -> None:
    clock = [0.0]
    routine = progressed(library.routines()["upper-back-on-the-mat"], 2)
    timeline = Timeline(routine, lambda: clock[0])
    timeline.start()
    start = sum(
        s.duration.total_seconds()
        for s in routine.segments()[
            : [s.exercise.id for s in routine.segments()].index("thread-the-needle")
        ]
    )
    clock[0] = start + 5.0 + 0.5  # half a breath (10 s) in, then half a second into the hold
    beat = timeline.tick().beat
    assert beat is not None and beat.phase is Phase.HOLD
    assert beat.phase_left == pytest.approx(28.0 - 0.5)
    assert beat.reps == 2


def test_repetitions_grow_for_the_exercises_the_sources_count() -> None:
    base = library.routines()["upper-back-opener"]
    one = progressed(base, 1)
    counts = {s.exercise.id: s.repetitions() for s in one.steps}
    rotation, extension = counts["seated-thoracic-rotation"], counts["chair-back-extension"]
    assert rotation is not None and rotation.count == 9  # 8 written
    assert extension is not None and extension.count == 4  # 3 written


def test_a_desk_routine_never_grows_past_four_minutes() -> None:
    for routine in library.routines().values():
        for at in range(progression.TOP + 1):
            grown = progressed(routine, at)
            assert grown.total >= routine.total
            if routine.is_desk and routine.total <= DESK_MAX:
                assert grown.total <= DESK_MAX, (routine.id, at)
    # a floor routine grows all the way
    evening = library.routines()["evening-deep-release"]
    assert progressed(evening, 4).total > progressed(evening, 3).total > evening.total


def test_easier_routines_never_grow() -> None:
    lighter = library.routines()["mini-reset-2m"]
    assert lighter.easier
    neck = library.routines()["neck-and-sides"]
    marked = Routine(neck.id, neck.title, neck.steps, easier=True)
    for at in range(progression.TOP + 1):
        assert progressed(lighter, at) == lighter
        assert progressed(marked, at) == marked
    assert progressed(neck, 1) != neck  # the same steps unmarked do grow


def test_a_users_own_routine_is_not_changed() -> None:
    config = parse_config(
        '[[routines]]\nid = "my-sides"\ntitle = "Sides"\n'
        '[[routines.steps]]\nexercise = "seated-side-stretch"\nduration = "30s"\n'
        '[[routines.steps]]\nexercise = "thread-the-needle"\nduration = "60s"\n'
    )
    mine = catalogue(config)["my-sides"]
    assert not mine.builtin
    for at in range(progression.TOP + 1):
        assert progressed(mine, at) == mine


# --- the caps against the sources ---------------------------------------------------------

# The number each source gives, as the source words it (see the comment beside each
# exercise in the library): an exercise's cap may never be past it.
SOURCE_NUMBERS = {
    "seated-side-stretch": ("Hunter Method", "Hold for 15-30 seconds", "hold", 30),
    "thread-the-needle": ("Hunter Method", "Hold for 20-30 seconds", "hold", 30),
    "seated-thoracic-rotation": ("Hunter Method", "Do 8-10 times on each side", "reps", 10),
    "chair-back-extension": ("Eastnole", "Repeat this exercise 3 -5 times", "reps", 5),
    "rotating-chair-twist": ("Eastnole", "Hold onto this position for 5 seconds", "hold", 5),
    "locust-pose": ("Phyt Health", "hold positions to 30, 45, and 60 seconds", "hold", 60),
    "corner-stretch": ("Phyt Health", "about 30-60 seconds", "hold", 60),
}


def test_every_cap_is_within_the_number_its_source_gives() -> None:
    growing = {e.id: e for e in library.exercises().values() if e.grows is not None}
    assert set(growing) == set(SOURCE_NUMBERS)
    for eid, (source, _words, kind, number) in SOURCE_NUMBERS.items():
        grows = growing[eid].grows
        assert grows is not None and grows.source.startswith(source), eid
        cap = grows.hold if kind == "hold" else grows.reps
        other = grows.reps if kind == "hold" else grows.hold
        assert cap is not None and cap <= number, eid
        assert other is None, eid  # one number, one thing that grows


def test_no_level_plays_past_a_cap() -> None:
    for routine in library.routines().values():
        for step in progressed(routine, progression.TOP).steps:
            grows, rhythm, reps = step.exercise.grows, step.exercise.rhythm, step.repetitions()
            if grows is None or rhythm is None or reps is None:
                continue
            written = library.exercises()[step.exercise.id].rhythm
            assert written is not None
            assert rhythm.hold <= max(grows.hold or 0, written.hold)
            if grows.reps is not None:
                assert reps.count <= grows.reps


# --- where it shows -----------------------------------------------------------------------


def first_frame(routine: Routine, exercise: str) -> tuple[int, Timeline]:
    clock = [0.0]
    timeline = Timeline(routine, lambda: clock[0])
    timeline.start()
    index = [s.exercise.id for s in routine.segments()].index(exercise)
    clock[0] = sum(s.duration.total_seconds() for s in routine.segments()[:index]) + 0.1
    timeline.tick()
    return index, timeline


def test_both_players_show_the_weeks_line_only_where_a_step_grew() -> None:
    base = library.routines()["neck-and-sides"]
    for at, hold in ((0, None), (2, "28 s")):
        index, timeline = first_frame(progressed(base, at), "seated-side-stretch")
        frame = timeline.frame()
        segment = frame.segment
        assert segment is not None and segment.index == index
        line = guide.week_text(segment)
        assert (line == "") is (hold is None)
        if hold is not None:
            assert hold in line
            assert f"  {line}" in step_block(segment, frame)
            assert line in words.step_texts(frame)["detail"].splitlines()
        else:
            assert all("28 s" not in t for t in step_block(segment, frame))
    # a step that did not grow says nothing, at any level
    index, timeline = first_frame(progressed(base, 4), "neck-rolls")
    segment = timeline.frame().segment
    assert segment is not None and guide.week_text(segment) == ""


def test_the_weeks_line_counts_repetitions_where_those_grew() -> None:
    routine = progressed(library.routines()["upper-back-opener"], 1)
    _, timeline = first_frame(routine, "seated-thoracic-rotation")
    segment = timeline.frame().segment
    assert segment is not None
    assert "9" in guide.week_text(segment)


# --- the daemon, the player and stats -----------------------------------------------------


def seed(path: Path, weeks: int, today: date) -> None:
    tz = local_zone()
    store, warning = Store.open(path)
    assert warning is None
    for day, count in history(*[True] * weeks, today=today).items():
        for n in range(count):
            at = datetime.combine(day, time(10 + n, 0), tz)
            store.record(Event(at, EventKind.COMPLETED, "mini-reset", Trigger.INTERVAL))
    store.close()


def test_the_daemon_passes_the_level_to_the_player() -> None:
    argv = player_command("neck-and-sides", None, 3)
    assert argv[argv.index("play") :] == ["play", "neck-and-sides", "--level", "3", "--report"]


def test_the_level_comes_from_the_store_and_is_zero_when_off(tmp_path: Path) -> None:
    tz = local_zone()
    now = datetime.now(tz)
    seed(tmp_path / "history.db", 2, now.date())
    store = Store.open_readonly(tmp_path / "history.db")
    try:
        assert progress.level(store, PlayerSettings(), now, tz) == 2
        assert progress.level(store, PlayerSettings(progression=False), now, tz) == 0
    finally:
        store.close()


def test_play_by_hand_reads_its_level_from_the_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from deskbreak.cli import Context
    from deskbreak.cli.playcmd import history_level

    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    paths = resolve()
    ctx = Context(None, paths, io.StringIO(), io.StringIO(), verbose=False)  # type: ignore[arg-type]
    assert history_level(ctx, PlayerSettings()) == 0  # no history yet: nothing is created
    assert not paths.database.exists()
    paths.database.parent.mkdir(parents=True, exist_ok=True)
    seed(paths.database, 3, datetime.now(local_zone()).date())
    assert history_level(ctx, PlayerSettings()) == 3
    assert history_level(ctx, PlayerSettings(progression=False)) == 0


def test_a_level_out_of_range_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    with pytest.raises(SystemExit) as exit_:
        main(["play", "neck-and-sides", "--level", "9"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "Traceback" not in err and "--level" in err


def test_stats_shows_the_level_and_what_it_means(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    paths = resolve()
    paths.database.parent.mkdir(parents=True, exist_ok=True)
    seed(paths.database, 2, datetime.now(local_zone()).date())
    assert main(["stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["progression"] == {
        "on": True,
        "level": 2,
        "top": 4,
        "hold_percent": 40,
        "more_repetitions": 1,
    }
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "2" in out.splitlines()[-2] and "40" in out.splitlines()[-2]
    paths.config_file.parent.mkdir(parents=True, exist_ok=True)
    paths.config_file.write_text("[player]\nprogression = false\n")
    assert main(["stats", "--json"]) == 0
    off = json.loads(capsys.readouterr().out)["progression"]
    assert off["on"] is False and off["level"] == 0


def test_the_setting_round_trips_and_defaults_on() -> None:
    assert Config().player.progression is True
    off = parse_config("[player]\nprogression = false\n")
    assert off.player.progression is False
    assert config_document(off)["player"]["progression"] is False  # `config show`
    with pytest.raises(ConfigErrors) as bad:
        parse_config('[player]\nprogression = "yes"\n')
    assert "player.progression" in str(bad.value)


def test_the_controller_gives_the_level_from_the_history_it_keeps(tmp_path: Path) -> None:
    from support.engine import ROUTINES
    from support.fakes import FakeIdle, FakeLauncher, FakeStore, FakeTimer, RecordingNotifier

    from deskbreak.core.config.settings import Settings
    from deskbreak.core.engine.effects import Observation
    from deskbreak.core.engine.engine import Engine
    from deskbreak.daemon.controller import Controller
    from deskbreak.daemon.edges import Edges

    now = datetime.combine(MONDAY, time(9, 0), BERLIN)
    store = FakeStore()
    for day, count in history(True, False, True, True).items():
        for n in range(count):
            at = datetime.combine(day, time(10 + n, 0), BERLIN)
            store.record(Event(at, EventKind.COMPLETED, "mini-reset", Trigger.INTERVAL))

    class Source:
        def read(self) -> Settings:
            return Settings(Config(), ROUTINES)

        def changed(self) -> bool:
            return False

        def ensure_exists(self) -> Path:
            return tmp_path / "config.toml"

    edges = Edges(
        store=store,
        notifier=RecordingNotifier(),
        launcher=FakeLauncher(),
        idle=FakeIdle(),
        observe=lambda idle: Observation(now, 100.0, 100.0, idle),
        config=Source(),
        timer=FakeTimer(),
        open_path=lambda path: None,
        render_chart=lambda summary: tmp_path / "chart.png",
        quit=lambda: None,
    )
    controller = Controller(Engine(Config(), ROUTINES, BERLIN), BERLIN, edges, None)
    controller.restore(None)
    assert controller.progression_level() == 2  # up, down, up, up
