"""`python -m deskbreak`: the same as the `deskbreak` command."""

from __future__ import annotations

import sys

from deskbreak.cli import main

sys.exit(main())
