"""Security headers on every kind of response, CSRF protection, and templates the CSP can serve."""

from __future__ import annotations

import pathlib
import re

import pytest

TEMPLATES = pathlib.Path(__file__).resolve().parent.parent / "wijkhulp" / "templates"


def _csp(response) -> dict[str, str]:
    directives = [part.strip() for part in response.headers["Content-Security-Policy"].split(";")]
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] if " " in d else "" for d in directives if d}


def assert_secure_headers(response) -> None:
    csp = _csp(response)
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["img-src"] == "'self' data:"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert csp["base-uri"] == "'self'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_headers_on_an_html_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert_secure_headers(response)


def test_headers_on_a_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert_secure_headers(response)


def test_headers_on_a_static_file(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert_secure_headers(response)
    response.close()


def test_headers_on_a_server_error(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/_test/crash")
    def crash():
        raise RuntimeError("boom")

    response = app.test_client().get("/_test/crash")
    assert response.status_code == 500
    assert_secure_headers(response)


def test_no_hsts_in_development_but_in_production(client, make_app):
    assert "Strict-Transport-Security" not in client.get("/").headers
    production = make_app(TESTING=False, DEBUG=False, SECRET_KEY="a-real-secret-for-this-test")
    assert production.test_client().get("/").headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_site_may_set_its_own_policy(make_app):
    app = make_app(CONTENT_SECURITY_POLICY="default-src 'self'; img-src 'self' data: https://tiles.example")
    response = app.test_client().get("/")
    assert "https://tiles.example" in response.headers["Content-Security-Policy"]


def test_a_view_may_set_a_stricter_header(make_app):
    app = make_app()

    @app.get("/_test/embed")
    def embed():
        return "ok", 200, {"X-Frame-Options": "SAMEORIGIN"}

    assert app.test_client().get("/_test/embed").headers["X-Frame-Options"] == "SAMEORIGIN"


# ---------------------------------------------------------------- CSRF

def test_csrf_is_enforced_when_enabled(make_app):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/language", data={"language": "en"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "The form has expired" in body or "formulier" in body.lower()
    assert_secure_headers(response)
    assert '<html lang="nl">' in client.get("/").get_data(as_text=True)  # nothing changed


def test_csrf_token_from_the_page_is_accepted(make_app):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    body = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', body)
    assert token, "the language switch carries a CSRF token"
    response = client.post("/language", data={"language": "en", "csrf_token": token[1]})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_csrf_with_a_wrong_token_is_refused(make_app):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    client.get("/")
    response = client.post("/language", data={"language": "en", "csrf_token": "forged"})
    assert response.status_code == 400


# ---------------------------------------------------------------- templates the CSP allows

INLINE = [
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"<style[\s>]", re.I), "a <style> element"),
    # a JSON-LD data block (open data's DCAT description) is never executed, so the CSP does not concern it
    (re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*\stype=\"application/ld\+json\")[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "an inline event handler"),
    (re.compile(r"href\s*=\s*[\"']\s*javascript:", re.I), "a javascript: link"),
]


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_have_no_inline_styles_or_scripts(path):
    source = path.read_text(encoding="utf-8")
    for pattern, what in INLINE:
        match = pattern.search(source)
        assert match is None, f"{path.name} has {what} (the CSP blocks it): {match.group(0) if match else ''}"
