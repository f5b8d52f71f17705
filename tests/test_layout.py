"""The layout's promises that code review alone would let slip: bot/ holds no SQL, storage/
holds no decisions about what is new or when to poll, and the pure core imports no I/O."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_bot_holds_no_sql() -> None:
    for path in sorted((ROOT / "bot").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert "sqlite_utils" not in _imports(path), path
        assert ".execute(" not in source, f"{path}: SQL belongs in storage/"


def test_each_database_driver_is_imported_by_its_engine_module_only() -> None:
    """storage/sqlite.py and storage/postgres.py are the engines; everything else is written once."""
    for path in sorted([*(ROOT / "bot").rglob("*.py"), *(ROOT / "storage").rglob("*.py")]):
        drivers = {m.split(".")[0] for m in _imports(path)} & {"sqlite3", "psycopg", "psycopg_pool", "sqlite_utils"}
        expected = {"sqlite.py": {"sqlite3"}, "postgres.py": {"psycopg", "psycopg_pool"}}.get(path.name, set())
        if path.parent.name == "storage":
            assert drivers == expected, path
        else:
            assert not drivers, path


def test_storage_holds_no_decisions() -> None:
    for path in sorted((ROOT / "storage").rglob("*.py")):
        imported = _imports(path)
        assert not {"bot.text", "bot.compare", "bot.extract", "bot.decide", "bot.config"} & imported, path
        assert "** (" not in path.read_text(encoding="utf-8"), f"{path}: back-off is decided in bot/decide.py"


def test_the_deciders_import_no_io() -> None:
    for path in [ROOT / "bot" / "decide.py", *sorted((ROOT / "bot" / "compare").glob("*.py"))]:
        imported = _imports(path)
        assert not {m for m in imported if m.split(".")[0] in ("storage", "sqlite3", "httpx", "telegram")}, path


def test_the_bot_starts_without_matplotlib_or_numpy() -> None:
    """matplotlib and numpy cost 40 MB; only a /timeline chart needs them."""
    import subprocess
    import sys

    code = (
        "import sys, bot.app, bot.runner, bot.poll, bot.cli; print(sorted({'matplotlib', 'numpy'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"
