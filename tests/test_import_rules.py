"""The import rules, checked on the source so they cannot regress quietly.

The API process must start without torch (a GPU-sized import, and a second copy of the engine in every web
worker): nothing under ``backend/`` imports torch, MONAI or the ``worker`` package; it sends tasks by name. The
engine ``worker/ml`` is shared by the product and the benchmarks, so it must not depend on the database, the queue
or the API: it never imports ``backend``, SQLAlchemy or Celery. ``worker/tasks`` is the adapter and may import
``backend``.

The static check reads every module with ``ast`` (imports at any depth, inside functions included, and modules
named as strings to ``importlib.import_module`` or ``__import__``); the dynamic check imports the app in a fresh
interpreter and looks at what got loaded, which also catches a forbidden import reached through a third module.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

# (folder, top-level packages its modules must never import, why)
RULES: list[tuple[str, frozenset[str], str]] = [
    ("backend", frozenset({"torch", "monai", "worker"}), "the API never imports torch or the worker"),
    ("worker/ml", frozenset({"backend", "sqlalchemy", "celery"}), "the engine never imports the backend, db or queue"),
]
_DYNAMIC_IMPORTERS = {("importlib", "import_module"), ("", "import_module"), ("", "__import__")}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str | None, level: int, importer: str, is_package: bool) -> str:
    """The absolute name of ``from <level dots><module> import ...`` written in ``importer``."""
    if level == 0:
        return module or ""
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def _call_name(func: ast.expr) -> tuple[str, str] | None:
    if isinstance(func, ast.Name):
        return "", func.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id, func.attr
    return None


def imported_modules(source: str, importer: str, is_package: bool = False) -> list[tuple[int, str]]:
    """Every module the source of module ``importer`` imports, wherever the statement is, with its line."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module, node.level, importer, is_package)
            found.append((node.lineno, base))
            # ``from worker import tasks``: the imported names may be submodules.
            found.extend((node.lineno, f"{base}.{alias.name}" if base else alias.name) for alias in node.names)
        elif isinstance(node, ast.Call) and _call_name(node.func) in _DYNAMIC_IMPORTERS and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((node.lineno, first.value))
    return found


def violations(folder: str, forbidden: frozenset[str]) -> list[str]:
    bad = []
    for path in sorted((REPO_ROOT / folder).rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for line, module in imported_modules(source, _module_name(path), path.name == "__init__.py"):
            if module.split(".")[0] in forbidden:
                bad.append(f"{path.relative_to(REPO_ROOT)}:{line} imports {module}")
    return bad


@pytest.mark.parametrize(("folder", "forbidden", "why"), RULES, ids=[rule[0] for rule in RULES])
def test_source_respects_the_import_rules(folder: str, forbidden: frozenset[str], why: str) -> None:
    assert (REPO_ROOT / folder).is_dir()
    bad = violations(folder, forbidden)
    assert not bad, f"{why}:\n" + "\n".join(bad)


def test_the_static_check_sees_hidden_imports() -> None:
    """The ways of importing that a grep for ``^import`` would miss are all seen (a check that cannot fail proves
    nothing)."""
    api_source = (
        "import importlib\n"
        "def late():\n"
        "    import torch.nn\n"
        "    from worker.tasks import round\n"
        "    importlib.import_module('worker.tasks.simulation')\n"
        "    __import__('monai')\n"
    )
    seen = {module for _, module in imported_modules(api_source, "backend.cli")}
    assert {"torch.nn", "worker.tasks", "worker.tasks.round", "worker.tasks.simulation", "monai"} <= seen
    engine_source = "from ... import backend\nfrom ..tasks import round\n"
    seen = {module for _, module in imported_modules(engine_source, "worker.ml.training")}
    assert {"backend", "worker.tasks.round"} <= seen


def _loaded_after(statement: str) -> set[str]:
    """Top-level packages in ``sys.modules`` after ``statement`` runs in a fresh interpreter."""
    script = f"{statement}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_the_api_process_loads_neither_torch_nor_the_worker() -> None:
    loaded = _loaded_after("import backend.main")
    assert "backend" in loaded
    assert loaded.isdisjoint({"torch", "monai", "worker"}), sorted(loaded & {"torch", "monai", "worker"})


def test_the_engine_loads_neither_the_backend_nor_the_db_nor_the_queue() -> None:
    statement = (
        "import importlib, pkgutil, worker.ml\n"
        "for m in pkgutil.iter_modules(worker.ml.__path__):\n"
        "    importlib.import_module('worker.ml.' + m.name)"
    )
    loaded = _loaded_after(statement)
    assert "torch" in loaded
    assert loaded.isdisjoint({"backend", "sqlalchemy", "celery"}), sorted(loaded & {"backend", "sqlalchemy", "celery"})
