"""Read the YAML content sources into plain records, with one Problem per fault found."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from b12ref.core import yaml_load
from b12ref.core.fingerprint import content_files, content_hash  # noqa: F401 - re-exported

from b12ref.core.schema import (  # noqa: F401 - re-exported for the build and the checks
    BODY_SYSTEMS, CATEGORIES, EVIDENCE, FOLDERS, FREQUENCY, RISK_KINDS, ROUTES, SECTIONS, SIDES,
)


@dataclass
class Problem:
    """One fault in a content file: where it is and what is wrong."""

    file: str
    where: str
    message: str

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        return f"{self.file}:{where} {self.message}"


@dataclass
class Content:
    """Every content file, parsed: pages as dicts by folder, the sides of each nutrient, and the
    bibliography's works by id."""

    root: Path
    pages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    sides: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    source_files: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def deficiencies(self) -> list[dict[str, Any]]:
        return self.pages.get("deficiencies", [])

    @property
    def symptoms(self) -> list[dict[str, Any]]:
        return self.pages.get("symptoms", [])

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent.parent))
        except ValueError:
            return str(path)


def _read_yaml(path: Path, content: Content) -> Any:
    name = content.rel(path)
    try:
        data = yaml_load.load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = f"line {mark.line + 1}" if mark is not None else ""
        content.problems.append(Problem(name, line, f"malformed YAML: {exc.problem}"))
        return None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        content.problems.append(Problem(name, "", f"cannot read: {exc}"))
        return None
    return data


def _add_works(content: Content, path: Path, data: Any) -> None:
    name = content.rel(path)
    if not isinstance(data, list):
        content.problems.append(Problem(name, "", "a bibliography file must hold a list of works"))
        return
    for i, work in enumerate(data):
        if not isinstance(work, dict) or not isinstance(work.get("id"), str):
            content.problems.append(Problem(name, f"[{i}]", "a work needs an id"))
            continue
        work_id = work["id"]
        if work_id in content.sources:
            content.problems.append(Problem(
                name, work_id, f"work '{work_id}' is already declared in {content.source_files[work_id]}"
                " (declare each work once)"))
            continue
        record = dict(work)
        if record.get("year") is not None:
            record["year"] = str(record["year"])
        for key in ("pmid", "isbn", "accessed"):
            if record.get(key) is not None:
                record[key] = str(record[key])
        content.sources[work_id] = record
        content.source_files[work_id] = name


def load_content(root: Path) -> Content:
    """Parse every file under root; structural faults become Problems, not exceptions."""
    content = Content(root=root)
    if not root.is_dir():
        content.problems.append(Problem(str(root), "", "content folder not found"))
        return content
    for folder in FOLDERS:
        pages = content.pages.setdefault(folder.name, [])
        sides = content.sides.setdefault(folder.name, {}) if folder.shape == "side" else None
        for path in sorted((root / folder.name).glob("*.yaml")):
            data = _read_yaml(path, content)
            if data is None:
                continue
            if folder.shape == "works":
                _add_works(content, path, data)
                continue
            if not isinstance(data, dict):
                content.problems.append(Problem(content.rel(path), "", "the file must hold a mapping of fields"))
                continue
            data["_file"], data["_stem"], data["_record"] = content.rel(path), path.stem, folder.record
            pages.append(data)
            if sides is not None:
                sides[path.stem] = data
    return content
