"""Fail unless the Indonesian catalogue is complete and compiled (run by `make i18n-check`).

1. Extracts the messages of the code with Django's makemessages into a temporary copy of the
   project (the real catalogue is never touched), merged with the existing translations.
2. Lists every message with no Indonesian translation, every fuzzy one, every message the
   code uses that locale/id/LC_MESSAGES/django.po does not contain yet, and every one it
   contains that the code no longer uses (both: run `make messages`).
3. Checks that django.po compiles cleanly (`msgfmt --check`) and that django.mo holds exactly
   what django.po says (so a .mo older than its .po is caught).

Usage: python scripts/check_translations.py [--root DIR] [--locale id]
"""

from __future__ import annotations

import argparse
import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# Never copied into the temporary project: environments, caches, data and build output.
SKIP_DIRS = {".git", ".venv", "node_modules", "var", "media", "staticfiles", "__pycache__"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False
    obsolete: bool = False
    locations: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


def parse_po(text: str) -> list[Entry]:
    """A small PO reader (entries are separated by blank lines, as gettext tools write them):
    enough for msgctxt, plurals, the fuzzy flag and obsolete entries. Drops the header."""
    entries: list[Entry] = []
    for block in re.split(r"\n[ \t]*\n", text):
        entry, current, seen = Entry(), ("", 0), False
        for raw in block.splitlines():
            line = raw.strip()
            if line.startswith("#~"):
                entry.obsolete = True
                line = line[2:].strip()
                if not line or line.startswith("|"):
                    continue
            elif line.startswith("#,"):
                entry.fuzzy = "fuzzy" in [flag.strip() for flag in line[2:].split(",")]
                continue
            elif line.startswith("#:"):
                entry.locations.extend(line[2:].split())
                continue
            elif line.startswith("#") or not line:
                continue
            if line.startswith('"'):
                value = ast.literal_eval(line)
            else:
                keyword, _, rest = line.partition(" ")
                value = ast.literal_eval(rest.strip())
                index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
                current = ("msgstr" if keyword.startswith("msgstr") else keyword, index)
                seen = True
                if current[0] == "msgstr":
                    entry.msgstr[index] = ""
                elif current[0] == "msgctxt":
                    entry.msgctxt = ""
            name, index = current
            if name == "msgstr":
                entry.msgstr[index] += value
            elif name in ("msgid", "msgid_plural", "msgctxt"):
                setattr(entry, name, (getattr(entry, name) or "") + value)
        if seen and not (entry.msgid == "" and entry.msgctxt is None):
            entries.append(entry)
    return entries


def describe(entry: Entry) -> str:
    where = f"  ({entry.locations[0]})" if entry.locations else ""
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f"{context}{entry.msgid!r}{where}"


def extract(root: Path, locale: str, workdir: Path) -> Path:
    """Run makemessages on a copy of `root`; return the path of the refreshed copy of the .po."""
    copy = workdir / "project"
    shutil.copytree(root, copy, ignore=lambda _dir, names: [n for n in names if n in SKIP_DIRS])
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            locale,
            "--no-obsolete",
            "--add-location",
            "file",
            "-v",
            "0",
        ],
        cwd=copy,
        check=True,
        # The copied project's manage.py picks its own settings (a test runner may have set one).
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    return copy / "locale" / locale / "LC_MESSAGES" / "django.po"


def mo_problems(po_path: Path, mo_path: Path, workdir: Path) -> list[str]:
    """Compile the .po to a scratch file and compare its catalogue with the committed .mo."""
    fresh = workdir / "fresh.mo"
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "-o", str(fresh), str(po_path)],  # noqa: S607
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        return [f"{po_path} does not compile:\n{result.stderr.strip()}"]
    if not mo_path.exists():
        return [f"{mo_path} is missing: run `make messages` (compilemessages)."]
    with fresh.open("rb") as f:
        expected = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
    with mo_path.open("rb") as f:
        committed = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
    if expected != committed:
        return [f"{mo_path} is older than or differs from {po_path.name}: run compilemessages."]
    return []


def check(root: Path, locale: str = "id") -> list[str]:
    po_path = root / "locale" / locale / "LC_MESSAGES" / "django.po"
    mo_path = po_path.with_suffix(".mo")
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="rembuk-i18n-") as tmp:
        workdir = Path(tmp)
        extracted = parse_po(extract(root, locale, workdir).read_text(encoding="utf-8"))
        catalogue = parse_po(po_path.read_text(encoding="utf-8")) if po_path.exists() else []
        in_catalogue = {e.key for e in catalogue if not e.obsolete}
        live = [e for e in extracted if not e.obsolete]

        missing = [e for e in live if e.key not in in_catalogue]
        if missing:
            problems.append(
                f"{len(missing)} message(s) used in the code are not in {po_path} "
                "(run `make messages`):"
            )
            problems += [f"  {describe(e)}" for e in missing]
        live_keys = {e.key for e in live}
        unused = [e for e in catalogue if not e.obsolete and e.key not in live_keys]
        if unused:
            # A text the code no longer uses would otherwise stay, translated, forever.
            problems.append(
                f"{len(unused)} message(s) in {po_path.name} that no code uses "
                "(run `make messages`, which drops them):"
            )
            problems += [f"  {describe(e)}" for e in unused]
        fuzzy = [e for e in live if e.fuzzy]
        if fuzzy:
            problems.append(f"{len(fuzzy)} fuzzy message(s) (check the translation, drop 'fuzzy'):")
            problems += [f"  {describe(e)}" for e in fuzzy]
        untranslated = [
            e for e in live if e.key in in_catalogue and not e.fuzzy and not e.translated
        ]
        if untranslated:
            problems.append(f"{len(untranslated)} message(s) without an Indonesian translation:")
            problems += [f"  {describe(e)}" for e in untranslated]
        if po_path.exists():
            problems += mo_problems(po_path, mo_path, workdir)
        else:
            problems.append(f"{po_path} is missing: run `make messages`.")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--locale", default="id")
    args = parser.parse_args(argv)
    problems = check(args.root.resolve(), args.locale)
    if problems:
        print("\n".join(problems))
        print(f"\nThe '{args.locale}' catalogue is not complete.")
        return 1
    print(f"The '{args.locale}' catalogue is complete and compiled.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
