"""The import contracts (pyproject.toml's [tool.importlinter], run by `make test`)
catch the imports that would break the layers: each test copies the package,
adds one bad import and expects lint-imports to name it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint(tree):
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--no-logo"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "250"},  # no module name cut by wrapping
    )


@pytest.fixture
def tree(tmp_path):
    shutil.copytree(
        ROOT / "factcheck", tmp_path / "factcheck", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def add_import(tree, module, line):
    path = tree / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text() + f"\n\ndef _late():\n    {line}  # noqa\n")


def test_the_project_keeps_its_contracts(tree):
    result = lint(tree)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    "module, line, broken",
    [
        (
            "factcheck.core.workflow",
            "from factcheck.review import views",
            "factcheck.core.workflow -> factcheck.review.views",
        ),
        (
            "factcheck.core.admin",
            "from factcheck.review.forms import ClaimForm",
            "factcheck.core.admin -> factcheck.review.forms",
        ),
        (
            "factcheck.core.management.commands.segment",
            "from factcheck.public import published",
            "factcheck.core.management.commands.segment -> factcheck.public.published",
        ),
        (
            "factcheck.public.caching",
            "from factcheck.review import context_processors",
            "factcheck.public.caching -> factcheck.review.context_processors",
        ),
        (
            "factcheck.review.views",
            "from factcheck.public import jsonld",
            "factcheck.review.views -> factcheck.public.jsonld",
        ),
        (
            "factcheck.core.markup",
            "from factcheck import htmx",
            "factcheck.core.markup -> factcheck.htmx",
        ),
        (
            "factcheck.core.claims",
            "from factcheck.core import admin",
            "factcheck.core.claims -> factcheck.core.admin",
        ),
        (
            "factcheck.review.desk_views",
            "from factcheck.core.admin import assign_action",
            "factcheck.review.desk_views -> factcheck.core.admin",
        ),
    ],
)
def test_an_import_across_the_layers_fails_the_check(tree, module, line, broken):
    add_import(tree, module, line)

    result = lint(tree)

    assert result.returncode == 1
    assert broken in result.stdout.replace("\n", " ")
