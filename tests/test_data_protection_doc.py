"""docs/data-protection.md: no promise without a test. Every test it names exists,
and every principle of the code of conduct has its row."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "data-protection.md").read_text()
PRINCIPLES = [
    "Lawful and fair processing",
    "Specified purpose",
    "Consent and its limits",
    "Minimisation",
    "Data quality",
    "Retention",
    "Security",
    "Transfers within the Family Links Network",
    "Right of information",
    "Right of access",
    "Right of correction",
    "Right of objection",
    "Right of erasure",
    "Protection by design and by default",
]


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")
    }


def test_every_named_test_exists():
    named = re.findall(r"`(tests/[\w/]+\.py)::(test\w+)`", DOC)
    assert len(named) >= len(PRINCIPLES)
    missing = [f"{path}::{name}" for path, name in named if name not in _tests_in(ROOT / path)]
    assert missing == []


def test_every_principle_has_a_row_with_a_test():
    rows = {line.split("|")[1].strip(): line for line in DOC.splitlines() if line.startswith("| ")}
    for principle in PRINCIPLES:
        assert principle in rows, principle
        assert "`tests/" in rows[principle], principle
