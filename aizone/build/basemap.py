"""Map files derived from the shipped boundary layer: the mainland-clipped GeoJSON the browser fetches, and the
strategy areas dissolved from their member units (parquet + GeoJSON), each with its sidecar."""

from __future__ import annotations

import json
from pathlib import Path

from aizone import boundaries, provenance, strategies
from aizone.basemap import GEO_DIR, clip_main, feature_collection
from aizone.build.boundaries import write_parquet
from aizone.config import BOUNDARIES
from aizone.figures.maps import MAIN_LAT


def _write_json(obj: dict, path: Path, origin: provenance.Origin) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    provenance.write_sidecar(path, origin)
    return path


def build(out_dir: Path = GEO_DIR, data_dir: Path = BOUNDARIES) -> list[Path]:
    """Write the clipped main-frame files and the dissolved strategy areas (parquet + GeoJSON + sidecars)."""
    written = []
    src = provenance.read_sidecar(boundaries.layer_path("city", "national"))

    def origin(title: str, cite_zh: str, cite_en: str, **params) -> provenance.Origin:
        return provenance.Origin(producer="aizone build mapfiles", url=src.url, accessed=src.accessed, licence=src.licence,
                                 cite_zh=cite_zh, cite_en=cite_en, title=title, command="aizone build mapfiles",
                                 parameters=params, datum=src.datum)

    for level in ("province", "city", "county"):  # counties: the explorer's county level (hover and click)
        main = clip_main(boundaries.load(level, "national"))
        written.append(_write_json(feature_collection(main, "adcode"), out_dir / f"{level}_national_main.geojson",
                                   origin(f"{level} layer, national detail, clipped to the mainland frame (inset shows the rest)",
                                          src.cite_zh, src.cite_en, clip_lat=MAIN_LAT[0] - 0.1)))
    for lod in ("national", "regional"):
        reg = strategies.regions(lod)
        pq = data_dir / f"strategies_{lod}.parquet"
        write_parquet(reg, pq)
        area = origin(f"Regional-strategy areas, {lod} detail", "区域战略范围：由成员单位边界合并（aizone）",
                      "Strategy areas: unions of member units (aizone)", lod=lod, members="data/tables/strategy_members.csv")
        provenance.write_sidecar(pq, area)
        written.append(pq)
        main = clip_main(reg) if lod == "national" else reg
        written.append(_write_json(feature_collection(main, "layer"), out_dir / f"strategies_{lod}.geojson", area))
    return written
