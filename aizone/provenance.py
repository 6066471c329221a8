"""Provenance as data: every shipped file has a ``<file>.meta.json`` sidecar.

The footer, the methods page and every exported figure build their source line from these sidecars, so a
source is written once, next to the data it describes, and never typed into a page.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable

REQUIRED = ("producer", "url", "accessed", "licence", "checksum", "cite_zh", "cite_en")


class ProvenanceError(ValueError):
    """A sidecar is missing, incomplete, or no longer matches its file."""


@dataclass(frozen=True)
class Origin:
    """Who made a file, from what, when, under which licence; and how to cite it in one short phrase."""

    producer: str
    url: str
    accessed: str
    licence: str
    cite_zh: str
    cite_en: str
    checksum: str = ""
    title: str = ""
    command: str = ""
    parameters: dict = field(default_factory=dict)
    datum: str = ""
    notes: str = ""
    sources: tuple = ()
    # Where the sidecar was read from: lets a reader-facing source list find the rows behind a table.
    # Set by read_sidecar, never written into a sidecar.
    path: str = field(default="", compare=False)

    def cite(self, lang: str) -> str:
        return self.cite_zh if lang == "zh" else self.cite_en


def sidecar_path(path: Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".meta.json")


def checksum(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return "sha256:" + h.hexdigest()


def write_sidecar(path: Path, origin: Origin) -> Path:
    """Write the sidecar with the file's current checksum; key order is fixed so rebuilds are byte-identical."""
    data = asdict(origin)
    data.pop("path", None)
    data["checksum"] = checksum(path)
    data["sources"] = [dict(s) for s in origin.sources]
    out = sidecar_path(path)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return out


def read_sidecar(path: Path, verify: bool = False) -> Origin:
    side = sidecar_path(path)
    if not side.exists():
        raise ProvenanceError(f"{Path(path).name}: no provenance sidecar ({side.name}) next to it")
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ProvenanceError(f"{side.name}: not valid JSON ({e})") from e
    missing = [k for k in REQUIRED if not str(data.get(k, "")).strip()]
    if missing:
        raise ProvenanceError(f"{side.name}: missing {', '.join(missing)}")
    known = set(Origin.__dataclass_fields__) - {"path"}
    data["sources"] = tuple(data.get("sources") or ())
    origin = Origin(**{k: v for k, v in data.items() if k in known}, path=str(path))
    if verify and Path(path).exists() and checksum(path) != origin.checksum:
        raise ProvenanceError(f"{Path(path).name}: checksum differs from {side.name}; the file was changed without updating its provenance")
    return origin


def citation(origins: Iterable[Origin], lang: str) -> str:
    """One source line, e.g. for a footer or under an exported figure; duplicates removed, order kept."""
    seen: list[str] = []
    for o in origins:
        c = o.cite(lang)
        if c and c not in seen:
            seen.append(c)
    if not seen:
        raise ProvenanceError("a source line needs at least one origin")
    sep = "；" if lang == "zh" else "; "
    head = "来源：" if lang == "zh" else "Sources: "
    return head + sep.join(seen)


def inventory(root: Path) -> list[tuple[Path, Origin | None, str]]:
    """Every data file under ``root`` with its origin and a status: ok / no sidecar / changed / bad sidecar."""
    out = []
    for f in sorted(Path(root).rglob("*")):
        if not f.is_file() or f.name.endswith(".meta.json") or f.name.startswith("."):
            continue
        try:
            out.append((f, read_sidecar(f, verify=True), "ok"))
        except ProvenanceError as e:
            status = "no sidecar" if "no provenance sidecar" in str(e) else ("changed" if "checksum" in str(e) else "bad sidecar")
            out.append((f, None, status))
    return out
