"""Is the shipped data as signed? The checks the page frame runs when something goes wrong (and once per run).

Each data file has a ``.meta.json`` sidecar with its checksum (``provenance``); these functions list the
files that no longer match, and the sidecars that cannot be read.
"""

from __future__ import annotations

from pathlib import Path

from aizone import config, provenance

SIDECAR = ".meta.json"


def damaged(data_dir: Path | None = None) -> list[str]:
    """Shipped files that are not as signed: missing, changed, or with a missing or broken sidecar.

    Used after an unexpected exception to tell a damaged file (say so, name it) from a bug (let it surface):
    if every file still matches its sidecar's checksum, the data cannot be what broke the page.
    """
    root = Path(data_dir or config.DATA)
    out = []
    for f, _, status in provenance.inventory(root):
        if status != "ok":
            out.append(f"{f.relative_to(root)} ({status})")
    for side in sorted(root.rglob("*" + SIDECAR)):
        data = side.with_name(side.name[: -len(SIDECAR)])
        if not data.exists():
            out.append(f"{data.relative_to(root)} (missing)")
    return out


def sidecar_problems(data_dir: Path | None = None) -> list[str]:
    """What reading each shipped file's sidecar would raise (missing, not JSON, fields missing); no checksums.

    Cheap enough for every page run (a few dozen small JSON files): source lines are built from sidecars
    after a page's body, so a broken one is caught here instead of as a traceback in the footer.
    """
    root = Path(data_dir or config.DATA)
    out = []
    for rel in shipped_files(root):
        try:
            provenance.read_sidecar(root / rel)
        except provenance.ProvenanceError as e:
            out.append(str(e))
    return out


def shipped_files(data_dir: Path | None = None) -> list[str]:
    """Every data file (not sidecars) under the data directory, as relative paths."""
    root = Path(data_dir or config.DATA)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.is_file() and not p.name.endswith(SIDECAR) and not p.name.startswith("."))
