"""Tell how much a video frame looks like each page of a deck, wherever the slide sits in it.

Where the slide is (full frame, letterboxed, inset on a stage, a screen filmed at an angle)
is a *layout*: a homography from page to frame. Layouts are found from SIFT keypoints the
frame shares with a page (RANSAC), rarely, and kept: a talk shows its slides in a few places
at most. Every frame is then cut out along the current layout, shrunk to a small grey patch
and compared with every page at once by normalised correlation; the pixels that move between
frames (a webcam picture-in-picture over the slide) are left out of the comparison.
Pure computation on arrays: no files, no processes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

Grey = NDArray[np.uint8]
Matrix = NDArray[np.float64]

FEATURE_WIDTH = 96
"""Width of the patch frames and pages are compared at (a 16:9 page: 96 x 54)."""
WARP_SCALE = 4
"""The slide is cut out at this many times the patch size, then shrunk by area averaging."""
LOST = 0.5
"""Below this best correlation the current layout may no longer hold: look for another."""
ACCEPT = 0.6
"""A new layout is kept only when some page correlates at least this well through it."""
RETRY_SECONDS = 2.0
"""While lost, look for a new layout at most this often (keypoint matching is the dear part)."""
MIN_INLIERS = 15
"""Keypoint matches a homography needs to count as a layout."""
KEYPOINTS = 500
"""Keypoints kept per page and per frame."""
KEYPOINT_WIDTH = 480
"""Pages are searched for keypoints this wide: about the size a slide has in a frame."""
CANDIDATES = 6
"""Pages whose keypoints are matched one by one after a vote over the whole deck."""
RATIO = 0.8
"""Lowe's ratio test: a match counts when clearly better than the second best."""
MOTION = 10.0
"""Grey levels a patch pixel must change by between frames to count as moving."""
MAX_MOVING = 0.4
"""Above this share of moving pixels the picture changed as a whole (a new slide): mask none."""
SWITCH_MARGIN = 0.1
"""Another known layout replaces the current one only when it correlates this much better."""


@dataclass(frozen=True)
class PageIndex:
    """A deck's pages prepared for matching: patches and keypoints."""

    aspect: float
    """Width over height of the pages (of the first page that could be drawn)."""
    patch_size: tuple[int, int]
    patches: NDArray[np.float32]
    """One row per page: its grey patch, flattened (a page that could not be drawn: flat)."""
    points: tuple[NDArray[np.float32], ...]
    """Each page's keypoints, in page units (0 to 1 across and down)."""
    descriptors: tuple[NDArray[np.float32] | None, ...]

    @property
    def pages(self) -> int:
        """Count the pages."""
        return len(self.patches)


def page_index(pictures: Sequence[Grey | None]) -> PageIndex:
    """Prepare the pages (grey pictures; None for a page that could not be drawn)."""
    drawn = [picture for picture in pictures if picture is not None]
    aspect = drawn[0].shape[1] / drawn[0].shape[0] if drawn else 16 / 9
    size = (FEATURE_WIDTH, max(8, round(FEATURE_WIDTH / aspect)))
    sift = _sift()
    patches: list[Any] = []
    points: list[Any] = []
    descriptors: list[Any] = []
    for picture in pictures:
        if picture is None:
            patches.append(np.zeros(size[0] * size[1], np.float32))
            points.append(np.zeros((0, 2), np.float32))
            descriptors.append(None)
            continue
        patches.append(_shrink(picture, size).ravel())
        width = min(KEYPOINT_WIDTH, picture.shape[1])
        small = cv2.resize(
            picture,
            (width, max(1, round(picture.shape[0] * width / picture.shape[1]))),
            interpolation=cv2.INTER_AREA,
        )
        found, described = sift.detectAndCompute(small, None)
        scale = np.array([small.shape[1], small.shape[0]], np.float32)
        points.append(np.array([k.pt for k in found], np.float32).reshape(-1, 2) / scale)
        descriptors.append(described)
    return PageIndex(aspect, size, np.stack(patches), tuple(points), tuple(descriptors))


def fitted_layout(frame_size: tuple[int, int], aspect: float) -> Matrix:
    """Return the layout of a page shown as large as the frame allows, centred (bars if need be)."""
    width, height = frame_size
    shown_width = min(width, height * aspect)
    shown_height = shown_width / aspect
    return np.array(
        [
            [shown_width, 0, (width - shown_width) / 2],
            [0, shown_height, (height - shown_height) / 2],
            [0, 0, 1],
        ]
    )


def cut_out(frame: Grey, layout: Matrix, size: tuple[int, int]) -> NDArray[np.float32]:
    """Return the part of the frame the layout puts the page in, as a patch of `size`."""
    large = (size[0] * WARP_SCALE, size[1] * WARP_SCALE)
    to_frame = layout @ np.diag([1.0 / large[0], 1.0 / large[1], 1.0])
    warped = cv2.warpPerspective(
        frame, to_frame, large, flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    )
    return _shrink(warped, size)


def correlations(
    index: PageIndex, patch: NDArray[np.float32], valid: NDArray[np.bool_] | None = None
) -> NDArray[np.float32]:
    """Return each page's normalised correlation with the patch, over the `valid` pixels."""
    seen = patch.ravel() if valid is None else patch.ravel()[valid]
    pages = index.patches if valid is None else index.patches[:, valid]
    if seen.size < 16:
        return np.zeros(index.pages, np.float32)
    seen = seen - seen.mean()
    pages = pages - pages.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(pages, axis=1) * np.linalg.norm(seen)
    scores: NDArray[np.float32] = ((pages @ seen) / np.maximum(norms, 1e-6)).astype(np.float32)
    return scores


@dataclass(frozen=True)
class Registration:
    """A layout found from keypoints, and the page it was found on."""

    layout: Matrix
    page: int
    """0-based index of the page."""
    inliers: int


def register(frame: Grey, index: PageIndex) -> Registration | None:
    """Find where a page of the deck sits in the frame from shared keypoints; None if nowhere."""
    sift = _sift()
    found, described = sift.detectAndCompute(cv2.GaussianBlur(frame, (0, 0), 0.8), None)
    if described is None or len(found) < MIN_INLIERS:
        return None
    where = np.array([k.pt for k in found], np.float32)
    matcher = cv2.BFMatcher(cv2.NORM_L2)
    best: Registration | None = None
    for page in _candidates(described, index, matcher):
        theirs = index.descriptors[page]
        if theirs is None or len(theirs) < 2:
            continue
        pairs = matcher.knnMatch(described, theirs, k=2)
        good = [m[0] for m in pairs if len(m) == 2 and m[0].distance < RATIO * m[1].distance]
        if len(good) < MIN_INLIERS:
            continue
        source = index.points[page][[m.trainIdx for m in good]]
        target = where[[m.queryIdx for m in good]]
        layout, mask = cv2.findHomography(source, target, cv2.RANSAC, 4.0)
        if layout is None or mask is None:
            continue
        inliers = int(mask.sum())
        better = inliers >= MIN_INLIERS and (best is None or inliers > best.inliers)
        if better and plausible(layout, (frame.shape[1], frame.shape[0]), index.aspect):
            best = Registration(layout, page, inliers)
    return best


def _candidates(
    described: NDArray[np.float32], index: PageIndex, matcher: cv2.BFMatcher
) -> list[int]:
    """Return the pages most of the frame's keypoints resemble (all pages of a small deck)."""
    owned = [(page, d) for page, d in enumerate(index.descriptors) if d is not None and len(d)]
    if len(owned) <= CANDIDATES:
        return [page for page, _ in owned]
    bank = np.concatenate([d for _, d in owned])
    owner = np.concatenate([np.full(len(d), page) for page, d in owned])
    nearest = matcher.match(described, bank)
    votes = np.bincount([owner[m.trainIdx] for m in nearest], minlength=index.pages)
    return [int(page) for page in np.argsort(-votes)[:CANDIDATES] if votes[page]]


def plausible(layout: Matrix, frame_size: tuple[int, int], aspect: float) -> bool:
    """Tell whether a layout puts the page where a slide can be: a convex quad, mostly in view."""
    corners = cv2.perspectiveTransform(
        np.array([[[0, 0], [1, 0], [1, 1], [0, 1]]], np.float64), layout
    )[0]
    if not np.all(np.isfinite(corners)):
        return False
    width, height = frame_size
    edges = np.roll(corners, -1, axis=0) - corners
    turns = (
        edges[:, 0] * np.roll(edges, -1, axis=0)[:, 1]
        - edges[:, 1] * np.roll(edges, -1, axis=0)[:, 0]
    )
    if not (np.all(turns > 0) or np.all(turns < 0)):
        return False
    area = 0.5 * abs(
        float(
            np.sum(
                corners[:, 0] * np.roll(corners[:, 1], -1)
                - corners[:, 1] * np.roll(corners[:, 0], -1)
            )
        )
    )
    if area < 0.04 * width * height:
        return False
    inside = np.clip(corners, [-0.1 * width, -0.1 * height], [1.1 * width, 1.1 * height])
    if not np.allclose(inside, corners):
        return False
    sides = np.linalg.norm(edges, axis=1)
    shape = (sides[0] + sides[2]) / max(sides[1] + sides[3], 1e-6)
    return bool(aspect / 2.5 < shape < aspect * 2.5)


@dataclass
class Matcher:
    """Score a video's frames against a deck's pages, one frame after the other."""

    index: PageIndex
    frame_size: tuple[int, int]
    layouts: list[Matrix] = field(default_factory=list)
    current: int = 0
    registrations: int = 0
    """How many times keypoints were matched (for the curious; it is the costly step)."""
    _last_try: float = -1e9
    _previous: NDArray[np.float32] | None = None
    _moving: NDArray[np.bool_] | None = None

    def __post_init__(self) -> None:
        if not self.layouts:
            self.layouts.append(fitted_layout(self.frame_size, self.index.aspect))

    def observe(self, frame: Grey, seconds: float) -> NDArray[np.float32]:
        """Return each page's correlation with the frame shown at `seconds`."""
        patch = cut_out(frame, self.layouts[self.current], self.index.patch_size)
        scores = correlations(self.index, patch, self._still(patch))
        if scores.max(initial=-1.0) >= LOST:
            return scores
        # Lost: first the other places slides were shown, then (now and then) keypoints.
        for number, layout in enumerate(self.layouts):
            if number == self.current:
                continue
            other = cut_out(frame, layout, self.index.patch_size)
            tried = correlations(self.index, other)
            if tried.max() >= max(LOST, scores.max() + SWITCH_MARGIN):
                self._switch(number, other)
                return tried
        if seconds - self._last_try < RETRY_SECONDS:
            return scores
        self._last_try = seconds
        self.registrations += 1
        found = register(frame, self.index)
        if found is None:
            return scores
        patch = cut_out(frame, found.layout, self.index.patch_size)
        tried = correlations(self.index, patch)
        if tried.max() < max(ACCEPT, scores.max() + SWITCH_MARGIN):
            return scores
        self.layouts.append(found.layout)
        self._switch(len(self.layouts) - 1, patch)
        return tried

    def _switch(self, number: int, patch: NDArray[np.float32]) -> None:
        self.current = number
        self._previous, self._moving = patch, None

    def _still(self, patch: NDArray[np.float32]) -> NDArray[np.bool_] | None:
        """Return the pixels that did not move since the last frames (None: compare them all)."""
        previous, self._previous = self._previous, patch
        if previous is None:
            self._moving = None
            return None
        moved = cv2.dilate(
            (np.abs(patch - previous) > MOTION).astype(np.uint8), np.ones((3, 3), np.uint8)
        ).astype(bool)
        if moved.mean() > MAX_MOVING:
            self._moving = None
            return None
        # A webcam that paused for one frame is still over the slide: keep the last mask too.
        moving = moved if self._moving is None else moved | self._moving
        self._moving = moved
        still: NDArray[np.bool_] = ~moving.ravel()
        return still


def _shrink(picture: NDArray[np.uint8], size: tuple[int, int]) -> NDArray[np.float32]:
    small: NDArray[np.float32] = cv2.resize(picture, size, interpolation=cv2.INTER_AREA).astype(
        np.float32
    )
    return small


def _sift() -> Any:
    # SIFT_create is in OpenCV's main module since 4.4; its stubs do not always say so.
    return cv2.SIFT_create(nfeatures=KEYPOINTS)  # type: ignore[attr-defined,unused-ignore]
