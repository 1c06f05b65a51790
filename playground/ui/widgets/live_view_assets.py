"""The live view's front-end files: the ES modules under static/, how the browser loads them.

The renderer is static/live_view.js, an ES module that imports the modules in static/live_view/
by relative path. With `server.enableStaticServing` Streamlit serves them at /app/static/, and
`loader_js` is the tiny inline script the component sends with every frame: on its first call it
declares an import map that gives every module of the renderer a `?v=<hash of all modules>`
URL, then imports the entry. The modules keep their plain relative imports, yet a browser never
runs a stale cached copy of one of them after an update (Streamlit sends no Cache-Control for
static files, so browsers may reuse them heuristically). A browser without dynamic import maps
(Chromium < 133) ignores the map and loads the same files unversioned.

Without static serving (AppTest, another entry point) `bundle_js` makes one script of the whole
module graph, sent inline (it works, at the cost of bandwidth): each module becomes a function
scope whose exports the modules that import it destructure. The bundler understands the subset
of module syntax the renderer uses — `import { a, b as c } from "./x.js";`, `export function`,
`export class`, `export const|let`, `export { a, b };` — and refuses anything else, so a new
construct fails loudly in tests/browser/test_live_view_render.py instead of in a browser.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath

__all__ = ["ENTRY", "STATIC_DIR", "bundle_js", "loader_js", "module_paths", "version"]

STATIC_DIR = Path(__file__).resolve().parents[3] / "static"
ENTRY = "live_view.js"  # the renderer's entry, relative to STATIC_DIR

_IMPORT = re.compile(r"^import\s*\{([^}]*)\}\s*from\s*\"(\.\.?/[^\"]+)\";[ \t]*$", re.M)
_EXPORT_DECLARATION = re.compile(
    r"^export\s+((?:async\s+)?function\*?|class|const|let)\s+([\w$]+)", re.M
)
_EXPORT_LIST = re.compile(r"^export\s*\{([^}]*)\};?[ \t]*$", re.M)
# import x / import * as / import(…), bare specifiers, export * and re-exports:
_UNSUPPORTED = re.compile(
    r"^\s*(import\b(?!\s*\{)|import\s*\{[^}]*\}\s*from\s*\"[^.]|export\s+\*"
    r"|export\s*\{[^}]*\}\s*from)",
    re.M,
)


@dataclass(frozen=True)
class _Module:
    path: str  # relative to STATIC_DIR, with "/"
    source: str
    imports: tuple[tuple[str, str], ...]  # (names inside the braces, resolved module path)


def _read(path: str) -> _Module:
    source = (STATIC_DIR / path).read_text(encoding="utf-8")
    if match := _UNSUPPORTED.search(source):
        raise ValueError(f"{path}: the inline bundler does not handle {match.group(0).strip()!r}")
    imports = tuple((names, _resolve(path, target)) for names, target in _IMPORT.findall(source))
    return _Module(path, source, imports)


def _resolve(importer: str, target: str) -> str:
    """The path (relative to static/) of `target` ("./x.js", "../y.js") imported by `importer`."""
    parts: list[str] = []
    for part in (PurePosixPath(importer).parent / target).parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _graph() -> list[_Module]:
    """The entry's module graph, dependencies first (the entry last)."""
    order: list[_Module] = []
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(path: str) -> None:
        if path in done:
            return
        if path in visiting:
            raise ValueError(f"import cycle through {path}")
        visiting.add(path)
        module = _read(path)
        for _, dependency in module.imports:
            visit(dependency)
        visiting.discard(path)
        done.add(path)
        order.append(module)

    visit(ENTRY)
    return order


def module_paths() -> list[str]:
    """Every module of the renderer, relative to static/, dependencies first."""
    return [module.path for module in _graph()]


def version() -> str:
    """Short hash of every module's content: a new one whenever any module changes."""
    digest = hashlib.sha256()
    for module in _graph():
        digest.update(module.path.encode() + b"\0" + module.source.encode() + b"\0")
    return digest.hexdigest()[:12]


def loader_js(base_url: str) -> str:
    """The inline loader: an import map with versioned module URLs, then the entry, once.

    `base_url` is where static/ is served (e.g. "/app/static/"), absolute or relative to the
    page's origin.
    """
    names = json.dumps(" ".join(path.removesuffix(".js") for path in module_paths()))
    return (
        f"const base = new URL({json.dumps(base_url)}, window.location.origin).href;\n"
        "let renderer;\n"
        "function load() {\n"
        "  const imports = {};\n"
        f'  for (const name of {names}.split(" ")) {{\n'
        f"    imports[`${{base}}${{name}}.js`] = `${{base}}${{name}}.js?v={version()}`;\n"
        "  }\n"
        '  const map = Object.assign(document.createElement("script"), { type: "importmap" });\n'
        "  map.textContent = JSON.stringify({ imports });\n"
        "  document.head.append(map);\n"
        f"  return import(base + {json.dumps(ENTRY)});\n"
        "}\n"
        "export default function (component) {\n"
        "  renderer ??= load();\n"
        "  return renderer.then((module) => module.default(component));\n"
        "}\n"
    )


def _names(names: str) -> list[tuple[str, str]]:
    """`a, b as c` -> [("a", "a"), ("b", "c")]: (exported name, local name)."""
    pairs = []
    for item in names.replace("\n", " ").split(","):
        if item.strip():
            exported, _, local = item.strip().partition(" as ")
            pairs.append((exported.strip(), (local or exported).strip()))
    return pairs


def _scope_name(path: str) -> str:
    return "$" + re.sub(r"\W", "_", path)


def _linked(module: _Module) -> str:
    """The module's source with its imports turned into reads of the modules' scopes."""

    def replace(match: re.Match) -> str:
        names, target = match.groups()
        resolved = _resolve(module.path, target)
        fields = ", ".join(e if e == local else f"{e}: {local}" for e, local in _names(names))
        return f"const {{ {fields} }} = {_scope_name(resolved)};"

    return _IMPORT.sub(replace, module.source)


@cache
def _cached_bundle(key: str) -> str:
    del key  # the version: a changed module makes a new bundle
    modules = _graph()
    parts = [f"// The live-view renderer bundled from static/{ENTRY} and its modules."]
    for module in modules[:-1]:
        body = _linked(module)
        exported = [name for _, name in _EXPORT_DECLARATION.findall(body)]
        for names in _EXPORT_LIST.findall(body):
            exported += [local for local, _ in _names(names)]
        body = _EXPORT_LIST.sub("", _EXPORT_DECLARATION.sub(r"\1 \2", body))
        if re.search(r"^\s*export\b", body, re.M):
            raise ValueError(f"{module.path}: an export the inline bundler does not handle")
        parts.append(
            f"// ---- {module.path}\nconst {_scope_name(module.path)} = (() => {{\n{body}\n"
            f"return {{ {', '.join(exported)} }};\n}})();"
        )
    parts.append(f"// ---- {modules[-1].path}\n{_linked(modules[-1])}")
    return "\n".join(parts)


def bundle_js() -> str:
    """The whole renderer as one inline module script (for when static serving is off)."""
    return _cached_bundle(version())
