"""Where the project lives and where its inputs are read from."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_ENV = "KARABAKH_SEEDS"
DEFAULT_SEEDS = PROJECT_ROOT / "seeds"
STATIC_ENV = "KARABAKH_STATIC_DIR"  # where print exports (PNG, SVG) go; the build points it at <out>/static


def seeds_dir() -> Path:
    """The seeds folder: $KARABAKH_SEEDS if set (the CLI's --seeds sets it), else ./seeds."""
    override = os.environ.get(SEEDS_ENV)
    return Path(override).resolve() if override else DEFAULT_SEEDS


def static_dir() -> Path:
    return Path(os.environ.get(STATIC_ENV) or PROJECT_ROOT / "reports" / "static")


def atomic_write(path: Path, text: str) -> None:
    """Write via a temporary file and a rename, so a reader never sees half a file."""
    import threading

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}.{threading.get_ident()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
