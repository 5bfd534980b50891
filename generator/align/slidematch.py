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

from dataclasses import dataclass, field

import cv2
import numpy as np
from numpy.typing import NDArray

from generator.align.pagepictures import (
    MIN_DETAIL_WIDTH,
    Grey,
    Matrix,
    PageIndex,
    correlations,
    cut_out,
    fitted_layout,
    shown_width,
    shrink,
)
from generator.align.register import register

LOST = 0.5
"""Below this best correlation the current layout may no longer hold: look for another."""
ACCEPT = 0.6
"""A new layout is kept only when some page correlates at least this well through it."""
RETRY_SECONDS = 2.0
"""While lost, look for a new layout at most this often (keypoint matching is the dear part)."""
MAX_RETRY_SECONDS = 8.0
"""Each search that finds nothing doubles the wait before the next, up to this: a long demo or
the speaker alone costs a few searches, not one every RETRY_SECONDS."""
SAME_PICTURE = 0.9
"""A frame correlating less than this with the last one searched in vain is a new picture:
the wait before the next search is short again."""
SCENE_SIZE = (24, 14)
"""Frames are compared as scenes this small: new lines in a terminal are the same scene."""
SCENES = 6
"""Scenes searched in vain that are remembered, so that going back to one is no new scene."""
MOTION_SCALE = 4
"""Motion is found in frames shrunk this many times (about the patches' scale)."""
MAX_LAYOUTS = 8
"""Most layouts kept: the place the page fills the frame, and the latest seven found."""
NEAR = 0.02
"""Layouts whose corners are this close (a share of the frame's width) are the same place."""
"""Pages whose keypoints are matched one by one after a vote over the whole deck."""
MOTION = 10.0
"""Grey levels a patch pixel must change by between frames to count as moving."""
MAX_MOVING = 0.4
"""Above this share of moving pixels the picture changed as a whole (a new slide): mask none."""
SWITCH_MARGIN = 0.1
"""Another known layout replaces the current one only when it correlates this much better."""


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
    _failures: int = 0
    _searched: list[NDArray[np.float32]] = field(default_factory=list)
    """The scenes (SCENE_SIZE) of the last frames searched in vain, latest last."""
    _small: NDArray[np.float32] | None = None
    """The last frame, shrunk MOTION_SCALE times."""
    _moved: NDArray[np.uint8] | None = None
    _moving: NDArray[np.uint8] | None = None
    """What moved in the last two frames, shrunk MOTION_SCALE times (1: moved)."""

    def __post_init__(self) -> None:
        if not self.layouts:
            self.layouts.append(fitted_layout(self.frame_size, self.index.aspect))

    def observe(self, frame: Grey, seconds: float) -> NDArray[np.float32]:
        """Return each page's correlation with the frame shown at `seconds`."""
        self._note_motion(frame)
        scores = self._through(frame, self.layouts[self.current])
        if scores.max(initial=-1.0) >= LOST:
            self._failures = 0
            return scores
        # Lost: first the other places slides were shown, then (now and then) keypoints.
        for number, layout in enumerate(self.layouts):
            if number == self.current:
                continue
            tried = self._through(frame, layout)
            if tried.max() >= max(LOST, scores.max() + SWITCH_MARGIN):
                self.current = number
                return tried
        whole = shrink(frame, SCENE_SIZE).ravel()
        if not self._may_search(seconds, whole):
            return scores
        self.registrations += 1
        found = register(frame, self.index)
        if found is not None:
            tried = self._through(frame, found.layout)
            if tried.max() >= max(ACCEPT, scores.max() + SWITCH_MARGIN):
                self._failures = 0
                self._searched.clear()
                self._keep(found.layout)
                return tried
        self._failures += 1
        self._searched = [*self._searched[-(SCENES - 1) :], whole]
        return scores

    def _through(self, frame: Grey, layout: Matrix) -> NDArray[np.float32]:
        """Return each page's correlation with the frame cut out along `layout`."""
        patch = cut_out(frame, layout, self.index.patch_size)
        fine = shown_width(layout) >= MIN_DETAIL_WIDTH
        whole = correlations(self.index, patch, fine=fine)
        still = self._still(layout)
        if still is None:
            return whole
        # What moved is a webcam over the slide, or the slide itself changing: the better of
        # the two comparisons holds in both cases.
        return np.maximum(whole, correlations(self.index, patch, still, fine=fine))

    def _keep(self, layout: Matrix) -> None:
        """Make `layout` the current one, in place of a known one it nearly equals."""
        for number, known in enumerate(self.layouts):
            if _near(known, layout, self.frame_size):
                self.layouts[number] = layout
                self.current = number
                return
        if len(self.layouts) >= MAX_LAYOUTS:
            del self.layouts[1]  # the oldest one found; the page filling the frame stays
        self.layouts.append(layout)
        self.current = len(self.layouts) - 1

    def _may_search(self, seconds: float, whole: NDArray[np.float32]) -> bool:
        """Tell whether to look for a layout by keypoints now (and note the time if so).

        The wait grows while the scenes searched in vain stay (the speaker, a terminal, and
        the one after the other), and is short again when a new one comes."""
        if self._searched and all(_similarity(whole, s) < SAME_PICTURE for s in self._searched):
            self._failures = 0
        wait = min(RETRY_SECONDS * 2**self._failures, MAX_RETRY_SECONDS)
        if seconds - self._last_try < wait:
            return False
        self._last_try = seconds
        return True

    def _note_motion(self, frame: Grey) -> None:
        """Note which parts of the frame moved since the frame before."""
        height, width = frame.shape
        size = (max(8, width // MOTION_SCALE), max(8, height // MOTION_SCALE))
        small = shrink(frame, size)
        previous, self._small = self._small, small
        if previous is None:
            self._moved = self._moving = None
            return
        moved = cv2.dilate((np.abs(small - previous) > MOTION).astype(np.uint8), np.ones((3, 3)))
        # A webcam that paused for one frame is still over the slide: keep the last motion too.
        self._moving = moved if self._moved is None else moved | self._moved
        self._moved = moved

    def _still(self, layout: Matrix) -> NDArray[np.bool_] | None:
        """Return the patch pixels along `layout` that did not move (None: compare them all)."""
        if self._moving is None:
            return None
        size = self.index.patch_size
        shrink = np.diag([self._moving.shape[1] / self.frame_size[0],
                          self._moving.shape[0] / self.frame_size[1], 1.0])  # fmt: skip
        to_small = shrink @ layout @ np.diag([1.0 / size[0], 1.0 / size[1], 1.0])
        moving = cv2.warpPerspective(
            self._moving, to_small, size, flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP
        ).astype(bool)
        if moving.mean() > MAX_MOVING:
            return None
        still: NDArray[np.bool_] = ~moving.ravel()
        return still


def _near(one: Matrix, other: Matrix, frame_size: tuple[int, int]) -> bool:
    """Tell whether two layouts put the page's corners within NEAR of the frame's width."""
    corners = np.array([[[0, 0], [1, 0], [1, 1], [0, 1]]], np.float64)
    a = cv2.perspectiveTransform(corners, one)[0]
    b = cv2.perspectiveTransform(corners, other)[0]
    return bool(np.abs(a - b).max() <= NEAR * frame_size[0])


def _similarity(a: NDArray[np.float32], b: NDArray[np.float32]) -> float:
    """Return the normalised correlation of two pictures of one size (flat ones: 1 if equal)."""
    a, b = a - a.mean(), b - b.mean()
    norms = float(np.linalg.norm(a) * np.linalg.norm(b))
    if norms < 1e-6:
        return 1.0 if np.allclose(a, b) else 0.0
    return float(a @ b) / norms
