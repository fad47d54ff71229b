"""The layers of docs/architecture.md hold: import-linter's contracts from pyproject.toml."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_module_imports_only_the_layers_below_it():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-logo", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_pages_reach_the_database_only_through_selectors_and_services():
    """No `Model.objects` in the page apps: reads are selectors, writes are services."""
    found = []
    for app in ("site", "workspace"):
        for path in (ROOT / "src/civicspace" / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute) and node.attr == "objects":
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, found
