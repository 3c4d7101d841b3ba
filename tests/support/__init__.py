"""Test support shared by the whole suite: each builder, fake and runner has one home here.

- `fakes`: typed fakes of the edges (notifier, launcher, idle source, timer, store) and of
  `Commands`, checked against the real Protocols by mypy and by `test_fakes.py`;
- `status`: `make_status`, the one builder of `Status` values for front-end tests;
- `daemon`: real `deskbreak run` processes in a short temporary home, driven through the CLI
  and stopped by PID (imports no deskbreak module: the processes are the code under test);
- `waiting`: `wait_until`, polling a condition with a deadline instead of sleeping;
- `configs`: config texts the tests share (a quiet schedule, a tiny routine);
- `ownwords`: six-word windows and their hashes, for the own-words guard;
- `holds`: `Reports`, a hold source's reports awaited with a deadline;
- `engine`: small routines, configs and a simulator for the engine tests.

The real desktops the desktop tests run on (and the daemon runner they share) are in `harness/`.
"""
