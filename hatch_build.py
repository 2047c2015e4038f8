"""Put the project's templates, static files and translations inside the built wheel.

In a checkout they sit beside config/ and settings find them there; an installed wheel has no
checkout, so they travel as rembuk/project_files/ (config.settings looks there next). An
editable install (`uv sync` in the checkout) needs no copy: it reads the checkout itself.
"""

from __future__ import annotations

from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PROJECT_FILES = ("templates", "static", "locale")


class ProjectFilesHook(BuildHookInterface):  # type: ignore[misc]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version != "standard":
            return
        for name in PROJECT_FILES:
            build_data["force_include"][name] = f"rembuk/project_files/{name}"
