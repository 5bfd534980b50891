"""Film a synthetic talk: its pictures drawn with Pillow, composed and encoded by ffmpeg.

Every picture is a layer the size of the frame, transparent where the slide is not: a page of
the deck (whole or partly built), a terminal, another deck's page, or nothing at all (the
speaker alone). ffmpeg lays the layers over a stage, a camera and a moving picture-in-picture,
adds grain and encodes at a low bitrate. Rendered pages live in a scratch folder only.
"""

from __future__ import annotations

import random
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

from generator.videoeval.script import Shot, Talk

Layout = Literal["full", "stage", "angled"]
Quad = tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]
"""Corners of the slide in the frame, in pixels: top left, top right, bottom right, bottom left."""

FPS = 10
"""Frame rate of the recordings: enough to place every change on a 0.1 s grid."""
BUILD_BAND = {2: (0.40, 0.88), 1: (0.66, 0.88)}
"""Part of a page's height a build step still hides (the footer stays, as in real decks)."""


@dataclass(frozen=True)
class Style:
    """How a recording looks: its size, where the slide sits, what else moves, how it is encoded."""

    name: str
    size: tuple[int, int]
    layout: Layout
    pip: bool
    """A webcam picture-in-picture that moves and changes."""
    noise: int
    """Strength of ffmpeg's temporal grain (0: none)."""
    bitrate: int
    """Video bitrate in kbit/s."""
    letterbox: bool = False
    """The deck is 4:3, shown with bars in a 16:9 frame."""


STYLES = (
    Style("full-720p", (1280, 720), "full", pip=False, noise=0, bitrate=900),
    Style("stage-pip", (854, 480), "stage", pip=True, noise=4, bitrate=500),
    Style("noisy-360p", (640, 360), "stage", pip=True, noise=28, bitrate=150),
    Style("letterbox-4x3", (640, 360), "full", pip=True, noise=8, bitrate=250, letterbox=True),
    Style("angled-screen", (854, 480), "angled", pip=False, noise=12, bitrate=400),
)


@dataclass(frozen=True)
class Scene:
    """Where things sit in one recording, drawn at random within its style."""

    slide: Quad
    pip_box: tuple[int, int]
    """Width and height of the picture-in-picture."""
    pip_path: tuple[float, float, float, float]
    """Centre x, centre y, amplitude x, amplitude y of its movement, in pixels."""


def scene(style: Style, aspect: float, rng: random.Random) -> Scene:
    """Place the slide (a page of width/height `aspect`) and the webcam for one recording."""
    width, height = style.size
    if style.layout == "full":
        w = min(width, height * aspect)
        h = w / aspect
        x, y = (width - w) / 2, (height - h) / 2
        quad: Quad = ((x, y), (x + w, y), (x + w, y + h), (x, y + h))
    elif style.layout == "stage":
        w = width * rng.uniform(0.62, 0.74)
        h = w / aspect
        x = width * rng.uniform(0.02, 0.07)
        y = (height - h) / 2 + height * rng.uniform(-0.06, 0.06)
        quad = ((x, y), (x + w, y), (x + w, y + h), (x, y + h))
    else:
        j = [rng.uniform(-0.03, 0.03) for _ in range(8)]
        corners = ((0.10, 0.12), (0.86, 0.05), (0.92, 0.92), (0.07, 0.80))
        quad = tuple(  # type: ignore[assignment]
            ((cx + j[2 * i]) * width, (cy + j[2 * i + 1]) * height)
            for i, (cx, cy) in enumerate(corners)
        )
    pip = (round(width * 0.26) // 2 * 2, round(height * 0.26) // 2 * 2)
    path = (width * 0.80, height * 0.72, width * 0.08, height * 0.10)
    return Scene(quad, pip, path)


def film(
    talk: Talk,
    deck: Path,
    foreign: Path | None,
    style: Style,
    out: Path,
    scratch: Path,
    seed: int,
) -> Path:
    """Draw the talk's pictures and have ffmpeg film them into `out` (an MP4); return `out`."""
    rng = random.Random(seed)
    pages = _Pages(deck, style)
    where = scene(style, pages.aspect, rng)
    others = _Pages(foreign, style) if foreign else None
    stage = _stage(style)
    pictures: dict[tuple[str, int | None, int], Path] = {}
    listing: list[tuple[Path, float]] = []
    for shot in talk.shots:
        if shot.kind == "speaker":
            listing += _speaker(shot, stage, scratch, rng)
            continue
        key = (shot.kind, shot.page, shot.step)
        if key not in pictures:
            layer = _layer(shot, pages, others, style, where, stage, rng)
            pictures[key] = scratch / f"layer-{len(pictures):04d}.png"
            layer.save(pictures[key], compress_level=1)
        listing.append((pictures[key], shot.end - shot.start))
    concat = scratch / "layers.txt"
    lines = [f"file '{path}'\nduration {seconds:.3f}" for path, seconds in listing]
    lines.append(f"file '{listing[-1][0]}'")
    concat.write_text("ffconcat version 1.0\n" + "\n".join(lines) + "\n", encoding="utf-8")
    command = _command(talk, concat, style, where, out)
    subprocess.run(command, check=True, capture_output=True, timeout=1800)
    return out


def _command(talk: Talk, concat: Path, style: Style, where: Scene, out: Path) -> list[str]:
    """Return the ffmpeg command that adds the webcam and grain to the layers and encodes them."""
    speaker = (
        "+".join(
            f"gte(t,{shot.start - 0.05:.3f})*lt(t,{shot.end - 0.05:.3f})"
            for shot in talk.shots
            if shot.kind == "speaker"
        )
        or "0"
    )
    pip_w, pip_h = where.pip_box
    cx, cy, ax, ay = where.pip_path
    x = f"{cx - pip_w / 2:.0f}+{ax:.0f}*sin(t/7)"
    y = f"{cy - pip_h / 2:.0f}+{ay:.0f}*cos(t/5)"
    graph = [f"[0:v]fps={FPS},format=yuv420p[shown]"]
    last = "shown"
    if style.pip:
        graph.append(f"[shown][1:v]overlay=x='{x}':y='{y}':enable='not({speaker})'[pip]")
        last = "pip"
    finish = [f"noise=alls={style.noise}:allf=t"] if style.noise else []
    finish.append("format=yuv420p")
    graph.append(f"[{last}]{','.join(finish)}[v]")
    rate = style.bitrate
    return [
        "ffmpeg", "-nostdin", "-v", "error", "-y",
        "-f", "concat", "-safe", "0", "-i", str(concat),
        "-f", "lavfi", "-i", f"testsrc2=s={pip_w}x{pip_h}:r={FPS}",
        "-filter_complex", ";".join(graph), "-map", "[v]",
        "-t", f"{talk.duration:.3f}", "-r", str(FPS),
        "-c:v", "libx264", "-preset", "veryfast",
        "-b:v", f"{rate}k", "-maxrate", f"{rate * 3 // 2}k", "-bufsize", f"{rate * 2}k",
        "-movflags", "+faststart", str(out),
    ]  # fmt: skip


def _stage(style: Style) -> Image.Image:
    """Draw what is behind the slide: black, a dim stage, or a room's wall (darker at the edges)."""
    width, height = style.size
    if style.layout == "full":
        return Image.new("RGB", style.size, (0, 0, 0))
    base = np.array((29, 34, 56) if style.layout == "stage" else (74, 70, 64), dtype=float)
    ys, xs = np.mgrid[0:height, 0:width]
    distance = np.hypot((xs - width / 2) / width, (ys - height / 2) / height)
    light = np.clip(1.25 - 1.2 * distance, 0.3, 1.2)[..., None]
    return Image.fromarray(np.clip(base * light, 0, 255).astype(np.uint8), "RGB")


def _speaker(
    shot: Shot, stage: Image.Image, scratch: Path, rng: random.Random
) -> list[tuple[Path, float]]:
    """Draw the speaker alone, full frame: a figure that moves a little, twice a second."""
    frames: list[tuple[Path, float]] = []
    now = shot.start
    width, height = stage.size
    tone = tuple(rng.randrange(60, 200) for _ in range(3))
    while now < shot.end - 1e-6:
        seconds = min(0.5, shot.end - now)
        picture = Image.new("RGB", stage.size, (96, 88, 80))
        draw = ImageDraw.Draw(picture)
        sway = width * 0.03 * np.sin(now * 1.3) + rng.uniform(-3, 3)
        cx, top = width / 2 + sway, height * 0.22
        draw.rectangle((0, height * 0.75, width, height), fill=(60, 52, 46))
        draw.ellipse((cx - width * 0.22, height * 0.62, cx + width * 0.22, height * 1.3), fill=tone)
        draw.ellipse(
            (cx - width * 0.09, top, cx + width * 0.09, top + height * 0.36), fill=(222, 184, 150)
        )
        path = scratch / f"speaker-{shot.start:07.1f}-{len(frames):03d}.png"
        picture.save(path, compress_level=1)
        frames.append((path, seconds))
        now += seconds
    return frames


class _Pages:
    """A deck's pages drawn once each, at the size the recording shows them (4:3 crops too)."""

    def __init__(self, deck: Path, style: Style) -> None:
        self.document = pdfium.PdfDocument(deck)
        self.letterbox = style.letterbox
        first = self.document[0]
        self.width = style.size[0]
        ratio = first.get_width() / first.get_height()
        self.aspect = 4 / 3 if style.letterbox else ratio
        self.cache: dict[int, Image.Image] = {}

    def __len__(self) -> int:
        return len(self.document)

    def image(self, number: int) -> Image.Image:
        """Return page `number` as an RGB picture (its middle 4:3 for a letterboxed style)."""
        if number not in self.cache:
            page = self.document[number - 1]
            picture = page.render(scale=self.width / page.get_width()).to_pil().convert("RGB")
            if self.letterbox:
                crop = round(picture.height * 4 / 3)
                left = (picture.width - crop) // 2
                picture = picture.crop((left, 0, left + crop, picture.height))
            self.cache[number] = picture
        return self.cache[number]


def deck_4x3(source: Path, dest: Path) -> Path:
    """Write a 4:3 deck made of the middle of each page of `source`, as pictures; return `dest`."""
    style = Style("4x3", (1280, 720), "full", pip=False, noise=0, bitrate=0, letterbox=True)
    pages = _Pages(source, style)
    pictures = [pages.image(number) for number in range(1, len(pages) + 1)]
    first, *rest = pictures
    first.save(
        dest, "PDF", save_all=True, append_images=rest, resolution=96.0,
        title=None, creationDate=None, modDate=None,
    )  # fmt: skip
    return dest


def _layer(
    shot: Shot,
    pages: _Pages,
    others: _Pages | None,
    style: Style,
    where: Scene,
    stage: Image.Image,
    rng: random.Random,
) -> Image.Image:
    """Return the frame of one shot: its picture in the slide's place, over the stage."""
    if shot.kind == "foreign" and others is not None:
        picture = others.image(min(shot.step, len(others)))
    elif shot.kind == "terminal":
        picture = _terminal(shot.step, pages.image(1).size, rng)
    else:
        assert shot.page is not None
        picture = pages.image(shot.page)
        if shot.kind == "build":
            picture = _built(picture, shot.step)
    frame = stage.copy()
    placed = _placed(picture, where.slide, style.size)
    frame.paste(placed, (0, 0), placed)
    if style.layout == "angled":
        # A screen filmed across a room: less contrast, a little soft.
        frame = ImageEnhance.Contrast(frame).enhance(0.8).filter(ImageFilter.GaussianBlur(0.8))
    return frame


def _built(page: Image.Image, step: int) -> Image.Image:
    """Return a page with the part its build step has not shown yet painted over."""
    top, bottom = BUILD_BAND[step]
    small = page.resize((64, 36)).convert("RGB")
    colors = small.getcolors(64 * 36) or [(1, (255, 255, 255))]
    background = cast(tuple[int, ...], max(colors)[1])
    built = page.copy()
    ImageDraw.Draw(built).rectangle(
        (0, round(page.height * top), page.width, round(page.height * bottom)), fill=background
    )
    return built


_COMMANDS = (
    "docker build -t demo-app:latest .",
    "grype cgr.dev/chainguard/node:latest",
    "kubectl get pods -n demo",
    "npm install --registry http://localhost:4873",
    "cosign verify cgr.dev/chainguard/python:latest",
    "docker run --rm -it demo-app:latest",
    "uv pip install -r requirements.txt",
    "ls -la /usr/lib",
)
_WORDS = ("libssl", "zlib", "busybox", "glibc", "openssl", "curl", "expat", "ncurses", "musl")


def _terminal(screen: int, size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Draw a terminal screen: commands typed so far and their output, newest at the bottom."""
    picture = Image.new("RGB", size, (18, 20, 26))
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(max(10, size[1] // 30))
    lines = []
    for command in range(screen + 2):
        lines.append(f"$ {_COMMANDS[(command * 3 + screen) % len(_COMMANDS)]}")
        for _ in range(rng.randrange(2, 7)):
            word = rng.choice(_WORDS)
            lines.append(
                f"  {word:<10} {rng.randrange(1, 9)}.{rng.randrange(0, 30)}.{rng.randrange(0, 9)}"
                f"   CVE-2024-{rng.randrange(1000, 99999)}   {rng.choice(('Low', 'High', 'Medium'))}"
            )
    step = size[1] / 30 * 1.25
    shown = lines[-int(size[1] / step) + 1 :]
    for row, text in enumerate(shown):
        color = (120, 220, 120) if text.startswith("$") else (210, 210, 210)
        draw.text((size[0] * 0.02, size[1] * 0.02 + row * step), text, fill=color, font=font)
    return picture


def _placed(picture: Image.Image, quad: Quad, size: tuple[int, int]) -> Image.Image:
    """Return a transparent frame with `picture` warped onto the quadrilateral `quad`."""
    w, h = picture.size
    source = ((0, 0), (w, 0), (w, h), (0, h))
    coefficients = _perspective(quad, source)
    rgba = picture.convert("RGBA")
    return rgba.transform(size, Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BICUBIC)


def _perspective(
    frame: Sequence[tuple[float, float]], picture: Sequence[tuple[float, float]]
) -> tuple[float, ...]:
    """Return Pillow's coefficients that map frame points to picture points."""
    rows, values = [], []
    for (x, y), (u, v) in zip(frame, picture, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values += [u, v]
    solution = np.linalg.solve(np.array(rows, dtype=float), np.array(values, dtype=float))
    return tuple(float(c) for c in solution)
