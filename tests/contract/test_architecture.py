"""Rules about the code base itself: the dependency rules of ARCHITECTURE.md, read from it and checked on
every import (ast, so imports inside functions count), and what pages may do."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "ARCHITECTURE.md"

# The rules the issue asks for: ARCHITECTURE.md may add rules, but dropping one of these fails the test.
REQUIRED = {
    ("the core", "streamlit"), ("the core", "aizone.ui"), ("the core", "aizone.build"), ("the core", "pages"),
    ("the core", "tools"), ("aizone/build/", "aizone.ui"), ("aizone/", "tools"), ("pages/", "tools"),
    ("pages/", "aizone.build"), ("app.py", "tools"),
}


# ------------------------------------------------------------------------------------------------ helpers

def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports(source: str, module: str = "", is_package: bool = False) -> set[str]:
    """Every module a source names in an import statement, anywhere in it; relative imports resolved."""
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            out.add(stem)
            out.update(f"{stem}.{a.name}" for a in node.names)  # `from aizone import ui` names aizone.ui
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module":
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                out.add(node.args[0].value)
    return out


def names(imported: set[str], target: str) -> bool:
    return any(m == target or m.startswith(target + ".") for m in imported)


def files_of(part: str, root: Path = ROOT) -> list[Path]:
    """The Python files of a part named in ARCHITECTURE.md ("the core" is aizone/ minus ui/ and build/)."""
    if part == "the core":
        pkg = root / "aizone"
        return [f for f in pkg.rglob("*.py") if f.relative_to(pkg).parts[0] not in ("ui", "build")]
    path = root / part
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


def rules(text: str) -> list[tuple[str, str]]:
    found = re.findall(r"^- (the core|`[^`]+`) never imports `([^`]+)`\s*$", text, re.M)
    return [(p.strip("`"), t) for p, t in found]


def parts(text: str) -> list[str]:
    section = text.split("## Parts", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^- `([^`]+)`:", section, re.M)


def violations(rule_list: list[tuple[str, str]], root: Path = ROOT) -> list[str]:
    bad = []
    for part, target in rule_list:
        for f in files_of(part, root):
            mod = module_name(f, root)
            if names(imports(f.read_text(encoding="utf-8"), mod, f.name == "__init__.py"), target):
                bad.append(f"{f.relative_to(root)} imports {target} ({part} never may)")
    return bad


# ------------------------------------------------------------------------------------------------ the rules

def test_the_checker_sees_what_it_must():
    """Self-check on synthetic code, so a checker that sees nothing cannot pass the real test vacuously."""
    src = "def f():\n    import streamlit as st\nfrom . import ui\nfrom ..build import cli\nimportlib.import_module('tools.bench')\n"
    got = imports(src, "aizone.ui.frame")
    assert names(got, "streamlit") and names(got, "aizone.ui") and names(got, "aizone.build") and names(got, "tools")
    assert imports("from .i18n import t", "aizone.uploads") >= {"aizone.i18n", "aizone.i18n.t"}
    assert imports("from . import config", "aizone", is_package=True) >= {"aizone.config"}
    assert not names(imports("import toolsmith\nfrom aizone import uitest"), "tools")
    assert not names({"aizone.uitest"}, "aizone.ui")


def test_a_broken_rule_is_reported(tmp_path):
    """A core module importing streamlit inside a function is caught by the same code that checks the repo."""
    fake = tmp_path / "aizone"
    (fake / "ui").mkdir(parents=True)
    (fake / "zones.py").write_text("def f():\n    from aizone.ui import data\n", encoding="utf-8")
    (fake / "ui" / "data.py").write_text("import streamlit\n", encoding="utf-8")
    assert violations([("the core", "aizone.ui"), ("the core", "streamlit")], tmp_path) == [
        "aizone/zones.py imports aizone.ui (the core never may)"]


def test_the_documented_rules_include_the_required_ones():
    assert REQUIRED <= set(rules(DOC.read_text(encoding="utf-8")))


def test_the_dependency_rules_hold():
    found = rules(DOC.read_text(encoding="utf-8"))
    checked = sum(len(files_of(p)) for p, _ in found)
    assert checked > 100, "the rules cover the code base"
    assert violations(found) == []


def test_the_parts_in_the_picture_exist():
    listed = parts(DOC.read_text(encoding="utf-8"))
    assert {"app.py", "pages/", "aizone/", "aizone/ui/", "aizone/build/", "tools/", "tests/"} <= set(listed)
    missing = [p for p in listed if not (ROOT / p).exists()]
    assert missing == []
    top = {p.name + ("/" if p.is_dir() else "") for p in ROOT.iterdir() if (p.suffix == ".py" or (p.is_dir() and any(
        p.glob("*.py")))) and not p.name.startswith(".")}
    assert top <= set(listed), "every top-level part with Python code is named in ARCHITECTURE.md"


@pytest.mark.parametrize("package", ["tools", "aizone.build"])
def test_the_parts_outside_the_app_are_packages(package):
    assert (ROOT / package.replace(".", "/") / "__init__.py").exists()


# ------------------------------------------------------------------------------------------------ pages

def test_pages_do_not_read_files_or_touch_network():
    for f in (ROOT / "pages").glob("*.py"):
        text = f.read_text(encoding="utf-8")
        assert not re.search(r"\b(pd\.read_|gpd\.read_|open\(|requests\.|urllib)", text), f.name


def test_no_external_urls_in_map_config():
    for f in list((ROOT / "aizone").rglob("*.py")) + list((ROOT / "pages").glob("*.py")):
        text = f.read_text(encoding="utf-8")
        assert "cdn.plot.ly" not in text and "mapbox" not in text.lower() or "no tile" in text, f.name
