"""Builds split across CI runners: `build --shard K/N` builds a stable share of the reports, `build --merge` joins
the shards into one site.

A report's shard is its slug's sha256 modulo N: the same slug always lands in the same shard, and adding or removing
a report moves no other. Each shard records the code and seeds it was built from (``.build/shard.json``); the merge
refuses shards that differ and names the difference. The merged site is what one build of every report writes:
the HTML, assets/, static/, the manifests and one index.html in reports.toml order.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import fields
from pathlib import Path
from typing import Any

from analysis.build import index
from analysis.build.builder import ASSETS, MANIFESTS, Outcome, code_digest
from analysis.build.config import SLUG
from analysis.build.embeds import EMBED
from analysis.core.errors import KarabakhError
from analysis.core.paths import atomic_write

SHARD_FILE = "shard.json"


def parse(text: str) -> tuple[int, int]:
    """'2/3' → (2, 3), or an error that says what is expected."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise KarabakhError(f"--shard {text!r}: expected K/N, e.g. 1/3") from None
    if not 1 <= k <= n:
        raise KarabakhError(f"--shard {text!r}: K must be between 1 and N")
    return k, n


def shard_of(slug: str, n: int) -> int:
    """The shard (1..n) a report belongs to."""
    return int(hashlib.sha256(slug.encode()).hexdigest(), 16) % n + 1


def seeds_digest(seeds: Path) -> str:
    """The seeds a build read: datapackage.json records every file's sha256, so its bytes name them all."""
    return hashlib.sha256((seeds / "datapackage.json").read_bytes()).hexdigest()


def record(out: Path, k: int, n: int, seeds: Path, slugs: list[str]) -> None:
    """Write what a shard was built from, for the merge to compare."""
    recorded = [slug for slug in slugs if (out / MANIFESTS / f"{slug}.json").exists()]  # not a slug like '../x'
    info = {"shard": f"{k}/{n}", "code": code_digest(), "seeds": seeds_digest(seeds), "slugs": sorted(recorded)}
    atomic_write(out / MANIFESTS / SHARD_FILE, json.dumps(info, indent=1, sort_keys=True) + "\n")


def merge(folders: list[Path], out: Path, order: list[str], log=print, seeds: Path | None = None) -> list[Outcome]:
    """Join shard outputs into ``out``; ``order`` is the slugs of reports.toml. Returns the outcomes for the index.
    ``seeds`` (the shards' seeds) gives the corrections pages written beside the index."""
    infos = []
    for folder in folders:
        path = folder / MANIFESTS / SHARD_FILE
        if not path.exists():
            raise KarabakhError(f"{folder}: not a shard build (no {MANIFESTS}/{SHARD_FILE}); build it with --shard K/N")
        infos.append((folder, json.loads(path.read_text(encoding="utf-8"))))
    for key, what in (("code", "package code or lock"), ("seeds", "seeds")):
        values = {info[key] for _, info in infos}
        if len(values) > 1:
            detail = "; ".join(f"{folder}: {info[key][:12]}" for folder, info in infos)
            raise KarabakhError(f"the shards were built from different {what}: {detail}. Rebuild them from one commit")
    counts = {info["shard"].split("/")[1] for _, info in infos}
    if len(counts) > 1:
        raise KarabakhError(f"the shards were cut in different ways: {', '.join(i['shard'] for _, i in infos)}")
    n = int(counts.pop())
    given = sorted(int(info["shard"].split("/")[0]) for _, info in infos)
    if given != list(range(1, n + 1)):
        missing = sorted(set(range(1, n + 1)) - set(given))
        twice = sorted({k for k in given if given.count(k) > 1})
        raise KarabakhError(
            f"merge needs each of the {n} shards once: "
            + "; ".join(
                part
                for part in (
                    f"missing {', '.join(f'{k}/{n}' for k in missing)}" if missing else "",
                    f"given twice {', '.join(f'{k}/{n}' for k in twice)}" if twice else "",
                )
                if part
            )
        )
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFESTS).mkdir(exist_ok=True)
    names = {f.name for f in fields(Outcome)}
    outcomes: dict[str, Outcome] = {}
    for folder, info in infos:
        for slug in info["slugs"]:
            manifest = folder / MANIFESTS / f"{slug}.json"
            if not manifest.exists():
                raise KarabakhError(f"{folder}: the shard lists '{slug}' but has no {MANIFESTS}/{slug}.json")
            shutil.copyfile(manifest, out / MANIFESTS / manifest.name)
            page = folder / f"{slug}.html"
            if page.exists():
                shutil.copyfile(page, out / page.name)
            kept: dict[str, Any] = json.loads(manifest.read_text(encoding="utf-8"))
            outcomes[slug] = Outcome(**{k: v for k, v in kept.items() if k in names} | {"seconds": 0.0})
        for sub in (ASSETS, "static", EMBED):
            if (folder / sub).is_dir():
                shutil.copytree(folder / sub, out / sub, dirs_exist_ok=True)
    lost = [slug for slug in order if slug not in outcomes and SLUG.match(str(slug))]
    if lost:
        raise KarabakhError(f"no shard built {', '.join(lost)}: the shards come from another reports.toml (--config)")
    ordered = [outcomes.pop(slug) for slug in order if slug in outcomes] + list(outcomes.values())
    index.write(out, ordered, seeds)
    log(f"Merged {len(folders)} shard(s) into {out}: {len(ordered)} report(s)")
    return ordered
