"""The analyser behind tests/test_architecture.py: what each module of wijkhulp/ really imports and uses.

`analyse(source, relpath)` parses one file and returns its resolved facts; `Tree` holds the facts of a whole package
(the real wijkhulp/ or a fake one in a self-test) and `Tree.violations(relpath)` applies every rule of STYLE.md §2 to
one module. The self-tests and the real-tree tests call the very same functions.

Facts are resolved, not matched on spelling:
- every import gives absolute module names (relative imports resolved against the file's package);
- every name bound by an import gets its origin ("flask.request" for `from flask import request as r`);
- attribute chains on such names are resolved too (`import flask as f; f.session` -> "flask.session"), as are
  `getattr(f, "session")` and names re-exported by another wijkhulp module (`from wijkhulp.x import request`
  where wijkhulp/x.py imported it from flask);
- dynamic imports (importlib, __import__, pkgutil walkers, exec/eval) and every `.commit` attribute are recorded.
Bindings are file-wide, not per scope: a parameter that shadows an imported module name would be taken for the
module. Nothing in wijkhulp/ does that, and erring that way cannot let a break through.
"""

from __future__ import annotations

import ast
import pathlib
from dataclasses import dataclass, field

# ---------------------------------------------------------------- roles, decided by where a module sits

# A module plays a web role when it exists to serve HTTP requests; only those may touch the request-bound names.
WEB_PARTS = {
    "views": "views",          # views.py or a views/ package: the blueprints themselves
    "forms": "forms",          # forms.py or a forms/ package: Flask-WTF forms read the request
    "decorators": "decorators",  # view decorators (login/role checks that abort or redirect)
    "feature": "manifest",     # feature.py: a feature's manifest, registers blueprints and url_for-needing hooks
}
# Root glue that exists for the factory: error pages, locale from the session, template context, response headers.
WEB_ROOT_GLUE = {
    "errors": "glue",    # HTML/JSON error handlers render templates and read request.path
    "i18n": "glue",      # the locale selector reads session and current_user
    "web": "glue",       # context processors for every page (menus, unread count); also a wijkhulp/web/ package
    "security": "glue",  # after_request hook adding security headers to every response
}
WEB_ROLES = {"factory", "views", "forms", "decorators", "manifest", "glue"}
# Roles that may end a transaction: services (services.py or a services/ package) and demo seeders (demo.py).
COMMIT_ROLES = {"services", "demo"}
# Roles a non-web module may never import: they drag the request in.
WEB_MODULE_ROLES = {"views", "forms", "decorators", "manifest", "factory"}

# ---------------------------------------------------------------- names

# Names that only make sense while a request is handled. current_app, Flask, jsonify, Response are not here:
# services may read config, and those carry no request state.
WEB_ONLY = {
    "request", "session", "g", "current_user", "flash", "get_flashed_messages", "url_for", "abort",
    "render_template", "render_template_string", "stream_template", "redirect", "make_response", "send_file",
    "send_from_directory", "login_user", "logout_user",
}
# ... when they come from these distributions (flask.request, flask.globals.request, werkzeug.exceptions.abort,
# werkzeug.utils.redirect, flask_login.utils.login_user ...). db.session is wijkhulp.extensions.db.session: fine.
WEB_PACKAGES = {"flask", "flask_login", "werkzeug"}

# Dynamic imports hide what a module uses; refused everywhere in wijkhulp/ except the (empty) allow-list below.
DYNAMIC_IMPORTS = {
    "importlib.import_module", "importlib.__import__", "importlib.reload", "builtins.__import__",
    "builtins.exec", "builtins.eval", "pkgutil.iter_modules", "pkgutil.walk_packages", "pkgutil.resolve_name",
    "pkgutil.get_loader", "pkgutil.find_loader", "runpy.run_module", "runpy.run_path", "sys.modules",
}
DYNAMIC_PREFIXES = ("importlib.util.", "importlib.machinery.")
DYNAMIC_BUILTINS = {"__import__", "exec", "eval"}
DYNAMIC_IMPORT_ALLOWED: set[str] = set()   # relpaths; keep it empty


@dataclass(frozen=True)
class Fact:
    line: int
    kind: str     # "import" (`import m`), "from" (`from m import ...`: m), "name" (a binding's origin),
    #               "use" (attribute chain on a binding), "dynamic", "commit", "relative", "star"
    value: str


@dataclass
class Module:
    relpath: str             # "wijkhulp/marketplace/services/listings.py"
    dotted: str              # "wijkhulp.marketplace.services.listings"
    is_package: bool
    facts: list[Fact] = field(default_factory=list)
    exports: dict[str, str] = field(default_factory=dict)   # module-level import bindings: name -> origin
    defines: set[str] = field(default_factory=set)           # module-level defs, classes and assignments
    error: str | None = None


def dotted_name(relpath: str) -> tuple[str, bool]:
    parts = list(pathlib.PurePosixPath(relpath).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def role_of(dotted: str) -> str:
    """The role of a module (or of a dotted name inside one), from where it sits in the package."""
    parts = dotted.split(".")[1:]   # drop "wijkhulp"
    if not parts:
        return "factory"
    for part in parts:
        if part in WEB_PARTS:
            return WEB_PARTS[part]
    if parts[0] in WEB_ROOT_GLUE:
        return WEB_ROOT_GLUE[parts[0]]
    if "services" in parts:
        return "services"
    if "models" in parts:
        return "models"
    if parts[-1] == "demo":
        return "demo"
    return "domain"


# ---------------------------------------------------------------- the analyser


class _Visitor(ast.NodeVisitor):
    def __init__(self, module: Module) -> None:
        self.module = module
        self.package = module.dotted if module.is_package else module.dotted.rpartition(".")[0]
        self.bindings: dict[str, str] = {}
        self.depth = 0   # > 0 inside a function or class: imports there are not re-exports
        self.pending: list[tuple[int, str]] = []   # (line, dotted chain), resolved once every binding is known

    def add(self, node: ast.AST, kind: str, value: str) -> None:
        self.module.facts.append(Fact(getattr(node, "lineno", 0), kind, value))

    def bind(self, name: str, origin: str) -> None:
        self.bindings[name] = origin
        if self.depth == 0:
            self.module.exports[name] = origin

    # scopes
    def _scoped(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = visit_Lambda = _scoped

    # imports
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.add(node, "import", alias.name)
            if alias.asname:
                self.bind(alias.asname, alias.name)
            else:
                top = alias.name.split(".")[0]
                self.bind(top, top)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            self.add(node, "relative", "." * node.level + (node.module or ""))
            base = self.package.split(".")
            base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        self.add(node, "from", source)   # the names below say what is used from it
        for alias in node.names:
            if alias.name == "*":
                self.add(node, "star", source)
                continue
            origin = f"{source}.{alias.name}"
            self.add(node, "name", origin)
            self.bind(alias.asname or alias.name, origin)

    # uses
    def _chain(self, node: ast.AST) -> tuple[str, ast.Name] | None:
        attrs: list[str] = []
        while isinstance(node, ast.Attribute):
            attrs.append(node.attr)
            node = node.value
        if isinstance(node, ast.Name):
            return ".".join([node.id, *reversed(attrs)]), node
        return None

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "commit":
            self.add(node, "commit", ast.unparse(node))
        chain = self._chain(node)
        if chain is None:
            self.generic_visit(node)
            return
        # the outermost chain only: its prefixes are checked by the rules; inner .commit still recorded
        inner = node.value
        while isinstance(inner, ast.Attribute):
            if inner.attr == "commit":
                self.add(inner, "commit", ast.unparse(inner))
            inner = inner.value
        self.pending.append((node.lineno, chain[0]))

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if (isinstance(func, ast.Name) and func.id == "getattr" and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)):
            target = self._chain(node.args[0])
            if target is not None:
                self.pending.append((node.lineno, f"{target[0]}.{node.args[1].value}"))
            if node.args[1].value == "commit":
                self.add(node, "commit", ast.unparse(node))
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in DYNAMIC_BUILTINS and isinstance(node.ctx, ast.Load) and node.id not in self.bindings:
            self.add(node, "dynamic", f"builtins.{node.id}")

    def finish(self) -> None:
        for line, chain in self.pending:
            head, _, rest = chain.partition(".")
            if head in self.bindings:
                origin = self.bindings[head] + (f".{rest}" if rest else "")
                self.module.facts.append(Fact(line, "use", origin))


def analyse(source: str, relpath: str) -> Module:
    dotted, is_package = dotted_name(relpath)
    module = Module(relpath, dotted, is_package)
    try:
        tree = ast.parse(source, filename=relpath)
    except SyntaxError as exc:
        module.error = f"does not parse: {exc}"
        return module
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            module.defines.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                module.defines.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    visitor = _Visitor(module)
    visitor.visit(tree)
    visitor.finish()
    return module


# ---------------------------------------------------------------- the rules

# Features stack: a feature imports only from features of a lower rank (and from itself).
RANKS = {
    "geo": 1, "accounts": 2, "settings": 3, "neighbourhoods": 4, "notifications": 4, "organisations": 5,
    "marketplace": 6, "ideas": 6, "proposals": 6, "moderation": 7, "dashboard": 8, "privacy": 8,
    "auth": 9, "api": 10, "admin": 10, "pages": 10, "ops": 11,
}
# Root modules and packages: the low ones anyone may import; the high ones only the factory uses.
LOW_ROOT = {"config", "database", "extensions", "errors", "i18n", "forms", "audit", "kindness", "text", "csvexport",
            "metrics", "registry", "configcheck", "cache"}
HIGH_ROOT = {"web", "cli", "demo", "security", "__init__"}
PURE_ANYWHERE = {"wijkhulp.geo.postcodes"}   # pure rules, usable from any layer


class Tree:
    """The analysed modules of one package, by relpath, with what is needed to resolve names across them."""

    def __init__(self, modules: list[Module]) -> None:
        self.by_relpath = {m.relpath: m for m in modules}
        self.by_dotted = {m.dotted: m for m in modules}

    @classmethod
    def from_sources(cls, sources: dict[str, str]) -> Tree:
        return cls([analyse(text, relpath) for relpath, text in sources.items()])

    @classmethod
    def from_directory(cls, package_dir: pathlib.Path) -> Tree:
        root = package_dir.parent
        return cls.from_sources({p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
                                 for p in sorted(package_dir.rglob("*.py"))})

    # resolution
    def resolve(self, origin: str) -> str:
        """Follow re-exports: wijkhulp.x.request -> flask.request when wijkhulp/x.py imported it from flask."""
        for _ in range(20):
            parts = origin.split(".")
            for i in range(len(parts) - 1, 0, -1):
                module = self.by_dotted.get(".".join(parts[:i]))
                if module is not None and parts[i] in module.exports:
                    new = ".".join([module.exports[parts[i]], *parts[i + 1:]])
                    if new != origin and f"{module.dotted}.{parts[i]}" != module.exports[parts[i]]:
                        origin = new
                        break
            else:
                return origin
        return origin

    def target_module(self, name: str) -> str:
        """The module a dotted wijkhulp name lives in: its longest prefix that is a module of the tree, one part
        longer when that prefix is a package not defining the next part (`from pkg import sub`: a submodule)."""
        parts = name.split(".")
        for i in range(len(parts), 0, -1):
            module = self.by_dotted.get(".".join(parts[:i]))
            if module is None:
                continue
            if i < len(parts) and module.is_package and parts[i] not in module.defines | module.exports.keys():
                i += 1
            return ".".join(parts[:i])
        return name

    def imported_wijkhulp_modules(self, module: Module) -> list[tuple[int, str, str]]:
        """(line, wijkhulp module, as written) for every wijkhulp module imported or used via attributes."""
        found = []
        for fact in module.facts:
            if fact.kind in {"import", "name", "use", "star"}:
                value = self.resolve(fact.value) if fact.kind != "import" else fact.value
                if value == "wijkhulp" or not value.startswith("wijkhulp."):
                    continue
                target = value if fact.kind == "import" else self.target_module(value)
                if target == "wijkhulp" and value.split(".")[1].startswith("__"):
                    continue  # wijkhulp.__path__ and the like: the package object, not the factory
                found.append((fact.line, target, fact.value))
        return found

    def violations(self, relpath: str) -> list[str]:
        module = self.by_relpath[relpath]
        if module.error:
            return [f"{relpath}: {module.error}"]
        found: list[str] = []
        role = role_of(module.dotted)
        found += self._relative_and_dynamic(module)
        found += self._web_only(module, role)
        found += self._commit(module, role)
        found += self._layers(module, role)
        return sorted(set(found), key=lambda v: (int(v.split(":")[1]), v))

    def _relative_and_dynamic(self, module: Module) -> list[str]:
        found = []
        for fact in module.facts:
            if fact.kind == "relative":
                found.append(f"{module.relpath}:{fact.line}: relative import `from {fact.value} import ...` "
                             "(write the absolute wijkhulp.… name)")
            if module.relpath in DYNAMIC_IMPORT_ALLOWED:
                continue
            value = self.resolve(fact.value) if fact.kind in {"name", "use"} else fact.value
            if fact.kind == "dynamic" or (fact.kind in {"name", "use"} and (
                    value in DYNAMIC_IMPORTS or value.startswith(DYNAMIC_PREFIXES))):
                found.append(f"{module.relpath}:{fact.line}: dynamic import {value} "
                             "(import modules by name so the checks see them)")
        return found

    def _web_only(self, module: Module, role: str) -> list[str]:
        if role in WEB_ROLES:
            return []
        found = []
        for fact in module.facts:
            if fact.kind not in {"name", "use", "star"}:
                continue
            value = self.resolve(fact.value)
            parts = value.split(".")
            if parts[0] not in WEB_PACKAGES:
                continue
            if fact.kind == "star":
                found.append(f"{module.relpath}:{fact.line}: web-only `from {value} import *` in a {role} module")
                continue
            for i, part in enumerate(parts[1:], start=1):
                if part in WEB_ONLY:
                    found.append(f"{module.relpath}:{fact.line}: web-only {'.'.join(parts[:i + 1])} "
                                 f"in a {role} module (web-only: views, forms, decorators, manifests, factory glue)")
                    break
        return found

    def _commit(self, module: Module, role: str) -> list[str]:
        if role in COMMIT_ROLES:
            return []
        return [f"{module.relpath}:{fact.line}: {fact.value} in a {role} module "
                "(only services and demo seeders end a transaction)"
                for fact in module.facts if fact.kind == "commit"]

    def _layers(self, module: Module, role: str) -> list[str]:
        found = []
        rel = module.relpath
        parts = module.dotted.split(".")[1:]
        feature = parts[0] if parts else "__init__"
        if feature not in RANKS and feature not in LOW_ROOT and feature not in HIGH_ROOT:
            found.append(f"{rel}:1: unknown feature {feature} (add it to RANKS, LOW_ROOT or HIGH_ROOT)")
        own_views = _views_package(module.dotted)
        for line, target, _written in self.imported_wijkhulp_modules(module):
            target_role = role_of(target)
            where = f"{rel}:{line}"
            # views: only the factory and manifests, and a views package's own parts
            if target_role == "views" and role not in {"factory", "manifest"} and (
                    own_views is None or _views_package(target) != own_views):
                found.append(f"{where}: imports views {target} (only the factory and feature manifests may)")
            elif role not in WEB_ROLES and target_role in WEB_MODULE_ROLES:
                found.append(f"{where}: {role} module imports {target_role} {target}")
            if role == "models" and target_role == "services":
                found.append(f"{where}: models import services {target}")
            found += self._rank(module, feature, target, where)
        return found

    def _rank(self, module: Module, feature: str, target: str, where: str) -> list[str]:
        tparts = target.split(".")[1:]
        tfeature = tparts[0] if tparts else "__init__"
        if tfeature == feature or tfeature in LOW_ROOT or target in PURE_ANYWHERE or feature in HIGH_ROOT:
            return []
        if tfeature in HIGH_ROOT:
            if (tfeature == "demo" and role_of(module.dotted) == "demo") or (tfeature == "web" and feature in RANKS):
                return []
            return [f"{where}: imports the high root module {target}"]
        if feature in LOW_ROOT:
            return [f"{where}: low module {feature} imports the feature {target}"]
        if tfeature not in RANKS:
            return [f"{where}: imports unknown feature {target} (add it to RANKS)"]
        if feature in RANKS and RANKS[tfeature] >= RANKS[feature]:
            return [(f"{where}: {feature} (rank {RANKS[feature]}) imports the higher or equal feature {target} "
                     f"(rank {RANKS[tfeature]})")]
        return []


def _views_package(dotted: str) -> str | None:
    parts = dotted.split(".")
    return ".".join(parts[: parts.index("views") + 1]) if "views" in parts else None
