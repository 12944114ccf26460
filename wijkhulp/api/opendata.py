"""Open data (domain layer): the public figures per neighbourhood and month, suppressed exactly as on /impact
(through present.figures), and their DCAT-AP-NL description as JSON-LD with the context inlined (nothing remote)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from wijkhulp.api import present
from wijkhulp.database import LOCAL_TZ
from wijkhulp.neighbourhoods import queries as neighbourhoods

MONTHS = 12
LICENCES = {False: ("CC0 1.0", "http://creativecommons.org/publicdomain/zero/1.0/"),
            True: ("CC BY 4.0", "http://creativecommons.org/licenses/by/4.0/")}
HEADER = ("neighbourhood", "month", "section", "key", "label", "unit", "value")


def months(now: datetime, count: int = MONTHS) -> list[str]:
    """The last `count` calendar months up to and including the current one, oldest first ('2026-01')."""
    today = now.astimezone(LOCAL_TZ).date()
    year, month = today.year, today.month
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def figure_rows(now: datetime) -> list[tuple[Any, ...]]:
    """(neighbourhood name or 'all', month, section, key, label, unit, value) for every public figure."""
    rows: list[tuple[Any, ...]] = []
    scopes: list[tuple[int | None, str]] = [(None, "all")] + [(n.id, n.name)
                                                            for n in neighbourhoods.all_neighbourhoods()]
    for month in months(now):
        for neighbourhood_id, name in scopes:
            result = present.figures(neighbourhood_id, month)
            for section in result.sections:
                for figure in section.figures:
                    rows.append((name, month, section.title, figure.key, figure.label, figure.unit, figure.value))
    return rows


def catalogue(*, base_url: str, title: str, publisher: str, attribution: bool, now: datetime,
              urls: dict[str, str]) -> dict[str, Any]:
    """A DCAT-AP(-NL) catalogue with one dataset and its CSV and JSON distributions, as self-contained JSON-LD."""
    licence_name, licence_url = LICENCES[attribution]
    first = date.fromisoformat(months(now)[0] + "-01")
    issued = now.astimezone(LOCAL_TZ).date().isoformat()
    dataset = {
        "@id": f"{base_url}/open-data#figures", "@type": "dcat:Dataset",
        "dct:title": [{"@value": f"Wat buren samen deden — {title}", "@language": "nl"},
                      {"@value": f"What neighbours did together — {title}", "@language": "en"}],
        "dct:description": [
            {"@value": "Openbare cijfers van wijkhulp per wijk en per maand: hulpvragen, hulpaanbod, uren hulp, "
                       "ideeën en buurtvoorstellen. Aantallen van 1 tot en met 4 staan er als \"<5\".",
             "@language": "nl"},
            {"@value": "Public figures of wijkhulp per neighbourhood and month. Counts from 1 to 4 are shown as "
                       "\"<5\".", "@language": "en"}],
        "dct:publisher": {"@id": f"{base_url}/#publisher", "@type": "foaf:Agent", "foaf:name": publisher},
        "dct:license": {"@id": licence_url},
        "dct:accessRights": {"@id": "http://publications.europa.eu/resource/authority/access-right/PUBLIC"},
        "dct:language": [{"@id": "http://publications.europa.eu/resource/authority/language/NLD"}],
        "dct:issued": {"@value": issued, "@type": "xsd:date"},
        "dct:temporal": {"@type": "dct:PeriodOfTime",
                         "dcat:startDate": {"@value": first.isoformat(), "@type": "xsd:date"},
                         "dcat:endDate": {"@value": issued, "@type": "xsd:date"}},
        "dct:spatial": {"@type": "dct:Location", "locn:geographicName": publisher},
        "dcat:keyword": [{"@value": w, "@language": "nl"} for w in ("burenhulp", "wijk", "vrijwilligers")],
        "dcat:theme": {"@id": "http://publications.europa.eu/resource/authority/data-theme/SOCI"},
        "dcat:landingPage": {"@id": f"{base_url}/open-data"},
        "dcat:distribution": [
            {"@id": f"{base_url}/open-data#csv", "@type": "dcat:Distribution", "dct:title": "CSV",
             "dcat:accessURL": {"@id": urls["csv"]}, "dcat:downloadURL": {"@id": urls["csv"]},
             "dcat:mediaType": {"@id": "http://www.iana.org/assignments/media-types/text/csv"},
             "dct:license": {"@id": licence_url}},
            {"@id": f"{base_url}/open-data#json", "@type": "dcat:Distribution", "dct:title": "JSON",
             "dcat:accessURL": {"@id": urls["json"]}, "dcat:downloadURL": {"@id": urls["json"]},
             "dcat:mediaType": {"@id": "http://www.iana.org/assignments/media-types/application/json"},
             "dct:license": {"@id": licence_url}},
            {"@id": f"{base_url}/open-data#api", "@type": "dcat:Distribution", "dct:title": "API",
             "dcat:accessURL": {"@id": urls["api"]},
             "dcat:mediaType": {"@id": "http://www.iana.org/assignments/media-types/application/json"},
             "dct:license": {"@id": licence_url}}],
    }
    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                     "foaf": "http://xmlns.com/foaf/0.1/", "locn": "http://www.w3.org/ns/locn#",
                     "xsd": "http://www.w3.org/2001/XMLSchema#"},
        "@id": f"{base_url}/open-data#catalog", "@type": "dcat:Catalog",
        "dct:title": {"@value": f"Open data van {title}", "@language": "nl"},
        "dct:description": {"@value": "De open data van wijkhulp.", "@language": "nl"},
        "dct:publisher": {"@id": f"{base_url}/#publisher"}, "dct:license": {"@id": licence_url},
        "dcat:dataset": [dataset],
    }


def licence(attribution: bool) -> tuple[str, str]:
    return LICENCES[attribution]
