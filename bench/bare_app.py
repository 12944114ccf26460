"""The reference for bench/pages.py: a bare Flask app, served by the same gunicorn setup as wijkhulp.

`/bare` returns 200 bytes; `/cards` renders a plain Jinja page with 20 static cards (about 24 KB), the floor a
templated list page can reach with Flask and Jinja alone.
"""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)

_BODY = b"x" * 200
_CARDS = app.jinja_env.from_string("""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{{ title }}</title></head><body><main><h1>{{ title }}</h1>
<ul class="cards">{% for card in cards %}
<li class="card"><article><h2 class="card__title"><a href="/help/{{ card.id }}">{{ card.title }}</a></h2>
<p class="card__meta"><span class="badge">{{ card.kind }}</span> {{ card.category }} · {{ card.pc4 }} {{ card.place }}
 · {{ card.distance }}</p><p class="card__text">{{ card.text }}</p>
<p class="card__time"><time datetime="{{ card.when }}">{{ card.ago }}</time></p></article></li>{% endfor %}
</ul></main></body></html>""")
_DATA = [{"id": i, "title": f"Hulp bij boodschappen {i}", "kind": "Hulpvraag", "category": "Boodschappen",
          "pc4": "1012", "place": "Amsterdam", "distance": "minder dan 1 km",
          "text": "Wie kan mij op dinsdag helpen met de boodschappen? " * 14, "when": "2026-12-01T10:00:00Z",
          "ago": "3 dagen geleden"} for i in range(20)]


@app.get("/bare")
def bare() -> bytes:
    return _BODY


@app.get("/cards")
def cards() -> str:
    return _CARDS.render(title="Hulp in je buurt", cards=_DATA)
