"""Find where a page of the deck sits in a frame: SIFT keypoints the frame shares with a
page, a homography or a scaled shift fitted to them by RANSAC, and a check that the layout
is one a slide can have. Pure computation on arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from generator.align.pagepictures import (
    KEYPOINT_WIDTH,
    Grey,
    Matrix,
    PageIndex,
    correlations,
    cut_out,
    new_sift,
    strongest,
)

RANSAC_ITERATIONS = 250
"""Most homographies RANSAC tries: a page's matches in a frame that shows it are mostly
inliers, found in a few dozen tries; the rest is spent on frames that show no page."""
MIN_INLIERS = 15
"""Keypoint matches a homography needs to count as a layout."""
CANDIDATES = 6
"""Pages whose keypoints are matched one by one after a vote over the whole deck."""
RATIO = 0.8
"""Lowe's ratio test: a match counts when clearly better than the second best."""


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
    sift = new_sift()
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
    for page in _candidates(strongest(found, described), index, matcher):
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
