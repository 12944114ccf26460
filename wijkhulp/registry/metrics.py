"""The dashboard's catalogue: figures (one number) and series (rows for a chart with its table) that features
declare in their manifests. Compute functions get (pc4s, start, end); see wijkhulp.metrics."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from wijkhulp.metrics import UNITS, FigureResult, Row, Scope
from wijkhulp.registry.base import Registry, check_key


def _check(key: str, unit: str) -> None:
    check_key(key, "metric")
    if unit not in UNITS:
        raise ValueError(f"unit {unit!r} is not one of {UNITS}")


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any
    compute: Callable[[Scope, datetime, datetime], FigureResult]
    unit: str = "count"
    section: Any = ""
    order: int = 50
    public: bool = False  # also on the public impact page
    description: Any = ""

    def __post_init__(self) -> None:
        _check(self.key, self.unit)


@dataclass(frozen=True)
class Series:
    key: str
    label: Any
    compute: Callable[[Scope, datetime, datetime], list[Row]]
    columns: tuple[Any, ...] = (_l("Number"),)
    row_heading: Any = ""
    unit: str = "count"
    section: Any = ""
    order: int = 50
    public: bool = False
    description: Any = ""

    def __post_init__(self) -> None:
        _check(self.key, self.unit)
        if not self.columns:
            object.__setattr__(self, "columns", (_l("Number"),))
        else:
            object.__setattr__(self, "columns", tuple(self.columns))


FIGURES: Registry[Figure] = Registry("figure", sort_key=lambda f: (f.order, f.key))
SERIES: Registry[Series] = Registry("series", sort_key=lambda s: (s.order, s.key))


def figures(*, public_only: bool = False) -> list[Figure]:
    return [f for f in FIGURES.all() if f.public or not public_only]


def series(*, public_only: bool = False) -> list[Series]:
    return [s for s in SERIES.all() if s.public or not public_only]


def figure(key: str) -> Figure | None:
    return FIGURES.get(key)
