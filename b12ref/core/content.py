"""Read the YAML content sources into plain records, with one Problem per fault found."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from b12ref.core.fingerprint import content_files, content_hash  # noqa: F401 - re-exported

CATEGORIES = ("vitamin", "mineral", "other")
EVIDENCE = ("established", "probable", "reported", "disputed")
FREQUENCY = ("common", "occasional", "rare", "unknown")
ROUTES = ("oral", "intramuscular", "intravenous", "subcutaneous", "diet", "topical", "nasal", "other")
RISK_KINDS = ("drug", "diet", "surgery", "condition", "genetic", "life-stage", "lifestyle")
BODY_SYSTEMS = (
    "general", "neurological", "neuromuscular", "musculoskeletal", "psychiatric", "blood",
    "cardiovascular", "respiratory", "digestive", "mouth", "eyes", "skin", "hair-nails",
    "endocrine", "immune", "growth", "reproductive", "kidney",
)
SECTIONS = {
    "overview": "Overview",
    "causes": "Causes and risk factors",
    "diagnosis": "Diagnosis",
    "treatment": "Treatment",
    "prevention": "Prevention",
    "when_to_seek_care": "When to seek care",
}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ten times faster
SOURCE_FIELDS = ("id", "title", "publisher", "year", "url", "authors", "journal", "pmid", "doi")


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
    """Every content file, parsed: deficiencies and symptoms as dicts, sources merged by id."""

    root: Path
    deficiencies: list[dict[str, Any]] = field(default_factory=list)
    symptoms: list[dict[str, Any]] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    source_files: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent.parent))
        except ValueError:
            return str(path)


def _read_yaml(path: Path, content: Content) -> dict[str, Any] | None:
    name = content.rel(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = f"line {mark.line + 1}" if mark is not None else ""
        content.problems.append(Problem(name, line, f"malformed YAML: {exc.problem}"))
        return None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        content.problems.append(Problem(name, "", f"cannot read: {exc}"))
        return None
    if not isinstance(data, dict):
        content.problems.append(Problem(name, "", "the file must hold a mapping of fields"))
        return None
    data["_file"] = name
    return data


def _merge_source(content: Content, file: str, where: str, raw: Any) -> str | None:
    """Register a source definition; return its id (or None if unusable)."""
    if not isinstance(raw, dict):
        return raw if isinstance(raw, str) else None
    source_id = raw.get("id")
    if not isinstance(source_id, str) or not source_id:
        content.problems.append(Problem(file, where, "a source without an id"))
        return None
    record = {k: raw.get(k) for k in SOURCE_FIELDS}
    record["year"] = str(record["year"]) if record["year"] is not None else None
    known = content.sources.get(source_id)
    if known is None:
        content.sources[source_id] = record
        content.source_files[source_id] = file
    else:
        same = any(known.get(k) and known.get(k) == record.get(k) for k in ("url", "doi", "pmid"))
        if not same:
            content.problems.append(Problem(
                file, where, f"source id '{source_id}' is already defined differently in "
                f"{content.source_files[source_id]} (ids are global: reuse it or pick another)"))
    return source_id


def load_content(root: Path) -> Content:
    """Parse every file under root; structural faults become Problems, not exceptions."""
    content = Content(root=root)
    if not root.is_dir():
        content.problems.append(Problem(str(root), "", "content folder not found"))
        return content
    for path in sorted((root / "deficiencies").glob("*.yaml")):
        data = _read_yaml(path, content)
        if data is not None:
            data["_stem"] = path.stem
            for i, raw in enumerate(data.get("sources") or []):
                _merge_source(content, data["_file"], f"sources[{i}]", raw)
            content.deficiencies.append(data)
    for path in sorted((root / "symptoms").glob("*.yaml")):
        data = _read_yaml(path, content)
        if data is not None:
            data["_stem"] = path.stem
            ids = []
            for i, raw in enumerate(data.get("sources") or []):
                source_id = _merge_source(content, data["_file"], f"sources[{i}]", raw)
                if source_id:
                    ids.append(source_id)
            data["sources"] = ids
            content.symptoms.append(data)
    return content
