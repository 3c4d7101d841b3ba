# ruff: noqa: E501  (expected output lines are kept whole so they read like the real output)
"""Every config rule, one invalid file at a time, with the exact lines `config check` prints.

Each case is a small TOML document and the complete list of problem lines it must produce,
in order, so a changed message, a lost line number or an extra spurious problem all fail.
"""

from __future__ import annotations

import pytest

from deskbreak.core.config.read import ConfigErrors, parse_config

CASES = [
    (
        "bad-duration",
        '[schedule]\nevery = "5x"\n',
        ['schedule.every: "5x" is not a duration — use h, m and s, e.g. "1m" to "8h" (line 2)'],
    ),
    (
        "duration-no-unit",
        '[schedule]\nevery = "45"\n',
        ['schedule.every: "45" has no unit — use h, m and s, e.g. "1m" to "8h" (line 2)'],
    ),
    (
        "duration-number",
        "[schedule]\nevery = 45\n",
        [
            'schedule.every: expected a duration string, got a number (45) — write it in quotes with a unit: "1m" to "8h" (line 2)'
        ],
    ),
    (
        "every-too-short",
        '[schedule]\nevery = "30s"\n',
        ['schedule.every: "30s" is out of range — use "1m" to "8h" (line 2)'],
    ),
    (
        "every-too-long",
        '[schedule]\nevery = "9h"\n',
        ['schedule.every: "9h" is out of range — use "1m" to "8h" (line 2)'],
    ),
    (
        "notifications-due-typo",
        '[notifications]\ndue = "critcal"\n',
        ['notifications.due: "critcal" is not a known choice — did you mean "critical"? (line 2)'],
    ),
    (
        "notifications-due-unknown",
        '[notifications]\ndue = "loud"\n',
        [
            'notifications.due: "loud" is not a known choice — use "stay", "critical" or "normal" (line 2)'
        ],
    ),
    (
        "player-motion-typo",
        '[player]\nmotion = "reduce"\n',
        ['player.motion: "reduce" is not a known choice — did you mean "reduced"? (line 2)'],
    ),
    (
        "player-contrast-unknown",
        "[player]\ncontrast = true\n",
        [
            'player.contrast: expected text, got true/false (true) — write "auto", "normal" or "high", in quotes (line 2)'
        ],
    ),
    (
        "notifications-due-number",
        "[notifications]\ndue = 3\n",
        [
            'notifications.due: expected text, got a number (3) — write "stay", "critical" or "normal", in quotes (line 2)'
        ],
    ),
    (
        "every-off",
        '[schedule]\nevery = "off"\n',
        ['schedule.every: cannot be switched off — give a duration from "1m" to "8h" (line 2)'],
    ),
    (
        "snooze-too-long",
        '[schedule]\nsnooze = "5h"\n',
        ['schedule.snooze: "5h" is out of range — use "1m" to "4h" (line 2)'],
    ),
    (
        "renotify-bad",
        '[schedule]\nrenotify = "never"\n',
        [
            'schedule.renotify: "never" is not a duration — use h, m and s, e.g. "1m" to "4h" or "off" (line 2)'
        ],
    ),
    (
        "heads-up-not-shorter",
        '[schedule]\nevery = "5m"\nheads_up = "5m"\n',
        [
            'schedule.heads_up: "5m" is not shorter than every ("5m") — make it shorter than the interval, or "off" (line 3)'
        ],
    ),
    (
        "natural-break-bool",
        "[schedule]\nnatural_break = false\n",
        [
            'schedule.natural_break: expected a duration string, got true/false (false) — write it in quotes with a unit: "10s" to "4h" or "off" (line 2)'
        ],
    ),
    (
        "snooze-choices-empty",
        "[schedule]\nsnooze_choices = []\n",
        [
            'schedule.snooze_choices: is empty — give 1 to 6 durations, e.g. ["5m", "10m", "30m"] (line 2)'
        ],
    ),
    (
        "snooze-choices-too-many",
        '[schedule]\nsnooze_choices = ["1m", "2m", "3m", "4m", "5m", "6m", "7m"]\n',
        ["schedule.snooze_choices: has 7 entries — keep it to at most 6 (line 2)"],
    ),
    (
        "snooze-choices-duplicate",
        '[schedule]\nsnooze_choices = ["5m", "300s"]\n',
        [
            'schedule.snooze_choices[1]: "300s" repeats an earlier choice — list each choice once (line 2)'
        ],
    ),
    (
        "snooze-choices-string",
        '[schedule]\nsnooze_choices = "5m"\n',
        [
            'schedule.snooze_choices: expected a list of durations, got text ("5m") — write it in brackets, e.g. ["…", "…"] (line 2)'
        ],
    ),
    (
        "max-snoozes-bool",
        "[schedule]\nmax_snoozes = true\n",
        [
            "schedule.max_snoozes: expected a whole number, got true/false (true) — write a number from 0 to 20, no quotes (line 2)"
        ],
    ),
    (
        "max-snoozes-negative",
        "[schedule]\nmax_snoozes = -1\n",
        ["schedule.max_snoozes: -1 is out of range — use a number from 0 to 20 (line 2)"],
    ),
    (
        "max-snoozes-huge",
        "[schedule]\nmax_snoozes = 99999999999999999\n",
        [
            "schedule.max_snoozes: a huge number is out of range — use a number from 0 to 20 (line 2)"
        ],
    ),
    (
        "max-snoozes-float",
        "[schedule]\nmax_snoozes = 2.5\n",
        [
            "schedule.max_snoozes: expected a whole number, got a number (2.5) — write a number from 0 to 20, no quotes (line 2)"
        ],
    ),
    (
        "rotation-empty",
        "[schedule]\nrotation = []\n",
        ['schedule.rotation: is empty — name at least one routine, e.g. ["mini-reset"] (line 2)'],
    ),
    (
        "rotation-unknown",
        '[schedule]\nrotation = ["mini-rest"]\n',
        ['schedule.rotation[0]: unknown routine "mini-rest" — did you mean "mini-reset"? (line 2)'],
    ),
    (
        "rotation-bad-id",
        '[schedule]\nrotation = ["Mini Reset"]\n',
        [
            'schedule.rotation[0]: "Mini Reset" is not a valid id — use lowercase letters and digits joined by hyphens, e.g. "my-reset" (line 2)'
        ],
    ),
    (
        "rotation-not-a-list",
        '[schedule]\nrotation = "mini-reset"\n',
        [
            'schedule.rotation: expected a list of routine ids, got text ("mini-reset") — write it in brackets, e.g. ["…", "…"] (line 2)'
        ],
    ),
    (
        "rotation-too-long",
        '[schedule]\nrotation = ["long-one"]\n[[routines]]\nid = "long-one"\ntitle = "Long"\n[[routines.steps]]\nexercise = "shoulder-rolls"\nduration = "5m"\n',
        [
            'schedule.rotation[0]: "long-one" lasts 5 min — desk breaks take 2 to 4 minutes: choose another routine or change its steps (line 2)'
        ],
    ),
    (
        "rotation-too-short",
        '[schedule]\nrotation = ["short-one"]\n[[routines]]\nid = "short-one"\ntitle = "Short"\n[[routines.steps]]\nexercise = "shoulder-rolls"\nduration = "1m"\n',
        [
            'schedule.rotation[0]: "short-one" lasts 1 min — desk breaks take 2 to 4 minutes: choose another routine or change its steps (line 2)'
        ],
    ),
    (
        "rotation-not-seated",
        '[schedule]\nrotation = ["floor-one"]\n[[routines]]\nid = "floor-one"\ntitle = "Floor"\n[[routines.steps]]\nname = "Lie down"\nduration = "3m"\nposture = "floor"\n',
        [
            'schedule.rotation[0]: "floor-one" has floor steps — desk breaks happen at the desk: choose a seated or standing routine (line 2)'
        ],
    ),
    (
        "unknown-top-key",
        '[schedul]\nevery = "45m"\n',
        ['schedul: unknown key — did you mean "schedule"? (line 1)'],
    ),
    (
        "unknown-schedule-key",
        '[schedule]\nevry = "45m"\n',
        ['schedule.evry: unknown key — did you mean "every"? (line 2)'],
    ),
    (
        "first-side-not-a-side",
        '[player]\nfirst_side = "rigth"\n\n[[routines]]\nid = "x"\nfirst_side = 1\n'
        '[[routines.steps]]\nexercise = "shoulder-rolls"\nduration = "2m"\n',
        [
            'player.first_side: "rigth" is not a known choice — did you mean "right"? (line 2)',
            'routines[0].first_side: expected text, got a number (1) — write "left" or "right", in '
            "quotes (line 6)",
        ],
    ),
    (
        "unknown-key-no-match",
        "[player]\nzzz = 1\n",
        [
            "player.zzz: unknown key — remove it; known keys: window, chime, voice, always_on_top, by_ear, accessible, motion, contrast, first_side, progression (line 2)"
        ],
    ),
    (
        "schedule-not-table",
        'schedule = "45m"\n',
        ['schedule: expected a table, got text ("45m") — write it as a [schedule] table (line 1)'],
    ),
    (
        "hours-end-before-start",
        '[schedule.hours]\nmon = ["09:00-12:30", "13:30-12:00"]\n',
        [
            'schedule.hours.mon[1]: "13:30-12:00" ends before it starts — write the later time second (line 2)'
        ],
    ),
    (
        "hours-overlap",
        '[schedule.hours]\ntue = ["09:00-12:30", "12:00-18:00"]\n',
        [
            'schedule.hours.tue[1]: "12:00-18:00" overlaps "09:00-12:30" — merge them or separate them (line 2)'
        ],
    ),
    (
        "hours-bad-time",
        '[schedule.hours]\nwed = "9-17"\n',
        [
            'schedule.hours.wed: "9" is not a time — write "HH:MM" on the 24-hour clock, e.g. "08:30" (line 2)',
            'schedule.hours.wed: "17" is not a time — write "HH:MM" on the 24-hour clock, e.g. "08:30" (line 2)',
        ],
    ),
    (
        "hours-25",
        '[schedule.hours]\nthu = "09:00-25:00"\n',
        ['schedule.hours.thu: "25:00" is not a time of day — use "00:00" to "24:00" (line 2)'],
    ),
    (
        "hours-24-start",
        '[schedule.hours]\nfri = "24:00-24:00"\n',
        ['schedule.hours.fri: "24:00" is not a time of day — use "00:00" to "23:59" (line 2)'],
    ),
    (
        "hours-unknown-day",
        '[schedule.hours]\nmonday = "09:00-17:00"\n',
        ['schedule.hours.monday: unknown key — did you mean "mon"? (line 2)'],
    ),
    (
        "hours-number",
        "[schedule.hours]\nsat = 9\n",
        [
            'schedule.hours.sat: expected a range "HH:MM-HH:MM" or a list of them, got a number (9) — write it in brackets, e.g. ["…", "…"] (line 2)'
        ],
    ),
    (
        "reminder-missing",
        '[[reminders]]\ndays = "daily"\n',
        [
            'reminders[0].at: is missing — add at = "08:30" (line 1)',
            'reminders[0].routine: is missing — add routine = "mini-reset" (line 1)',
        ],
    ),
    (
        "reminder-bad-time",
        '[[reminders]]\nat = "8.30"\nroutine = "mini-reset"\n',
        [
            'reminders[0].at: "8.30" is not a time — write "HH:MM" on the 24-hour clock, e.g. "08:30" (line 2)'
        ],
    ),
    (
        "reminder-unknown-routine",
        '[[reminders]]\nat = "08:30"\nroutine = "morning-reliefs"\n',
        [
            'reminders[0].routine: unknown routine "morning-reliefs" — did you mean "morning-relief"? (line 3)'
        ],
    ),
    (
        "reminder-bad-day",
        '[[reminders]]\nat = "08:30"\ndays = ["mon", "tues"]\nroutine = "mini-reset"\n',
        ['reminders[0].days[1]: "tues" is not a day — did you mean "tue"? (line 3)'],
    ),
    (
        "reminder-empty-days",
        '[[reminders]]\nat = "08:30"\ndays = []\nroutine = "mini-reset"\n',
        [
            'reminders[0].days: is empty — list at least one day, e.g. ["mon", "fri"], or "daily" (line 3)'
        ],
    ),
    (
        "reminders-table",
        '[reminders]\nat = "08:30"\n',
        [
            'reminders: expected a list of tables, got a table — write each entry as [[reminders]] with at = "08:30" and routine = "…" (line 1)'
        ],
    ),
    (
        "reminder-unknown-key",
        '[[reminders]]\nat = "08:30"\nroutine = "mini-reset"\nday = "mon"\n',
        ['reminders[0].day: unknown key — did you mean "days"? (line 4)'],
    ),
    (
        "notification-string",
        '[notifications]\nsound = "yes"\n',
        [
            'notifications.sound: expected true or false, got text ("yes") — write true or false, no quotes (line 2)'
        ],
    ),
    (
        "goals-zero",
        "[goals]\nbreaks_per_day = 0\n",
        ["goals.breaks_per_day: 0 is out of range — use a number from 1 to 48 (line 2)"],
    ),
    (
        "goals-bool",
        "[goals]\nbreaks_per_day = false\n",
        [
            "goals.breaks_per_day: expected a whole number, got true/false (false) — write a number from 1 to 48, no quotes (line 2)"
        ],
    ),
    (
        "routine-builtin-id",
        '[[routines]]\nid = "mini-reset"\ntitle = "Mine"\n[[routines.steps]]\nexercise = "shoulder-rolls"\nduration = "1m"\n',
        [
            'routines[0].id: "mini-reset" is a built-in routine — pick another id, e.g. "my-mini-reset" (line 2)'
        ],
    ),
    (
        "routine-duplicate-id",
        '[[routines]]\nid = "a"\n[[routines.steps]]\nexercise = "shoulder-rolls"\nduration = "1m"\n[[routines]]\nid = "a"\n[[routines.steps]]\nexercise = "shoulder-rolls"\nduration = "1m"\n',
        [
            'routines[1].id: "a" is already used by routines[0] — give each routine its own id (line 7)'
        ],
    ),
    (
        "routine-bad-id",
        '[[routines]]\nid = "My_Reset"\n[[routines.steps]]\nexercise = "shoulder-rolls"\nduration = "1m"\n',
        [
            'routines[0].id: "My_Reset" is not a valid id — use lowercase letters and digits joined by hyphens, e.g. "my-reset" (line 2)'
        ],
    ),
    (
        "routine-missing",
        '[[routines]]\ntitle = "x"\n',
        [
            'routines[0].id: is missing — add id = "my-reset" (line 1)',
            "routines[0].steps: is missing — add [[routines.steps]] entries (line 1)",
        ],
    ),
    (
        "routine-no-steps",
        '[[routines]]\nid = "a"\nsteps = []\n',
        [
            "routines[0].steps: must have 1 to 40 steps — add [[routines.steps]] entries with a duration (line 3)"
        ],
    ),
    (
        "routine-unknown-key",
        '[[routines]]\nid = "a"\ntitel = "A"\n[[routines.steps]]\nexercise = "shoulder-rolls"\nduration = "1m"\n',
        ['routines[0].titel: unknown key — did you mean "title"? (line 3)'],
    ),
    (
        "step-unknown-exercise",
        '[[routines]]\nid = "a"\n[[routines.steps]]\nexercise = "shoulder-roll"\nduration = "1m"\n',
        [
            'routines[0].steps[0].exercise: unknown exercise "shoulder-roll" — did you mean "shoulder-rolls"? (line 4)'
        ],
    ),
    (
        "step-unknown-key",
        '[[routines]]\nid = "a"\n[[routines.steps]]\nname = "Tilt"\nduration = "1m"\ncue = ["x"]\n',
        ['routines[0].steps[0].cue: unknown key — did you mean "cues"? (line 6)'],
    ),
    (
        "step-neither",
        '[[routines]]\nid = "a"\n[[routines.steps]]\nduration = "1m"\n',
        [
            'routines[0].steps[0]: has neither exercise nor name — add exercise = "shoulder-rolls" or name = "…" (line 3)'
        ],
    ),
    (
        "step-duration-missing",
        '[[routines]]\nid = "a"\n[[routines.steps]]\nexercise = "shoulder-rolls"\n',
        ['routines[0].steps[0].duration: is missing — add duration = "30s" (line 3)'],
    ),
    (
        "step-duration-long",
        '[[routines]]\nid = "a"\n[[routines.steps]]\nexercise = "shoulder-rolls"\nduration = "11m"\n',
        ['routines[0].steps[0].duration: "11m" is out of range — use "1s" to "10m" (line 5)'],
    ),
    (
        "step-bad-posture",
        '[[routines]]\nid = "a"\n[[routines.steps]]\nname = "Lie"\nduration = "1m"\nposture = "lying"\n',
        [
            'routines[0].steps[0].posture: "lying" is not a posture — use one of seated, standing, floor (line 6)'
        ],
    ),
    (
        "step-posture-override",
        '[[routines]]\nid = "a"\n[[routines.steps]]\nexercise = "shoulder-rolls"\nduration = "1m"\nposture = "floor"\n',
        [
            "routines[0].steps[0].posture: cannot change a built-in exercise's posture — remove it, or define your own step with name (line 6)"
        ],
    ),
    (
        "step-cues-wrong",
        '[[routines]]\nid = "a"\n[[routines.steps]]\nname = "Tilt"\nduration = "1m"\ncues = ["ok", 3]\n',
        [
            "routines[0].steps[0].cues[1]: expected a cue, got a number (3) — write it in quotes (line 6)"
        ],
    ),
    (
        "step-empty-name",
        '[[routines]]\nid = "a"\n[[routines.steps]]\nname = "  "\nduration = "1m"\n',
        ["routines[0].steps[0].name: is empty — write a name (line 4)"],
    ),
    (
        "step-sides-string",
        '[[routines]]\nid = "a"\n[[routines.steps]]\nname = "Tilt"\nduration = "1m"\nsides = "yes"\n',
        [
            'routines[0].steps[0].sides: expected true or false, got text ("yes") — write true or false, no quotes (line 6)'
        ],
    ),
    (
        "syntax-unquoted",
        "[schedule]\nevery = 45m\n",
        [
            'toml: expected newline or end of document after a statement (column 11) — put text in quotes, e.g. every = "45m" (line 2)'
        ],
    ),
    (
        "syntax-unclosed",
        '[schedule]\nrotation = ["a"\n',
        ["toml: unclosed array at the end of the file — close what is still open"],
    ),
    (
        "syntax-duplicate",
        '[schedule]\nevery = "45m"\nevery = "30m"\n',
        ["toml: a key is set twice — keep only one of them (line 3)"],
    ),
    (
        "syntax-table-twice",
        "[goals]\n[goals]\n",
        ["toml: table [goals] is declared twice — merge the two into one (line 2)"],
    ),
    (
        "several-at-once",
        '[schedule]\nevery = "5x"\nsnooze = 10\n[player]\nwindow = "no"\n',
        [
            'schedule.every: "5x" is not a duration — use h, m and s, e.g. "1m" to "8h" (line 2)',
            'schedule.snooze: expected a duration string, got a number (10) — write it in quotes with a unit: "1m" to "4h" (line 3)',
            'player.window: expected true or false, got text ("no") — write true or false, no quotes (line 5)',
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_invalid_config_lists_exactly_these_problems(text: str, expected: list[str]) -> None:
    with pytest.raises(ConfigErrors) as caught:
        parse_config(text)
    assert [str(p) for p in caught.value.problems] == expected


def test_case_names_are_unique() -> None:
    assert len({c[0] for c in CASES}) == len(CASES) >= 30
