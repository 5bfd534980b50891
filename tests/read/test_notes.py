"""The notes reader on every real lab page and on the odd forms of the format."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from paths import ROOT

from generator.align.align import align_slides
from generator.align.snippets import assign_chapters
from generator.errors import InputError
from generator.read.deck import read_deck
from generator.read.notes import (
    NOT_ONE_VIDEO,
    link_time,
    parse_notes,
    parse_time,
    read_notes,
    youtube_id,
)

# Written from the pages by hand: (seconds, title) of every chapter, in order.
EXPECTED: dict[str, list[tuple[int, str]]] = {
    "ll202505": [
        (0, "Introduction and agenda"),
        (158, "Chainguard and containers"),
        (227, "Chainguard Factory"),
        (297, "Concepts - from containers to libraries"),
        (540, "Java and Java libraries"),
        (765, "Software supply chain of libraries and attacks"),
        (1167, "Dependency supply in Java"),
        (1230, "Repository concept and Maven Central"),
        (1472, "Chainguard Libraries for Java and repository manager intro"),
        (1697, "Developer tools"),
        (1761, "Demo start and setup with chainctl"),
        (1975, "Sonatype Nexus configuration"),
        (2250, "Maven configuration"),
        (2441, "Example project setup, build, and results"),
        (2697, "Dependency list and tree"),
        (2820, "Results and verification"),
        (2977, "Summary"),
        (3043, "Up next"),
        (3175, "Questions"),
    ],
    "ll202506": [
        (0, "Introduction and welcome"),
        (54, "Patrick Smyth introduction and background"),
        (107, "Chainguard! Who are we?"),
        (167, 'Chainguard Containers and the "boss assigned me to fix Ubuntu" problem'),
        (252, "Introduction to Chainguard Libraries for Python"),
        (304, "Python libraries fundamentals - modules, packages, and libraries"),
        (394, "The dependency graph problem and modern ecosystem challenges"),
        (537, "PyPI (Python Package Index) overview and infrastructure"),
        (653, "Supply chain attacks on the rise and threats to the Python ecosystem"),
        (699, "Supply chain meme calendar - an attack every month this year"),
        (834, "Anatomy of supply chain attacks and attack vectors"),
        (1063, "Chainguard Libraries!"),
        (1174, "Chainguard Factory overview and operational security"),
        (1293, "Case study: Ultralytics YOLO December 2024 attack"),
        (1402, "Technical caveats and requirements for Chainguard Libraries"),
        (1506, "Demo introduction and Flask project overview"),
        (1668, "Accessing demo materials on Chainguard Academy"),
        (1740, "Demo: Cloning and setting up the Flask project"),
        (1877, "Demo: Creating virtual environment and installing from PyPI"),
        (1986, "Demo: Running Flask application and testing with libCheck tool"),
        (2068, "Demo: Configuring pip for Chainguard Libraries via repository manager"),
        (2179, "Demo: Installing dependencies from Chainguard Libraries"),
        (2222, "Demo: Verification with libCheck"),
        (2302, "Demo: Containerizing the demo application"),
        (2425, "Demo: Building and running containerized Flask application"),
        (2501, "Additional configuration options and documentation resources"),
        (2539, "Q&A: Repository manager setup and configuration"),
        (2606, "Q&A: Architecture support and glibc requirements"),
        (2674, "Q&A: libCheck tool open source plans and detailed output"),
        (2765, "Q&A: CVE scanning with Grype and vulnerability management"),
    ],
    "ll202507": [
        (0, "Introduction and updates"),
        (122, "Preparation: Docker pull instructions for demo"),
        (219, "Chainguard! Who are we?"),
        (274, "CVE system fundamentals"),
        (408, '"Boss assigned me to fix Ubuntu" problem'),
        (461, "Introduction to Chainguard Containers"),
        (534, "Zero CVE containers: Real results and comparisons"),
        (670, "How we achieve zero CVEs: Minimal, Fresh, Advisory, Patch"),
        (804, "AI container challenges: Size and complexity"),
        (899, "PyTorch container analysis: CVEs, packages, and executables"),
        (981, "Demo introduction: Image classification with PyTorch"),
        (1079, "Demo walkthrough and repository overview"),
        (1168, "Demo: Running the training command"),
        (1321, "Demo: Downloading test image and running inference"),
        (1400, "Recent developments in Chainguard AI containers"),
        (1509, "Other AI containers: TensorFlow, KServe, Triton backends"),
        (1606, "Q&A"),
        (2118, "Chainguard AI course and additional resources"),
    ],
    "ll202508": [
        (0, "Introduction"),
        (88, "What is DFC?"),
        (222, "Why Convert to Chainguard  Containers"),
        (326, "How DFC works"),
        (562, "Tag Mappings"),
        (774, "Installation"),
        (945, "Demo 1: Basic Usage"),
        (1310, "Customizing DFC's Output"),
        (1425, "Demo 2: Customizing with Flags"),
        (1735, "Using DFC as a Go library"),
        (1805, "Using the DFC MCP server with an AI code assistant"),
        (1939, "Demo 3: Multi-stage Dockerfile conversion"),
        (2189, "Demo 4: Using DFC's MCP server with Claude Code"),
        (2460, "Q&A starts"),
        (3174, "Closing Notes"),
    ],
    "ll202509": [
        (1, "Welcome and introductions"),
        (214, "Talk outline and prerequisites"),
        (274, "Understanding CVEs"),
        (454, "Introducing Chainguard Containers"),
        (538, "Vulnerability and size comparison"),
        (614, "Why Chainguard images are more secure"),
        (706, "Practical demo: Migrating a Go container image"),
        (901, "Initial build"),
        (1079, "Migration to Chainguard base image"),
        (1245, "Multi-stage build and static image optimization"),
        (1659, "Static vs. dynamic binaries"),
        (1816, "Chainguard Container variants"),
        (1954, "Distroless Containers and dev images"),
        (2010, "Debugging Distroless containers demonstration"),
        (2697, "Key takeaways and wrap-up"),
        (2804, "Next Learning Lab announcement"),
        (2870, "Resources for further learning"),
    ],
    "ll202510": [
        (0, "Introduction"),
        (115, "Agenda"),
        (174, "Secure container and the role of libraries"),
        (320, "Software supply chain for libraries and security"),
        (411, "Chainguard Libraries and the JavaScript ecosystem"),
        (873, "Malware in the npm ecosystem"),
        (1119, "Chainguard Libraries for JavaScript"),
        (1557, "Demoes with npm and pnpm"),
        (2030, "Troubleshooting results and additional demos"),
        (2494, "Chainguard Libraries for Python"),
        (2619, "CVE remediation process and examples"),
        (3123, "Demoes with uv and grype"),
        (3385, "Further resources"),
        (3455, "Next up"),
        (3498, "Questions"),
        (3960, "Wrapping up"),
    ],
    "ll202511": [
        (46, "Presentation Starts"),
        (175, "How We Got Here: Wolfi and Chainguard OS"),
        (347, "Presenting Chainguard OS for the Raspberry Pi"),
        (522, "How to Set Up your Raspberry Pi with Chainguard OS"),
        (683, "Grype scan on the Raspberry images"),
        (887, "Demo Overview: Guardcraft Pi"),
        (1090, "Grype scan on the Guardcraft image"),
        (1259, "Live Demo: Minecraft server on the Raspberry Pi"),
        (1454, "Demo Overview: Open Source LLM server"),
        (1851, "Grype scan on the wolfi-llama image"),
        (1955, "Live Demo: Open Source Llama.cpp Server"),
        (2103, "Live image description with Qwen3-VL and Llama.cpp"),
        (2358, "Live Demo: ALT description CLI tool using Llama.cpp server API"),
        (2484, "What's Next"),
        (2542, "New Compliance Features for Chainguard VMs"),
        (2660, "Chainguard VMs Roadmap"),
        (2740, "Announcing the next Learning Labs"),
    ],
    "ll202512": [
        (0, "Intro"),
        (172, "Why Devs need to care"),
        (288, "XZ Utils incident"),
        (583, "tj-actions/changed-files incident"),
        (762, "Sha1-Hulud Second Coming"),
        (1031, "Trending threat models"),
        (1962, "Mitigating risks"),
        (2702, "Concrete Dev actions this sprint"),
        (3047, "Chainguard Containers: CVE Comparisons"),
    ],
    "ll202603": [
        (0, "Introduction and agenda"),
        (105, "Software supply chain overview"),
        (445, "History of attacks and overview of different methods"),
        (1079, "Future threads and trends"),
        (1297, "Statistics about intensifying attacks"),
        (1374, "Incidents and fire drills"),
        (1505, "Impact from Minecraft and log4j on Maven Central"),
        (1602, "Chainguard Libraries overview"),
        (1941, "Chainguard Libraries for Python, Java, and JavaScript"),
        (2117, "Demo - Browsing libraries in the console UI"),
        (2438, "Demo - Pull token creation in console UI and with chainctl"),
        (2533, "Demo - Browsing Python simple index"),
        (2750, "Demo - Browsing Java repository"),
        (2965, "Demo - Example projects for JavaScript and Python"),
        (3395, "Demo - Verification with chainctl"),
        (3527, "Chainguard Repository"),
        (3676, "Upcoming events"),
    ],
    "ll202604": [
        (0, "Introduction and agenda"),
        (331, "Timeline of CI/CD software supply chain incidents"),
        (685, "Open Source and CI/CD as the new target"),
        (767, "2026: the year of AI-assisted attacks"),
        (916, "Unpacking the Trivy Compromise"),
        (1197, "Secret exfiltration live demo"),
        (2177, "What could unfold from here"),
        (2344, "Strategies to mitigate risks"),
        (2364, "Repository inspection for insecure defaults"),
        (2643, "Minimize attack surface"),
        (2928, "Pull from trusted sources"),
        (3141, "Pin by digest"),
        (3268, "Use short lived tokens (ban PATs)"),
        (3332, "Use Chainguard Actions"),
        (3535, "Closing notes"),
    ],
}

VIDEO_IDS = {
    "ll202505": "z42b2_lePNI",
    "ll202508": "HzZRFpnKKIU",
    "ll202509": "4Cjy_iBNr3I",
    "ll202512": "z5SNwBC4T-Q",
    "ll202604": "D9tORVR4H9g",
}


@pytest.mark.parametrize("lab", sorted(EXPECTED))
def test_every_real_page_gives_its_chapters(shared: Path, lab: str) -> None:
    notes = read_notes(shared / "labs" / f"{lab}.md")
    assert [(c.seconds, c.title) for c in notes.chapters] == EXPECTED[lab]
    assert [c.index for c in notes.chapters] == list(range(len(EXPECTED[lab])))
    assert notes.id == lab
    assert notes.video_id and len(notes.video_id) == 11
    assert notes.deck_url and notes.deck_url.endswith(".pdf")
    assert notes.warnings == ()


def test_all_ten_pages_are_covered(shared: Path) -> None:
    pages = sorted(p.stem for p in (shared / "labs").glob("ll*.md"))
    assert pages == sorted(EXPECTED)


@pytest.mark.parametrize("lab", sorted(VIDEO_IDS))
def test_video_ids(shared: Path, lab: str) -> None:
    assert read_notes(shared / "labs" / f"{lab}.md").video_id == VIDEO_IDS[lab]


def test_front_matter_and_presenter(shared: Path) -> None:
    notes = read_notes(shared / "labs" / "ll202508.md")
    assert notes.title == "Getting started with Chainguard's Dockerfile Converter"
    assert notes.linktitle == "Dockerfile Converter"
    assert notes.date == date(2025, 8, 28)
    assert notes.tags == ("Learning Labs", "Chainguard Containers", "dfc")
    assert notes.weight == 93
    assert notes.presenter == "Erika Heidi"
    assert notes.deck_url == "/downloads/learning-lab-dfc-202508.pdf"
    assert read_notes(shared / "labs" / "ll202509.md").presenter == "Adrian Moat"
    assert read_notes(shared / "labs" / "ll202505.md").presenter == "Manfred Moser"


def test_resources_list(shared: Path) -> None:
    notes = read_notes(shared / "labs" / "ll202511.md")
    titles = [r.title for r in notes.resources]
    assert titles[0] == "Slide deck"
    assert "Repository: Guardcraft demo" in titles
    assert notes.resources[-1].url == "https://github.com/erikaheidi/wolfi-llama"


def test_code_blocks_keep_language_heading_and_chapter(shared: Path) -> None:
    notes = read_notes(shared / "labs" / "ll202508.md")
    snippets = assign_chapters(notes.code_blocks, notes.chapters)
    by_chapter = {notes.chapters[s.chapter].title for s in snippets if s.chapter is not None}
    assert {
        "Demo 1: Basic Usage",
        "Demo 2: Customizing with Flags",
        "Demo 3: Multi-stage Dockerfile conversion",
    } <= by_chapter
    first = snippets[0]
    assert (first.lang, first.code, first.line) == ("bash", 'echo "FROM node" | dfc -', 46)
    mappings = [s for s in snippets if s.title == "custom-mappings.yaml"]
    assert len(mappings) == 1 and mappings[0].lang == "yaml"
    assert notes.chapters[mappings[0].chapter or 0].title == "Demo 2: Customizing with Flags"
    assert any(s.lang == "dockerfile" for s in snippets)
    chapters = [s.chapter for s in snippets if s.chapter is not None]
    assert chapters == sorted(chapters), "snippets keep the notes' order"


def test_block_without_language(shared: Path) -> None:
    notes = read_notes(shared / "labs" / "ll202506.md")
    [block] = assign_chapters(notes.code_blocks, notes.chapters)
    assert block.lang == ""
    assert block.code.startswith("[global]")


PAGE = """---
title: "A <b>test</b> lab"
date: 2024-02-01
tags: [one]
---

Lab led by Ada Lovelace.

{{{{< youtube abcdefghijk >}}}}

## Sections

{items}

## Demo 1

```custom-mappings.yaml
a: 1
```

## Resources

* [Slides](https://example.com/deck.pdf)
"""


def _page(items: str) -> str:
    return PAGE.format(items=items)


def test_every_label_and_link_form() -> None:
    items = "\n".join(
        [
            "- [0:05](https://www.youtube.com/watch?v=abcdefghijk) No t at all",
            "* [1:02](https://www.youtube.com/watch?v=abcdefghijk&t=62) Plain t",
            "- [02:03](https://www.youtube.com/watch?v=abcdefghijk&t=123s) Seconds suffix",
            "- [3:34](https://www.youtube.com/watch?v=abcdefghijk&t=3m34s) Minutes and seconds",
            "- [4:08](https://youtu.be/abcdefghijk?t=248) Short link",
            "- [5:00](http://www.youtube.com/watch?v=abcdefghijk&) Trailing ampersand\\",
            "- [1:02:03](https://www.youtube.com/watch?v=abcdefghijk&t=3723) Over an hour",
        ]
    )
    notes = parse_notes(_page(items), "page.md", "test")
    assert [(c.seconds, c.title) for c in notes.chapters] == [
        (5, "No t at all"),
        (62, "Plain t"),
        (123, "Seconds suffix"),
        (214, "Minutes and seconds"),
        (248, "Short link"),
        (300, "Trailing ampersand"),
        (3723, "Over an hour"),
    ]
    assert notes.warnings == ()
    assert notes.video_id == "abcdefghijk"
    assert notes.presenter == "Ada Lovelace"
    assert notes.deck_url == "https://example.com/deck.pdf"
    assert assign_chapters(notes.code_blocks, notes.chapters)[0].chapter is None  # no such chapter


def test_label_and_link_disagree_keeps_label_and_warns() -> None:
    items = "- [0:00](https://youtu.be/abcdefghijk) Start\n- [1:30](https://youtu.be/abcdefghijk?t=95) Off"
    notes = parse_notes(_page(items), "page.md", "test")
    assert notes.chapters[1].seconds == 90
    [problem] = notes.warnings
    warning = str(problem)
    assert warning.startswith("page.md:14: ") and "t=95" in warning


def test_chapters_out_of_order_is_an_error_with_line() -> None:
    items = "- [5:00](https://youtu.be/x) Later\n- [1:00](https://youtu.be/x) Earlier"
    with pytest.raises(InputError) as caught:
        parse_notes(_page(items), "page.md", "test")
    assert str(caught.value).startswith("page.md:14: ")
    assert "in order" in str(caught.value)


def test_duplicates() -> None:
    same = "- [1:00](https://youtu.be/x) Same\n- [1:00](https://youtu.be/x) Same"
    notes = parse_notes(_page(same), "page.md", "test")
    assert len(notes.chapters) == 1
    assert notes.warnings and str(notes.warnings[0]).startswith("page.md:14: ")
    clash = "- [1:00](https://youtu.be/x) One\n- [1:00](https://youtu.be/x) Other"
    with pytest.raises(InputError, match=r"page\.md:14: two chapters start at 1:00"):
        parse_notes(_page(clash), "page.md", "test")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: x\n---\n\nNo sections here.\n", "no '## Sections' list"),
        ("no front matter\n", "no YAML front matter"),
        ("---\ntitle: [unclosed\n---\n## Sections\n", "front matter is not valid YAML"),
        ("---\ntitle: x\n---\n## Sections\n\nJust prose.\n", "has no timestamped chapters"),
        ("---\ntitle: x\n---\n## Sections\n- [7:99](https://youtu.be/x) Bad\n", "not a time"),
    ],
)
def test_unusable_pages_give_one_clear_error(text: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_notes(text, "bad.md", "bad")
    message = str(caught.value)
    assert message.startswith("bad.md:")
    assert expected in message


def test_time_parsing() -> None:
    assert parse_time("0:00") == 0
    assert parse_time("12:30") == 750
    assert parse_time("1:02:03") == 3723
    assert parse_time("12:60") is None
    assert parse_time("abc") is None
    assert link_time("https://youtu.be/x?t=88") == 88
    assert link_time("https://www.youtube.com/watch?v=x&t=1h2m3s") == 3723
    assert link_time("https://www.youtube.com/watch?v=x&") is None
    assert youtube_id("https://youtu.be/HzZRFpnKKIU?t=88") == "HzZRFpnKKIU"
    assert youtube_id("https://example.com/watch?v=x") is None


def _inspect(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "inspect", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_inspect_prints_the_contract_json(shared: Path) -> None:
    result = _inspect(shared / "labs" / "ll202508.md")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {
        "id",
        "title",
        "video_id",
        "deck_url",
        "date",
        "chapters",
        "snippets",
        "warnings",
    } <= set(data)
    assert data["id"] == "ll202508"
    assert data["date"] == "2025-08-28"
    assert [(c["seconds"], c["title"]) for c in data["chapters"]] == EXPECTED["ll202508"]
    assert all({"chapter", "lang", "code"} <= set(s) for s in data["snippets"])
    titles = {
        data["chapters"][s["chapter"]]["title"]
        for s in data["snippets"]
        if s["chapter"] is not None
    }
    assert {
        "Demo 1: Basic Usage",
        "Demo 2: Customizing with Flags",
        "Demo 3: Multi-stage Dockerfile conversion",
    } <= titles


def test_inspect_unparseable_exits_2_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text(
        "---\ntitle: x\n---\n## Sections\n- [3:00](https://youtu.be/x) B\n- [1:00](https://youtu.be/x) A\n"
    )
    result = _inspect(bad)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{bad}:6: ")


def test_inspect_missing_file_exits_2(tmp_path: Path) -> None:
    result = _inspect(tmp_path / "absent.md")
    assert result.returncode == 2
    assert "not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_default_lab_notes_are_the_seed_facts() -> None:
    notes = read_notes(ROOT / "assets" / "labs" / "ll202509" / "notes.md")
    assert notes.video_id == "4Cjy_iBNr3I"
    assert [(c.seconds, c.title) for c in notes.chapters] == EXPECTED["ll202509"]
    assert notes.deck_url == "/downloads/learning-lab-static-images-202509.pdf"
    assert notes.presenter == "Adrian Moat"
    assert notes.date == date(2025, 9, 28)
    assert notes.warnings == ()


def test_more_entry_forms_of_the_same_family() -> None:
    items = "\n".join(
        [
            "1. **[0:00](https://youtu.be/abcdefghijk)** Bold entry",
            "2. [1:30](https://youtu.be/abcdefghijk?t=90) - Dash separated",
            "3. [59:59](https://youtu.be/abcdefghijk?t=3599): Colon separated",
            "4. [100:00](https://youtu.be/abcdefghijk?t=6000) | Past a hundred minutes",
        ]
    )
    notes = parse_notes("\ufeff" + _page(items), "page.md", "test")
    assert [(c.seconds, c.title) for c in notes.chapters] == [
        (0, "Bold entry"),
        (90, "Dash separated"),
        (3599, "Colon separated"),
        (6000, "Past a hundred minutes"),
    ]


def test_a_single_tag_string_is_one_tag_and_a_bad_date_warns() -> None:
    page = "---\ntitle: x\ntags: Learning Labs\ndate: 28/08/2025\n---\n## Sections\n- [0:00](u) A\n"
    notes = parse_notes(page, "page.md", "x")
    assert notes.tags == ("Learning Labs",)
    assert notes.date is None
    assert any("28/08/2025" in str(w) for w in notes.warnings)


def test_an_entry_that_looks_like_a_chapter_but_is_not_warns() -> None:
    items = "- [0:00](https://youtu.be/abcdefghijk) Start\n- 1:30 Forgot the link"
    notes = parse_notes(_page(items), "page.md", "test")
    assert len(notes.chapters) == 1
    assert str(notes.warnings[0]).startswith("page.md:14: skipped an entry")


def test_code_blocks_find_their_chapter_by_the_words_slides_use_too(shared: Path) -> None:
    """A 'Quickstart' heading names a slide of the chapter 'How to Set Up your Raspberry Pi'."""
    notes = read_notes(shared / "labs" / "ll202511.md")
    slides = read_deck(shared / "decks" / "learning-lab-raspberrypi-202511.pdf").slides
    aligned = align_slides(notes.chapters, slides)
    titles_of = [[slides[number - 1].title for number in run] for run in aligned]
    snippets = assign_chapters(notes.code_blocks, notes.chapters, titles_of)
    startup = [s for s in snippets if s.heading == "Quickstart › Creating the startup disk"]
    assert startup, [s.heading for s in snippets]
    titles = {notes.chapters[s.chapter].title for s in startup if s.chapter is not None}
    assert titles == {"How to Set Up your Raspberry Pi with Chainguard OS"}


def test_empty_front_matter_says_what_is_missing() -> None:
    text = "---\n---\n\n## Sections\n\n- [0:00](https://youtu.be/abcdefghijk) Start\n"
    with pytest.raises(InputError) as raised:
        parse_notes(text, "notes.md", "lab")
    assert str(raised.value) == "notes.md:1: the front matter has no title"


@pytest.mark.parametrize(
    ("url", "found"),
    [
        ("https://www.youtube.com/watch?v=abcDEF12345", "abcDEF12345"),
        ("https://youtu.be/abc-EF_2345?t=3", "abc-EF_2345"),
        ("https://www.youtube.com/embed/abcDEF12345", "abcDEF12345"),
        ("https://www.youtube.com/watch?v=abcDEF12345&list=PLabcdefghijklmnop", "abcDEF12345"),
        ("https://www.youtube.com/watch?v=abcdef", None),
        ("https://youtu.be/abcdefghijkl", None),
        ("https://www.youtube.com/watch?v=abcdefghij!", None),
    ],
)
def test_a_video_id_is_eleven_letters_digits_dashes_or_underscores(
    url: str, found: str | None
) -> None:
    assert youtube_id(url) == found


def test_a_shortcode_whose_id_is_not_a_video_id_names_no_video() -> None:
    page = _page("- [0:00](https://example.com/) Start").replace("abcdefghijk", "abcdef")
    notes = parse_notes(page, "page.md", "test")
    assert notes.video_id is None
    assert [str(w) for w in notes.warnings] == [
        "page.md:9: youtube shortcode 'abcdef': not a YouTube video id (11 letters, digits, - or _)"
    ]


@pytest.mark.parametrize(
    ("shortcode", "link"),
    [
        ("PLrAXtmErZgOeiKm4sgNOknGvNjby9efdf", "https://example.com/"),
        ("abcdefghijk", "https://www.youtube.com/playlist?list=PLrAXtmErZgOeiKm4sgNOknGvNjby9efdf"),
        ("abcdefghijk", "https://www.youtube.com/@chainguard"),
        ("abcdefghijk", "https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv"),
    ],
)
def test_a_playlist_or_a_channel_where_the_video_belongs_is_refused_in_one_wording(
    shortcode: str, link: str
) -> None:
    page = _page(f"- [0:00]({link}) Start").replace("abcdefghijk", shortcode)
    notes = parse_notes(page, "page.md", "test")
    refused = [w for w in notes.warnings if NOT_ONE_VIDEO in w.message]
    assert len(refused) == 1
    if shortcode != "abcdefghijk":
        assert notes.video_id is None and refused[0].line == 9
    else:
        assert notes.video_id == "abcdefghijk" and refused[0].line == 13
