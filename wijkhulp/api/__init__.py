"""The public read-only JSON API at /api/v1 (NL API Design Rules), its OpenAPI document and docs page, open data,
and /.well-known/security.txt."""
