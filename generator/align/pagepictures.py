"""The deck's pages as the frame sync compares them, and the comparison of a frame with them.

A page is drawn once as a small grey patch (and its fine detail, the patch less its blur),
with its SIFT keypoints. A frame is cut out along a *layout* (a homography from page to
frame), shrunk to the same patch size and compared with every page at once by normalised
correlation. Pure computation on arrays: no files, no processes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
KEYPOINTS = 500
"""Keypoints kept per page and per frame."""
KEYPOINT_WIDTH = 480
"""Pages are searched for keypoints this wide: about the size a slide has in a frame."""
VOTERS = 150
"""Keypoints per page and per frame that take part in the vote: the strongest ones."""
MIN_DETAIL_WIDTH = 2 * FEATURE_WIDTH
"""A page shown narrower than this, in frame pixels, is compared without its fine detail:
the frame is too small to keep it."""
DETAIL_SHARE = 0.65
"""How much the fine detail weighs in a page's score (the rest: its light and dark areas).
Pages alike at a glance (two terminals under different titles) differ mostly in detail."""
DETAIL_BLUR = 2.0
"""Blur (Gaussian sigma, in patch pixels) taken away from a patch to leave its fine detail."""


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
    sift = new_sift()
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
        patches.append(shrink(picture, size).ravel())
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
            voters = strongest(found, described)
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


def strongest(found: Sequence[Any], described: NDArray[np.float32]) -> NDArray[np.float32]:
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
    return shrink(warped, size)


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


def shown_width(layout: Matrix) -> float:
    """Return how wide the layout shows the page, in frame pixels (its top and bottom edges'
    mean length)."""
    corners = cv2.perspectiveTransform(
        np.array([[[0, 0], [1, 0], [1, 1], [0, 1]]], np.float64), layout
    )[0]
    top, bottom = corners[1] - corners[0], corners[2] - corners[3]
    return float(np.linalg.norm(top) + np.linalg.norm(bottom)) / 2


def shrink(picture: NDArray[np.uint8], size: tuple[int, int]) -> NDArray[np.float32]:
    small: NDArray[np.float32] = cv2.resize(picture, size, interpolation=cv2.INTER_AREA).astype(
        np.float32
    )
    return small


def new_sift() -> Any:
    # SIFT_create is in OpenCV's main module since 4.4; its stubs do not always say so.
    return cv2.SIFT_create(nfeatures=KEYPOINTS)  # type: ignore[attr-defined,unused-ignore]
