"""Static files get fingerprinted URLs (?v=<hash of the file>) and, asked for by that name, a year's cache."""

from __future__ import annotations

import re


def _stylesheet(client) -> str:
    page = client.get("/about").get_data(as_text=True)
    found = re.search(r'href="(/static/css/app\.css\?v=([0-9a-f]{12}))"', page)
    assert found, "the stylesheet link has no fingerprint"
    return found[1]


def test_a_fingerprinted_file_is_kept_for_a_year(client):
    url = _stylesheet(client)
    response = client.get(url)
    response.close()
    assert response.status_code == 200
    cache = response.headers["Cache-Control"]
    assert "max-age=31536000" in cache and "immutable" in cache and "public" in cache


def test_the_fingerprint_is_the_files_hash(app, client):
    import hashlib
    from pathlib import Path

    url = _stylesheet(client)
    content = (Path(app.static_folder) / "css" / "app.css").read_bytes()
    assert url.endswith(hashlib.sha256(content).hexdigest()[:12])


def test_without_or_with_an_old_fingerprint_no_long_cache(client):
    for url in ("/static/css/app.css", "/static/css/app.css?v=000000000000"):
        response = client.get(url)
        response.close()
        assert response.status_code == 200
        assert "immutable" not in response.headers.get("Cache-Control", "")


def test_odd_names_are_refused_plainly(client):
    for url in ("/static/../wijkhulp/__init__.py?v=1", "/static/nothing.css?v=abc", "/static/css?v=abc"):
        response = client.get(url)
        response.close()
        assert response.status_code == 404
