"""Rembuk runs on Windows laptops: runtime code imports no POSIX-only module and starts no
shell. Two checks: every import statement of rembuk/ and config/ (tests excluded), and a real
start — settings, every module, every URL, the WSGI application, waitress and filelock — in
an interpreter where importing a POSIX-only module fails as it does on Windows."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# Standard-library modules that exist only on POSIX systems.
POSIX_ONLY = frozenset(
    {"fcntl", "grp", "pwd", "pty", "resource", "syslog", "termios", "tty", "crypt", "spwd", "nis"}
)
SHELL_CALLS = frozenset(
    {"os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput"}
)


def runtime_files() -> list[Path]:
    files = [*ROOT.joinpath("rembuk").rglob("*.py"), *ROOT.joinpath("config").rglob("*.py")]
    return sorted(f for f in files if "tests" not in f.relative_to(ROOT).parts)


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


def offences(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            if name.split(".")[0] in POSIX_ONLY:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
        if isinstance(node, ast.Call):
            called = _dotted(node.func)
            if called in SHELL_CALLS:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} calls {called}")
            for keyword in node.keywords:
                if keyword.arg == "shell" and not (
                    isinstance(keyword.value, ast.Constant) and keyword.value.value is False
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} uses shell=")
    return found


def test_no_runtime_module_imports_a_posix_only_module_or_starts_a_shell():
    files = runtime_files()
    assert len(files) > 100  # the walk found the code
    problems = [problem for path in files for problem in offences(path)]
    assert not problems, "\n".join(problems)


def test_the_check_catches_an_fcntl_import_and_a_shell(tmp_path):
    sample = ROOT / "rembuk" / "_portability_sample.py"
    try:
        sample.write_text(
            "import fcntl\nfrom termios import tcgetattr\nimport subprocess\n"
            "subprocess.run('ls', shell=True)\nimport os\nos.system('ls')\n"
        )
        found = offences(sample)
    finally:
        sample.unlink()
    assert [problem.split(" ", 1)[1] for problem in found] == [
        "imports fcntl",
        "imports termios",
        "uses shell=",
        "calls os.system",
    ]


STARTUP = """
import importlib, os, sys
for name in {blocked!r}:
    sys.modules[name] = None  # as on Windows: `import fcntl` raises ImportError
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
import django
django.setup()
from django.urls import get_resolver
def walk(patterns):
    for entry in patterns:
        if hasattr(entry, "url_patterns"):
            walk(entry.url_patterns)
        else:
            entry.callback
walk(get_resolver().url_patterns)
import config.wsgi, filelock, waitress
for module in {modules!r}:
    importlib.import_module(module)
print("loaded", len({modules!r}))
"""


def test_rembuk_starts_where_posix_only_modules_are_missing(tmp_path):
    modules = []
    for path in runtime_files():
        relative = path.relative_to(ROOT).with_suffix("")
        if relative.name in ("__main__", "testing") or "migrations" in relative.parts:
            continue  # __main__ runs the command; testing.py needs the test dependencies
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        modules.append(".".join(parts))
    script = STARTUP.format(blocked=sorted(POSIX_ONLY), modules=modules)
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={**_environment(), "REMBUK_VAR_DIR": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == f"loaded {len(modules)}"


def _environment() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REMBUK_HOME")}
