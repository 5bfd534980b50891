"""The frame matcher on pictures made here: how often it looks for a slide's place, and that
it still finds a slide soon when it appears in a new place after a long stretch without one."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from recordings import small_deck

from generator.align import pagepictures, slidematch, timeline
from generator.read import deckpictures

RATE = 4
FRAME = (640, 360)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> pagepictures.PageIndex:
    deck = small_deck(tmp_path_factory.mktemp("deck") / "deck.pdf")
    return pagepictures.page_index(list(deckpictures.page_pictures(deck)))


def _pictures(deck_page: int, tmp: Path) -> np.ndarray:
    pictures = list(deckpictures.page_pictures(small_deck(tmp / "deck.pdf")))
    picture = pictures[deck_page]
    assert picture is not None
    return picture


def _noise(rng: np.random.Generator, grain: int = 8) -> np.ndarray:
    """A frame that shows no page: blotches `grain` pixels wide."""
    small = rng.integers(0, 256, (FRAME[1] // grain, FRAME[0] // grain), dtype=np.uint8)
    return cv2.resize(small, FRAME, interpolation=cv2.INTER_LINEAR)


def _inset(page: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A stage: the page at 60% of the frame's width, left of centre, on a grainy wall."""
    frame = np.clip(90 + rng.normal(0, 4, (FRAME[1], FRAME[0])), 0, 255).astype(np.uint8)
    width = int(FRAME[0] * 0.6)
    height = round(width * page.shape[0] / page.shape[1])
    frame[40 : 40 + height, 30 : 30 + width] = cv2.resize(page, (width, height))
    return frame


def _camera(base: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """The same scene without a slide, drifting a little and grainy: the speaker, a terminal."""
    shifted = np.roll(base, (count // 8) % 5, axis=1).astype(np.int16)
    return np.clip(shifted + rng.integers(-3, 4, base.shape), 0, 255).astype(np.uint8)


def test_a_long_stretch_of_one_scene_without_a_slide_is_searched_ever_more_seldom(
    index: pagepictures.PageIndex,
) -> None:
    matcher = slidematch.Matcher(index, FRAME)
    rng = np.random.default_rng(3)
    scene = _noise(rng, 32)
    for count in range(60 * RATE):
        matcher.observe(_camera(scene, count, rng), count / RATE)
    # A wait of 4 s, then of 8 s: searches at 0, 4, 12, 20, 28, 36, 44 and 52 s.
    assert 6 <= matcher.registrations <= 10


def test_a_new_scene_is_searched_soon(index: pagepictures.PageIndex) -> None:
    matcher = slidematch.Matcher(index, FRAME)
    rng = np.random.default_rng(4)
    first, second = _noise(rng, 32), _noise(rng, 32)
    for count in range(56 * RATE):
        matcher.observe(_camera(first, count, rng), count / RATE)
    before = matcher.registrations
    # The last search was at 52 s; the next would be at 60 s if the scene had not changed.
    for count in range(56 * RATE, 57 * RATE):
        matcher.observe(_camera(second, count, rng), count / RATE)
    assert matcher.registrations == before + 1


def test_a_slide_in_a_new_place_after_a_minute_without_one_is_found(
    index: pagepictures.PageIndex, tmp_path: Path
) -> None:
    page = _pictures(2, tmp_path)
    matcher = slidematch.Matcher(index, FRAME)
    rng = np.random.default_rng(5)
    for count in range(60 * RATE):
        matcher.observe(_noise(rng), count / RATE)
    found_at = None
    for count in range(60 * RATE, 80 * RATE):
        scores = matcher.observe(_inset(page, rng), count / RATE)
        if scores.max() >= slidematch.LOST and int(np.argmax(scores)) == 2:
            found_at = count / RATE - 60
            break
    assert found_at is not None
    assert found_at <= slidematch.RETRY_SECONDS + 1 / RATE


def test_a_camera_picture_shaped_like_a_pictorial_slide_is_no_slide() -> None:
    """A page with a large round picture and a few words, and a camera frame with a round
    face near where the picture is: alike in light and dark (their plain correlation is near
    0.8), unlike in their edges."""
    page = np.full((270, 480), 40, np.uint8)
    cv2.circle(page, (340, 135), 100, 200, -1)
    cv2.putText(page, "Thank you!", (20, 150), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 255, 3)
    cv2.putText(page, "questions welcome", (20, 200), cv2.FONT_HERSHEY_SIMPLEX, 0.6, 230, 1)
    index = pagepictures.page_index([page])
    face = np.full((FRAME[1], FRAME[0]), 50, np.uint8)
    cv2.circle(face, (440, 190), 110, 190, -1)
    face = cv2.GaussianBlur(face, (0, 0), 3)
    matcher = slidematch.Matcher(index, FRAME)
    shown = cv2.resize(page, FRAME, interpolation=cv2.INTER_AREA)
    assert matcher.observe(shown, 0.0)[0] > timeline.NO_PAGE + 0.3
    assert slidematch.Matcher(index, FRAME).observe(face, 0.0)[0] < timeline.NO_PAGE


def test_pages_are_drawn_as_wide_as_keypoints_are_looked_for_in_them() -> None:
    assert deckpictures.PAGE_WIDTH == pagepictures.KEYPOINT_WIDTH
