"""The import rules of STYLE.md, checked on the source: layers point down, services stay out of the web layer."""

from __future__ import annotations

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "wijkhulp"

# Features stack: a feature imports only from features of a lower rank (and from itself).
RANKS = {
    "geo": 1, "accounts": 2, "settings": 3, "neighbourhoods": 4, "notifications": 4, "organisations": 5,
    "marketplace": 6, "ideas": 6, "proposals": 6, "moderation": 7, "dashboard": 8,
    "auth": 9, "api": 10, "admin": 10, "pages": 10,
}
# Root modules: the low ones anyone may import; the high ones only the factory uses.
LOW_ROOT = {"config", "database", "extensions", "errors", "i18n", "forms", "audit", "contenttypes", "kindness",
            "metrics"}
HIGH_ROOT = {"web", "cli", "demo", "security", "__init__"}
WEB_ONLY = {"request", "session", "g", "current_user", "flash", "render_template", "url_for", "abort",
            "redirect", "make_response"}


def _modules() -> list[pathlib.Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def _imports(path: pathlib.Path) -> list[tuple[str, list[str]]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def _feature_of(path: pathlib.Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _target_feature(module: str, names: list[str]) -> list[str]:
    parts = module.split(".")
    if parts[0] != "wijkhulp":
        return []
    if len(parts) == 1:  # from wijkhulp import x, y
        return names
    return [parts[1]]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: pathlib.Path) -> None:
    feature = _feature_of(path)
    for module, names in _imports(path):
        for target in _target_feature(module, names):
            if target == feature or target in LOW_ROOT:
                continue
            if module == "wijkhulp.geo.postcodes":
                continue  # pure rules, usable from anywhere
            if feature in HIGH_ROOT:
                continue
            assert target not in HIGH_ROOT or (target == "demo" and path.name == "demo.py") or (
                target == "web" and feature in RANKS), f"{path.name} imports {module}"
            if target in HIGH_ROOT:
                continue
            assert feature not in LOW_ROOT, f"low module {feature} imports feature {module}"
            assert target in RANKS, f"unknown feature {target} (add it to RANKS)"
            assert RANKS[target] < RANKS[feature], f"{feature} imports the higher or equal feature {module}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_factory_imports_views(path: pathlib.Path) -> None:
    if path == PACKAGE / "__init__.py":
        return
    for module, names in _imports(path):
        assert not module.endswith(".views"), f"{path} imports {module}"
        assert "views" not in names or not module.startswith("wijkhulp"), f"{path} imports views"


@pytest.mark.parametrize("path", [p for p in _modules() if p.name in {"services.py", "models.py", "queries.py",
                                                                        "permissions.py", "registry.py"}
                                  or "services" in p.relative_to(PACKAGE).parts[:-1]],
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_domain_layer_stays_out_of_the_web(path: pathlib.Path) -> None:
    for module, names in _imports(path):
        if module in {"flask", "flask_login"}:
            used = WEB_ONLY.intersection(names)
            assert not used, f"{path} imports {used} from {module}"
        assert not module.endswith((".forms", ".views")), f"{path} imports {module}"
        if path.name == "models.py":
            assert not module.endswith(".services"), f"{path} imports {module}"
