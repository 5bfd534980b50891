"""The slide viewer's files leave the page's head and wait for the first click."""

from __future__ import annotations

from generator.write.lightbox import defer_lightbox

PAGE = (
    '<html><head><link rel="stylesheet" href="../assets/stylesheets/main.css">\n'
    '<link href="../assets/stylesheets/glightbox.min.css" rel="stylesheet">\n'
    '<script src="../assets/javascripts/glightbox.min.js"></script>\n'
    "</head><body><p>page</p>"
    '<script id="init-glightbox">const lightbox = GLightbox({"loop": false});\n</script>'
    "</body></html>"
)


def test_the_files_leave_the_head_and_the_start_becomes_data() -> None:
    html = defer_lightbox(PAGE)
    head = html.split("</head>")[0]
    assert "glightbox" not in head
    assert '<link rel="stylesheet" href="../assets/stylesheets/main.css">' in head
    assert (
        '<script id="init-glightbox" type="text/plain" '
        'data-style="../assets/stylesheets/glightbox.min.css" '
        'data-script="../assets/javascripts/glightbox.min.js">'
        'const lightbox = GLightbox({"loop": false});\n</script>'
    ) in html


def test_a_page_without_the_viewer_is_left_as_it_is() -> None:
    plain = "<html><head></head><body><p>no slides</p></body></html>"
    assert defer_lightbox(plain) == plain
    # Half of it (a theme that moved the script) is not touched either.
    half = PAGE.replace('<script src="../assets/javascripts/glightbox.min.js"></script>\n', "")
    assert defer_lightbox(half) == half
