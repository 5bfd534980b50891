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
RANSAC_ITERATIONS = 250
"""Most homographies RANSAC tries: a page's matches in a frame that shows it are mostly
inliers, found in a few dozen tries; the rest is spent on frames that show no page."""
MIN_INLIERS = 15
"""Keypoint matches a homography needs to count as a layout."""
KEYPOINTS = 500
"""Keypoints kept per page and per frame."""
KEYPOINT_WIDTH = 480
"""Pages are searched for keypoints this wide: about the size a slide has in a frame."""
CANDIDATES = 6
"""Pages whose keypoints are matched one by one after a vote over the whole deck."""
VOTERS = 150
"""Keypoints per page and per frame that take part in the vote: the strongest ones."""
"""Pages whose keypoints are matched one by one after a vote over the whole deck."""
RATIO = 0.8
"""Lowe's ratio test: a match counts when clearly better than the second best."""
MOTION = 10.0
"""Grey levels a patch pixel must change by between frames to count as moving."""
MAX_MOVING = 0.4
"""Above this share of moving pixels the picture changed as a whole (a new slide): mask none."""
MIN_DETAIL_WIDTH = 2 * FEATURE_WIDTH
"""A page shown narrower than this, in frame pixels, is compared without its fine detail:
the frame is too small to keep it."""
DETAIL_SHARE = 0.65
"""How much the fine detail weighs in a page's score (the rest: its light and dark areas).
Pages alike at a glance (two terminals under different titles) differ mostly in detail."""
DETAIL_BLUR = 2.0
"""Blur (Gaussian sigma, in patch pixels) taken away from a patch to leave its fine detail."""
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
    details: NDArray[np.float32]
    """One row per page: the fine detail of its patch (see `detail`)."""
    unit_patches: NDArray[np.float32]
    unit_details: NDArray[np.float32]
    """The rows of `patches` and `details` less their mean, of unit length."""
    points: tuple[NDArray[np.float32], ...]
    """Each page's keypoints, in page units (0 to 1 across and down)."""
    descriptors: tuple[NDArray[np.float32] | None, ...]
    ballot: NDArray[np.float32]
    """The strongest VOTERS descriptors of every page, one after the other (for the vote)."""
    owners: NDArray[np.intp]
    """The page each row of `ballot` belongs to."""

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
    ballot: list[Any] = []
    owners: list[Any] = []
    for number, picture in enumerate(pictures):
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
        if described is not None and len(described):
            voters = _strongest(found, described)
            ballot.append(voters)
            owners.append(np.full(len(voters), number, np.intp))
    stacked = np.stack(patches)
    details = np.stack([detail(p.reshape(size[1], size[0])) for p in patches])
    return PageIndex(
        aspect,
        size,
        stacked,
        details,
        _units(stacked),
        _units(details),
        tuple(points),
        tuple(descriptors),
        np.concatenate(ballot) if ballot else np.zeros((0, 128), np.float32),
        np.concatenate(owners) if owners else np.zeros(0, np.intp),
    )


def _strongest(found: Sequence[Any], described: NDArray[np.float32]) -> NDArray[np.float32]:
    """Return the descriptors of the VOTERS keypoints that respond most strongly."""
    order = np.argsort([-k.response for k in found], kind="stable")[:VOTERS]
    chosen: NDArray[np.float32] = described[order]
    return chosen


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
    index: PageIndex,
    patch: NDArray[np.float32],
    valid: NDArray[np.bool_] | None = None,
    *,
    fine: bool = True,
) -> NDArray[np.float32]:
    """Return how well each page matches the patch, over the `valid` pixels: the mean of the
    normalised correlations of the pictures and of their fine detail (what is left after a
    blur), so that a page must agree in its edges too, not only in its light and dark areas
    (a speaker's camera can look like a pictorial slide in those). Without `fine` (a slide
    shown too small to have fine detail), the pictures' correlation alone."""
    if not fine:
        return _ncc(index.patches, index.unit_patches, patch, valid)
    details = detail(patch)
    return (
        DETAIL_SHARE * _ncc(index.details, index.unit_details, details, valid)
        + (1 - DETAIL_SHARE) * _ncc(index.patches, index.unit_patches, patch, valid)
    ).astype(np.float32)


def detail(patch: NDArray[np.float32]) -> NDArray[np.float32]:
    """Return the patch's fine detail: the patch less a blurred copy of itself."""
    shaped = patch.reshape(-1, FEATURE_WIDTH) if patch.ndim == 1 else patch
    fine: NDArray[np.float32] = (shaped - cv2.GaussianBlur(shaped, (0, 0), DETAIL_BLUR)).ravel()
    return fine


def _ncc(
    pages: NDArray[np.float32],
    units: NDArray[np.float32],
    patch: NDArray[np.float32],
    valid: NDArray[np.bool_] | None,
) -> NDArray[np.float32]:
    """Return each row of `pages` correlated with the patch (`units`: the rows made unit)."""
    seen = patch.ravel() if valid is None else patch.ravel()[valid]
    if seen.size < 16:
        return np.zeros(len(pages), np.float32)
    seen = seen - seen.mean()
    seen_norm = max(float(np.linalg.norm(seen)), 1e-6)
    if valid is None:
        whole: NDArray[np.float32] = (units @ seen / seen_norm).astype(np.float32)
        return whole
    part = pages[:, valid]
    part = part - part.mean(axis=1, keepdims=True)
    norms = np.maximum(np.linalg.norm(part, axis=1) * seen_norm, 1e-6)
    scores: NDArray[np.float32] = ((part @ seen) / norms).astype(np.float32)
    return scores


def _units(rows: NDArray[np.float32]) -> NDArray[np.float32]:
    """Return the rows less their mean, made of unit length (a flat row stays zero)."""
    centred = rows - rows.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    units: NDArray[np.float32] = (centred / np.maximum(norms, 1e-6)).astype(np.float32)
    return units


@dataclass(frozen=True)
class Registration:
    """A layout found from keypoints, and the page it was found on."""

    layout: Matrix
    page: int
    """0-based index of the page."""
    inliers: int
    fit: float
    """The page's correlation with the frame cut out along the layout."""


def register(frame: Grey, index: PageIndex) -> Registration | None:
    """Find where a page of the deck sits in the frame from shared keypoints; None if nowhere."""
    sift = _sift()
    # Keypoints are looked for in a frame no wider than the pages they are matched with.
    scale = min(1.0, KEYPOINT_WIDTH / frame.shape[1])
    looked_at = frame if scale == 1.0 else cv2.resize(
        frame, (round(frame.shape[1] * scale), round(frame.shape[0] * scale)),
        interpolation=cv2.INTER_AREA,
    )  # fmt: skip
    found, described = sift.detectAndCompute(cv2.GaussianBlur(looked_at, (0, 0), 0.8), None)
    if described is None or len(found) < MIN_INLIERS:
        return None
    where = np.array([k.pt for k in found], np.float32) / np.float32(scale)
    frame_size = (frame.shape[1], frame.shape[0])
    matcher = cv2.BFMatcher(cv2.NORM_L2)
    best: Registration | None = None
    for page in _candidates(_strongest(found, described), index, matcher):
        theirs = index.descriptors[page]
        if theirs is None or len(theirs) < 2:
            continue
        pairs = matcher.knnMatch(described, theirs, k=2)
        good = [m[0] for m in pairs if len(m) == 2 and m[0].distance < RATIO * m[1].distance]
        if len(good) < MIN_INLIERS:
            continue
        source = index.points[page][[m.trainIdx for m in good]]
        target = where[[m.queryIdx for m in good]]
        for layout, inliers in _layouts(source, target, index.aspect):
            if inliers < MIN_INLIERS or not plausible(layout, frame_size, index.aspect):
                continue
            patch = cut_out(frame, layout, index.patch_size)
            fit = float(correlations(index, patch)[page])
            if best is None or fit > best.fit:
                best = Registration(layout, page, inliers, fit)
    return best


def _layouts(
    source: NDArray[np.float32], target: NDArray[np.float32], aspect: float
) -> list[tuple[Matrix, int]]:
    """Return the layouts the matched points give, with their inliers: a homography (any
    view of the page, an angled screen too) and a scaled, shifted page (a slide shown
    upright), which few matches already pin down well."""
    found = []
    homography, mask = cv2.findHomography(
        source, target, cv2.RANSAC, 4.0, maxIters=RANSAC_ITERATIONS, confidence=0.995
    )
    if homography is not None and mask is not None:
        found.append((homography, int(mask.sum())))
    # The points are in page units: the page's own shape first, so that its scale is one.
    shaped = source * np.array([aspect, 1.0], np.float32)
    upright, mask = cv2.estimateAffinePartial2D(
        shaped, target, method=cv2.RANSAC, ransacReprojThreshold=4.0, maxIters=RANSAC_ITERATIONS
    )
    if upright is not None and mask is not None:
        layout = np.vstack([upright, [0.0, 0.0, 1.0]]) @ np.diag([aspect, 1.0, 1.0])
        found.append((layout, int(mask.sum())))
    return found


def _candidates(
    described: NDArray[np.float32], index: PageIndex, matcher: cv2.BFMatcher
) -> list[int]:
    """Return the pages most of the frame's strongest keypoints resemble (all of a small deck)."""
    owned = sorted({int(page) for page in index.owners})
    if len(owned) <= CANDIDATES:
        return owned
    nearest = matcher.match(described, index.ballot)
    votes = np.bincount([index.owners[m.trainIdx] for m in nearest], minlength=index.pages)
    return [int(page) for page in np.argsort(-votes, kind="stable")[:CANDIDATES] if votes[page]]


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
        whole = _shrink(frame, SCENE_SIZE).ravel()
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
        small = _shrink(frame, size)
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


def shown_width(layout: Matrix) -> float:
    """Return how wide the layout shows the page, in frame pixels (its top and bottom edges'
    mean length)."""
    corners = cv2.perspectiveTransform(
        np.array([[[0, 0], [1, 0], [1, 1], [0, 1]]], np.float64), layout
    )[0]
    top, bottom = corners[1] - corners[0], corners[2] - corners[3]
    return float(np.linalg.norm(top) + np.linalg.norm(bottom)) / 2


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


def _shrink(picture: NDArray[np.uint8], size: tuple[int, int]) -> NDArray[np.float32]:
    small: NDArray[np.float32] = cv2.resize(picture, size, interpolation=cv2.INTER_AREA).astype(
        np.float32
    )
    return small


def _sift() -> Any:
    # SIFT_create is in OpenCV's main module since 4.4; its stubs do not always say so.
    return cv2.SIFT_create(nfeatures=KEYPOINTS)  # type: ignore[attr-defined,unused-ignore]
