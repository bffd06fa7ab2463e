"""The figures of the built reports as images, drawn by kaleido with the system Chromium: one browser per build, each
report's images drawn while the next reports run (:class:`Drawer`).

What is drawn is the plotly spec each figure has in the executed notebook (``render.prepare`` hands it to
:mod:`analysis.build.embeds`): kaleido draws it, no presentation code of ours is imported.

- ``figN.svg`` (always): the figure's static-first drawing on the report page and the embed page, SVG_WIDTH wide
  at the figure's height;
- ``figN-narrow.svg`` (always): the same figure in its narrow layout for phones (the paths and values of
  ``layout.meta["narrow"]``, set by :func:`narrowed`, the one Python reading of them; the pages' scripts read them
  the same way), NARROW_WIDTH wide at the narrow layout's height (the figure's own when the patch sets none).
- with ``--static``: ``figN.png``, 1200×675 for social cards, and ``figN@2x.png``, 1280 px wide (2560 px at 2×)
  for print, at the SVG's proportions. Both keep the figure's own title and source line, and the bottom margin
  grows if the source line would fall outside the image.

Byte-identical rebuilds: plotly.js names the elements of an SVG with random ids (the plot's ``_uid`` in
``defs-…``, ``clip…xyplot`` and the like, each trace's uid in its class ``trace…``, fill patterns ``p…-…``). The
traces get their uid from their position before drawing, and :func:`normalise_svg` renames the plot's uid and
every element id, in order of first appearance, with every reference to them, then writes the SVG in canonical XML
(C14N 2.0: attributes in sorted order), without the groups that hold nothing. The PNGs are already byte-identical
(Chromium's PNG encoder writes no time).

Speed: kaleido reloads its page, and with it 1.5 MB of plotly.js, after every figure; :func:`new_browser` keeps the
page between figures. A page that has drawn other figures writes some attributes in another order, the rest of the
SVG the same (196 SVGs of the matrix and the 80 PNGs of 40 figures compared with and without the reload, in both
orders): the canonical form makes the bytes the same whatever was drawn before, and the drawing takes a third of the
time.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import hashlib
import itertools
import json
import os
import queue
import re
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import C14NWriterTarget, XMLParser

from analysis.core.browser import check_browser
from analysis.core.errors import KarabakhError
from analysis.core.paths import atomic_write

CARD = (1200, 675)  # social cards (og:image, twitter summary_large_image)
PRINT_WIDTH = 1280  # px, drawn at 2×
SOURCE_SHIFT = 60  # px under the plot where the house style puts the source line (present.style.finish)
LINE = 16  # px per line of the source annotation
PLOTLY_JS = Path(__file__).parent / "assets" / "plotly-cartesian.min.js"  # what the pages draw with
CLOSE_SECONDS = 20  # for kaleido to open or close its browser (a second or two when all is well)
BATCH_SECONDS = 120  # for one report's images (a few seconds when all is well)
NARROW_WIDTH = 390  # px: a phone's width (the pages switch to the narrow layout at 600 px and below)
PATH = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[\d+\])*$")  # a narrow layout's path: layout.legend.x, data[0].name
PATH_STEP = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]")
UID = re.compile(r'<defs id="defs-([0-9a-f]+)"')
IDS = re.compile(r'\bid="([^"]+)"')
SVG_GROUP = "{http://www.w3.org/2000/svg}g"


@dataclass(frozen=True)
class Image:
    spec: dict[str, Any]
    path: Path
    format: str  # svg | png
    width: int
    height: int
    scale: int = 1


def figure(spec: dict[str, Any], fit_source: bool = False) -> dict[str, Any]:
    """The spec to draw: data, layout and frames; traces named by position (plotly.js would draw a random uid into
    their classes). ``fit_source``: make room under the plot for the source annotation when the image is short."""
    data = copy.deepcopy(spec.get("data", []))
    for position, trace in enumerate(data):
        trace.setdefault("uid", f"kb{position}")
    layout = copy.deepcopy(spec.get("layout", {}))
    layout.pop("width", None)
    layout.pop("height", None)
    if fit_source:
        lines = max(
            (
                str(a.get("text", "")).count("<br>") + 1
                for a in layout.get("annotations", [])
                if a.get("yref") == "paper" and a.get("y") == 0 and (a.get("yshift") or 0) < 0
            ),
            default=0,
        )
        title = layout.get("title")
        if isinstance(title, dict) and (title.get("x") or 0) == 0:  # a title at x=0 touches the image's edge
            title.setdefault("pad", {}).setdefault("l", 12)
        if lines:
            margin = layout.setdefault("margin", {})
            needed = SOURCE_SHIFT + lines * LINE + 8
            margin["b"] = max(margin.get("b") or 0, needed)
    return {"data": data, "layout": layout, "frames": spec.get("frames", [])}


def _steps(path: str) -> list[str | int]:
    """``layout.annotations[2].text`` → ``["layout", "annotations", 2, "text"]``; a path of anything else is refused."""
    if not PATH.match(path):
        raise KarabakhError(
            f"narrow layout: {path!r} is not a path into a figure (e.g. layout.legend.x or data[0].name)"
        )
    return [int(index) if index else key for key, index in PATH_STEP.findall(path)]


def narrowed(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``spec`` in its narrow layout: each path of ``layout.meta["narrow"]`` set to its value, the objects
    and lists on the way made when missing (as the pages' script does, in analysis/build/templates)."""
    result = copy.deepcopy(spec)
    meta = result.get("layout", {}).get("meta")
    patch = meta.get("narrow") if isinstance(meta, dict) else None
    for path, value in (patch or {}).items():
        steps = _steps(path)
        target: Any = result
        for step, following in itertools.pairwise(steps):
            empty: Any = [] if isinstance(following, int) else {}
            if isinstance(step, int):
                while len(target) <= step:
                    target.append(None)
                if target[step] is None:
                    target[step] = empty
            elif target.get(step) is None:
                target[step] = empty
            target = target[step]
        last = steps[-1]
        if isinstance(last, int):
            while len(target) <= last:
                target.append(None)
        target[last] = copy.deepcopy(value)
    return result


def narrow_size(spec: dict[str, Any], height: int) -> tuple[int, int]:
    """The narrow drawing's width and height: NARROW_WIDTH, and the narrow layout's height, else ``height``."""
    narrow_height = narrowed(spec).get("layout", {}).get("height")
    return NARROW_WIDTH, int(narrow_height or height)


def normalise_svg(svg: str) -> str:
    """The same drawing in the same bytes every time: the plot's random uid and every element id renamed in order
    of first appearance (``url(#…)`` and ``href="#…"`` references follow), in canonical XML, without the groups
    that hold nothing (plotly.js leaves one per trace for each of error bars, points, text…: a third of a map's
    elements, which a phone would otherwise build and lay out)."""
    out: list[str] = []
    parser = XMLParser(target=_WithoutEmptyGroups(C14NWriterTarget(out.append)))
    parser.feed(_renamed(svg))
    parser.close()
    return "".join(out)


class _WithoutEmptyGroups:
    """A parser target that passes every event on to ``target`` but an empty ``<g>`` without an id: a group's start
    waits until something comes inside it, and a group whose end comes first is dropped with its start."""

    def __init__(self, target: C14NWriterTarget):
        self.target = target
        self.waiting: list[tuple[str, dict[str, str]]] = []  # groups started, nothing inside them yet

    def _flush(self) -> None:
        for tag, attrs in self.waiting:
            self.target.start(tag, attrs)
        self.waiting.clear()

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == SVG_GROUP and "id" not in attrs:
            self.waiting.append((tag, attrs))
            return
        self._flush()
        self.target.start(tag, attrs)

    def end(self, tag: str) -> None:
        if self.waiting and tag == SVG_GROUP:
            self.waiting.pop()  # an empty group: neither its start nor its end is written
            return
        self.target.end(tag)

    def data(self, data: str) -> None:
        self._flush()
        self.target.data(data)

    def start_ns(self, prefix: str, uri: str) -> None:
        self._flush()
        self.target.start_ns(prefix, uri)

    def comment(self, text: str) -> None:
        self._flush()
        self.target.comment(text)

    def pi(self, target: str, data: str | None = None) -> None:
        self._flush()
        self.target.pi(target, data)


def _renamed(svg: str) -> str:
    found = UID.search(svg)
    if found:  # after a lowercase letter or 'defs-' only: a uid of digits must not touch a number in path data
        svg = re.sub(rf"(?:(?<=[a-z])|(?<=defs-)){re.escape(found.group(1))}", "kb", svg)
    ids = list(dict.fromkeys(IDS.findall(svg)))
    if not ids:
        return svg
    names = {old: f"kb{n}" for n, old in enumerate(ids)}
    alternatives = "|".join(re.escape(old) for old in sorted(ids, key=len, reverse=True))
    pattern = re.compile(rf'(?<=id=")({alternatives})(?=")|(?<=#)({alternatives})(?=[)"\'])')
    return pattern.sub(lambda m: names[m.group(1) or m.group(2)], svg)


def for_figure(spec: dict[str, Any], folder: Path, name: str, size: tuple[int, int], png: bool) -> list[Image]:
    """The images of one figure: its SVG at ``size`` and its narrow SVG, and with ``png`` the social card and the
    print PNG (both in the wide layout)."""
    width, height = size
    images = [
        Image(figure(spec), folder / f"{name}.svg", "svg", width, height),
        Image(figure(narrowed(spec)), folder / f"{name}-narrow.svg", "svg", *narrow_size(spec, height)),
    ]
    if png:
        images.append(Image(figure(spec, fit_source=True), folder / f"{name}.png", "png", *CARD))
        print_height = round(PRINT_WIDTH * height / width)
        images.append(
            Image(figure(spec, fit_source=True), folder / f"{name}@2x.png", "png", PRINT_WIDTH, print_height, 2)
        )
    return images


def key(image: Image) -> str:
    """What an image's bytes depend on: its figure, format and size (the same figure in two reports is drawn once)."""
    what = {"spec": image.spec, "format": image.format, "size": [image.width, image.height, image.scale]}
    return hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode("utf-8")).hexdigest()


class Drawer:
    """One browser for the whole build, drawing each report's images as soon as the report is done, while the next
    reports run: a thread of its own takes the lists :meth:`add` queues and draws them with kaleido (one page, with
    the cartesian plotly.js the pages load, no MathJax). An image the build already drew (the same figure, size and
    format in another report or language) is copied, not drawn again. :meth:`close` waits for the last one and
    raises the first error."""

    def __init__(self, log=print):
        self.log = log
        self._queue: queue.Queue[list[Image] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._drawn: dict[str, Path] = {}
        self._counts = {"drawn": 0, "copied": 0}
        self._error: BaseException | None = None
        self._started = 0.0
        self._browsers: list[int] = []  # the process groups of the browsers opened, for close() to make sure of
        # The build's workers add their reports' images at the same time: one of them starts the drawing thread. (Two
        # threads once started together, each with a browser; close() ended one, and the build waited for the other.)
        self._starting = threading.Lock()

    def add(self, images: list[Image]) -> None:
        if not images:
            return
        with self._starting:
            if self._thread is None:
                check_browser()
                self._started = time.perf_counter()
                self._thread = threading.Thread(target=lambda: asyncio.run(self._serve()), name="kaleido", daemon=True)
                self._thread.start()
        self._queue.put(list(images))

    def close(self) -> None:
        if self._thread is None:
            return
        self._queue.put(None)
        # the last batch (and its retry), then the browsers' close and open: each bounded, so the thread ends within
        bound = 2 * BATCH_SECONDS + 3 * CLOSE_SECONDS
        self._thread.join(timeout=bound)
        if self._thread.is_alive():
            self._error = self._error or KarabakhError(
                f"the drawing thread did not end within {bound} s of the last report"
            )
        self._thread = None
        for group in self._browsers:  # a browser still running keeps a thread of choreographer's, and the build, alive
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)
        seconds = time.perf_counter() - self._started
        self.log(
            f"Drew {self._counts['drawn']} image(s) of the figures, copied {self._counts['copied']} drawn twice "
            f"({seconds:.1f} s, alongside the reports)"
        )
        if self._error is not None:
            raise KarabakhError(f"drawing the figures' images failed: {self._error}") from self._error

    async def _serve(self) -> None:
        current = new_browser()
        try:
            await opened(current)
            self._browsers.append(current.subprocess.pid)
            while (batch := await asyncio.to_thread(self._queue.get)) is not None:
                if self._error is not None:
                    continue
                try:
                    await asyncio.wait_for(self._draw(current, batch), BATCH_SECONDS)
                except TimeoutError:  # a browser that stopped answering: once more, in a new one
                    self.log(f"The browser drew nothing for {BATCH_SECONDS} s; drawing again in a new one")
                    await closed(current)
                    current = new_browser()
                    await opened(current)
                    self._browsers.append(current.subprocess.pid)
                    try:
                        await asyncio.wait_for(self._draw(current, batch), BATCH_SECONDS)
                    except TimeoutError:
                        raise KarabakhError(
                            f"the browser drew nothing for {BATCH_SECONDS} s, twice, for {batch[0].path.parent.name}"
                        ) from None
        except Exception as exc:  # kept for close(), which raises it in the build's thread
            self._error = self._error or exc
            while self._queue.get() is not None:  # let the build finish queueing
                pass
        finally:
            await closed(current)

    async def _draw(self, browser, batch: list[Image]) -> None:
        fresh: dict[str, Image] = {}
        for image in batch:
            if key(image) not in self._drawn:
                fresh.setdefault(key(image), image)
        staged = {k: i.path.with_name(f".{i.path.name}.kaleido.{i.format}") for k, i in fresh.items()}
        for path in staged.values():
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            await browser.write_fig_from_object(
                [
                    {
                        "fig": image.spec,
                        "path": staged[k],
                        "opts": {
                            "format": image.format,
                            "width": image.width,
                            "height": image.height,
                            "scale": image.scale,
                        },
                    }
                    for k, image in fresh.items()
                ]
            )
            for k, image in fresh.items():
                content = staged[k].read_bytes()
                staged[k].unlink()
                if image.format == "svg":
                    content = normalise_svg(content.decode("utf-8")).encode("utf-8")
                atomic_write(image.path, content)
                self._drawn[k] = image.path
                self._counts["drawn"] += 1
            for image in batch:
                if self._drawn[key(image)] != image.path:
                    atomic_write(image.path, self._drawn[key(image)].read_bytes())
                    self._counts["copied"] += 1
        except Exception as exc:  # one report's images failing stops the drawing; close() says so
            self._error = exc


def new_browser():
    """kaleido's browser with one page (the cartesian plotly.js the pages load, no MathJax), kept between figures
    instead of reloaded after each (kaleido 1.5 reloads it in ``_return_kaleido_tab``; a test checks that no figure
    of ours reloads it)."""
    import kaleido

    class KeptPage(kaleido.Kaleido):
        async def _return_kaleido_tab(self, tab) -> None:
            await self.tabs_ready.put(tab)

    return KeptPage(n=1, mathjax=False, plotlyjs=str(PLOTLY_JS))


async def opened(browser) -> None:
    """Open kaleido's browser, given CLOSE_SECONDS (a second or two when all is well)."""
    try:
        await asyncio.wait_for(browser.open(), CLOSE_SECONDS)
    except TimeoutError:
        raise KarabakhError(f"Chromium did not start within {CLOSE_SECONDS} s (kaleido's browser)") from None


async def closed(browser) -> None:
    """Close kaleido's browser, given CLOSE_SECONDS; then, if it is still running, kill it with its process group
    (choreographer starts it in a session of its own). Builds were seen waiting at their end for a Chromium still
    running; the cause found was a second drawing thread's browser (see :meth:`Drawer.add`), and the bound stays as
    a guard."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(browser.close(), CLOSE_SECONDS)
    process = getattr(browser, "subprocess", None)
    if process is not None and process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
