"""Fail on an import of another Quire app placed inside a function, unless it says why.

An import inside a function hides a dependency from a reader and from the layers'
contracts' first glance, and is mostly placed there to dodge an import cycle. One that
must be there (a module that may only be read once the apps are loaded, a heavy module
few requests need) carries a comment on its line or the line above::

    # Import here: Wagtail's image model is only known once the apps are loaded.

Run by ``make lint``: ``python lint/inner_imports.py``.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARK = "import here:"


def app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def inner_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of each import of another Quire app inside a function of ``path``."""
    source = path.read_text()
    lines = source.splitlines()
    own = app_of(".".join(path.relative_to(ROOT).with_suffix("").parts))
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom) and inner.level == 0 and inner.module:
                modules = [inner.module]
            elif isinstance(inner, ast.Import):
                modules = [alias.name for alias in inner.names]
            else:
                continue
            for module in modules:
                if not module.startswith("quire.") or app_of(module) == own:
                    continue
                near = " ".join(lines[max(0, inner.lineno - 2) : inner.lineno]).lower()
                if MARK not in near:
                    found.append((inner.lineno, module))
    return found


def main() -> int:
    found = [
        f"{path.relative_to(ROOT).as_posix()}:{line}: {module} imported inside a function"
        for path in sorted((ROOT / "quire").rglob("*.py"))
        if "migrations" not in path.parts
        for line, module in inner_imports(path)
    ]
    for message in found:
        print(message)
    if found:
        print(
            f"\n{len(found)} import(s) of another app inside a function: move them to the top "
            f"of the module, or say why on the line above ('# Import here: ...')."
        )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
