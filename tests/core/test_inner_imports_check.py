"""The lint check for imports of another app hidden inside functions (lint/inner_imports.py)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("inner_imports", ROOT / "lint/inner_imports.py")
inner_imports = importlib.util.module_from_spec(spec)
spec.loader.exec_module(inner_imports)


def check(tmp_path, monkeypatch, source: str) -> list[tuple[int, str]]:
    app = tmp_path / "quire" / "comments"
    app.mkdir(parents=True)
    path = app / "views.py"
    path.write_text(source)
    monkeypatch.setattr(inner_imports, "ROOT", tmp_path)
    return inner_imports.inner_imports(path)


def test_an_import_of_another_app_inside_a_function_is_found(tmp_path, monkeypatch):
    source = "def view():\n    from quire.articles.models import ArticlePage\n"
    assert check(tmp_path, monkeypatch, source) == [(2, "quire.articles.models")]


def test_one_that_says_why_is_allowed(tmp_path, monkeypatch):
    source = (
        "def view():\n"
        "    # Import here: read only once the apps are loaded.\n"
        "    from quire.articles.models import ArticlePage\n"
    )
    assert check(tmp_path, monkeypatch, source) == []


def test_its_own_app_and_module_level_imports_are_not_its_business(tmp_path, monkeypatch):
    source = (
        "from quire.articles.models import ArticlePage\n"
        "def view():\n"
        "    from quire.comments.models import Comment\n"
        "    import json\n"
    )
    assert check(tmp_path, monkeypatch, source) == []


def test_the_tree_passes():
    assert inner_imports.main() == 0
