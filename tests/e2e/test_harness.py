"""The checks themselves: a deliberately broken page must fail them (so a green suite means something)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.harness import PageProblem, Site

pytestmark = pytest.mark.e2e

BROKEN = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Broken on purpose</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>
  <h1>Broken on purpose</h1>
  <form><input type="email" name="email"><button type="submit">Send</button></form>
  <div style="width: 600px">too wide for a phone</div>
</main></body></html>"""


def test_a_broken_page_fails_every_check(site: Site) -> None:
    site.page.route("**/__e2e_broken", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=BROKEN))
    with pytest.raises(PageProblem) as failure:
        site.visit("/__e2e_broken")
    message = str(failure.value)
    assert "[critical] label: Form elements must have labels" in message
    assert "dequeuniversity.com/rules/axe/" in message  # the help URL
    assert "- input:" in message  # the node that fails
    assert re.search(r"is 6\d\dpx wide at 320px .*sticking out: div", message)
    assert "inline script, style or event handler" in message


def test_an_unchecked_page_is_noticed(site: Site) -> None:
    site.visit("/")
    site.page.goto(site.url("/about"))  # navigating around the helpers
    assert site.unchecked_pages() == [site.url("/about")]
    site.check()  # (and now it is checked, so this test passes)
    assert site.unchecked_pages() == []
