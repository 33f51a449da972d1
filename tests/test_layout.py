"""The project's shape: the folders asked for, `index/` free of Discord, one test command."""

from __future__ import annotations

import ast
import re
import subprocess
import tomllib
from pathlib import Path

from conftest import PARLEY_BIN, PYTHON, ROOT

INDEX = ROOT / "index"


def _imported_modules(path: Path) -> set[str]:
    """Modules a source file imports, statically or through importlib/__import__ literals."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            arg = node.args[0]
            if name in {"import_module", "__import__"} and isinstance(arg, ast.Constant):
                found.add(str(arg.value))
    return found


def test_index_sources_never_import_discord():
    sources = sorted(INDEX.rglob("*.py"))
    assert len(sources) > 10
    offenders = {
        str(p.relative_to(ROOT)): sorted(m for m in _imported_modules(p) if m.split(".")[0] == "discord")
        for p in sources
    }  # fmt: skip
    assert {p: m for p, m in offenders.items() if m} == {}


def test_importing_every_index_module_loads_no_discord():
    code = (
        "import importlib, pkgutil, sys\n"
        "import index\n"
        "names = [m.name for m in pkgutil.walk_packages(index.__path__, 'index.')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "print(len(names), sorted(m for m in sys.modules if m.split('.')[0] == 'discord'))\n"
    )
    ran = subprocess.run(
        [str(PYTHON), "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    count, loaded = ran.stdout.split(" ", 1)
    assert int(count) > 10
    assert loaded.strip() == "[]"


def test_the_folders_and_files_asked_for_exist():
    for folder in ("bot", "index", "corpus", "tests"):
        assert (ROOT / folder).is_dir(), folder
    for file in ("Dockerfile", "pyproject.toml", "README.md", "corpus/README.md", ".ci/run"):
        assert (ROOT / file).is_file(), file
    assert (ROOT / "bot" / "__main__.py").is_file()  # `python -m bot` is the main job


def test_parley_command_is_the_cli_entry_point():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["scripts"]["parley"] == "index.cli:main"
    assert PARLEY_BIN.is_file()


def _commands(script: str) -> list[str]:
    """The commands of a shell script: no comments, no `set`/`cd` housekeeping."""
    out = []
    for line in script.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and not line.startswith(("set ", "cd ")):
            out.append(line)
    return out


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text("utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```(?:bash|sh)?\n(.*?)```", quick_start, re.S)
    assert block, "no command block in the README's quick start"
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(lines) == 2, "the quick start is two commands"
    tests = [line for line in lines if "test" in line.split("#", 1)[-1].lower()]
    assert len(tests) == 1, lines
    readme_test = tests[0].split("#", 1)[0].strip()
    assert _commands((ROOT / ".ci" / "run").read_text("utf-8")) == [readme_test]
