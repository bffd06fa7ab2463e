"""Where the project lives and where its inputs are read from."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEEDS_ENV = "KARABAKH_SEEDS"
DEFAULT_SEEDS = PROJECT_ROOT / "seeds"
STATIC_ENV = "KARABAKH_STATIC_DIR"  # the user's default for `build --static`: where print exports (PNG, SVG) go


def seeds_dir() -> Path:
    """The default seeds folder: $KARABAKH_SEEDS if the user set it, else ./seeds. The build never sets it: it hands
    each kernel its seeds folder in the report context."""
    override = os.environ.get(SEEDS_ENV)
    return Path(override).resolve() if override else DEFAULT_SEEDS


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write text (UTF-8) or bytes via a temporary file and a rename, so a reader never sees half a file."""
    import threading

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}.{threading.get_ident()}")
    tmp.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    os.replace(tmp, path)
