"""One composition root: the applications, views and settings are built in `bootstrap`, which
the API, the command line and the projection worker import; the worker never loads the web."""

import subprocess
import sys

WEB = ("api", "fastapi", "starlette", "uvicorn", "jinja2")


def test_the_worker_and_the_console_start_without_the_web_layer():
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, bootstrap, cli.main, projections.worker; "
            "print(' '.join(sorted({name.split('.')[0] for name in sys.modules})))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "bootstrap" in loaded and "projections" in loaded
    assert not set(WEB) & set(loaded), f"the worker loads the web layer: {set(WEB) & set(loaded)}"


def test_bootstrap_imports_no_interface():
    import ast
    from pathlib import Path

    for source in (Path(__file__).parents[1] / "bootstrap").glob("*.py"):
        tree = ast.parse(source.read_text())
        imported = {
            (node.module or "").split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
        } | {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        assert not imported & {"api", "cli", *WEB}, f"{source} imports {imported}"
