"""The build backend: setuptools', after compiling the translation catalogues.

`pyproject.toml` names this module (`backend-path = ["scripts"]`), so every build of the
package, a wheel, an editable install or `pipx install .`, first turns each
`deskbreak/lang/po/<code>.po` into `deskbreak/lang/locale/<code>/LC_MESSAGES/deskbreak.mo`.
The compiled files are build products: git ignores them and the wheel carries them.
`scripts/i18n` uses `compile_catalogs` too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import (  # noqa: F401 - the hooks this backend passes through
    build_sdist,
    get_requires_for_build_editable,
    get_requires_for_build_sdist,
    get_requires_for_build_wheel,
    prepare_metadata_for_build_editable,
    prepare_metadata_for_build_wheel,
)

ROOT = Path(__file__).resolve().parent.parent
PO_DIR = ROOT / "deskbreak" / "lang" / "po"
LOCALE_DIR = ROOT / "deskbreak" / "lang" / "locale"


def compile_catalogs(po_dir: Path = PO_DIR, locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile every `<code>.po` in `po_dir` whose .mo is missing or older; return the .mo files."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(po_dir.glob("*.po")):
        mo = locale_dir / po.stem / "LC_MESSAGES" / "deskbreak.mo"
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            written.append(mo)
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.stem)
        mo.parent.mkdir(parents=True, exist_ok=True)
        partial = mo.with_suffix(".tmp")
        with partial.open("wb") as target:
            write_mo(target, catalog)
        partial.replace(mo)
        written.append(mo)
    return written


def build_wheel(
    wheel_directory: str,
    config_settings: dict[str, Any] | None = None,
    metadata_directory: str | None = None,
) -> str:
    compile_catalogs()
    return str(_setuptools.build_wheel(wheel_directory, config_settings, metadata_directory))


def build_editable(
    wheel_directory: str,
    config_settings: dict[str, Any] | None = None,
    metadata_directory: str | None = None,
) -> str:
    compile_catalogs()
    return str(_setuptools.build_editable(wheel_directory, config_settings, metadata_directory))


if __name__ == "__main__":  # `python scripts/build_backend.py`: compile the catalogues now
    compile_catalogs()
