"""Security headers on every response (HTML pages, error pages and static files alike), and which proxies are
trusted to say who the client is."""

from __future__ import annotations

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

# Only our own files: no inline scripts or styles, no third-party hosts. Images may be data: URLs (inline SVG icons).
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "manifest-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
])

PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb"))

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # for browsers that do not know frame-ancestors
    # Links to other sites carry no Referer at all: some of our URLs hold one-time tokens (password reset).
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client address (and scheme) from the last that many
    X-Forwarded-For/-Proto values, so rate limits key on the real client. Without proxies the headers are
    ignored: a client cannot pick its own address."""
    count = app.config.get("TRUSTED_PROXIES", 0)
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]


def init_app(app: Flask) -> None:
    trust_proxies(app)
    headers = dict(HEADERS)
    if app.config.get("CONTENT_SECURITY_POLICY"):
        headers["Content-Security-Policy"] = app.config["CONTENT_SECURITY_POLICY"]

    @app.after_request
    def add_headers(response: Response) -> Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if not (app.debug or app.testing):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
