import json

import pandas as pd
import pytest

from aizone import provenance
from aizone.schemas import Column, DataError, Schema, load_csv, read_csv_text, validate

ORIGIN = provenance.Origin(producer="p", url="https://example.org/x", accessed="2026-11-25", licence="MIT",
                           cite_zh="来源甲", cite_en="Source A")


def test_sidecar_round_trip_and_checksum(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("a\n1\n", encoding="utf-8")
    side = provenance.write_sidecar(f, ORIGIN)
    o = provenance.read_sidecar(f, verify=True)
    assert o.checksum.startswith("sha256:") and o.cite("en") == "Source A"
    first = side.read_bytes()
    provenance.write_sidecar(f, ORIGIN)
    assert side.read_bytes() == first  # deterministic
    f.write_text("a\n2\n", encoding="utf-8")
    with pytest.raises(provenance.ProvenanceError, match="checksum"):
        provenance.read_sidecar(f, verify=True)


def test_incomplete_sidecar_is_rejected(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("a\n", encoding="utf-8")
    provenance.sidecar_path(f).write_text(json.dumps({"producer": "x"}), encoding="utf-8")
    with pytest.raises(provenance.ProvenanceError, match="missing"):
        provenance.read_sidecar(f)


def test_citation_dedupes_and_requires_a_source():
    line = provenance.citation([ORIGIN, ORIGIN], "zh")
    assert line == "来源：来源甲"
    with pytest.raises(provenance.ProvenanceError):
        provenance.citation([], "en")


SCHEMA = Schema("t", (Column("adcode", "adcode", required=True), Column("pop", "int", minimum=0),
                      Column("kind", "category", choices=("a", "b"))), unique=("adcode",))


def _raw(text):
    import io

    return read_csv_text(io.StringIO(text), "t.csv")


def test_valid_table_keeps_unknown_as_missing():
    df = validate(_raw("adcode,pop,kind\n110000,100,a\n120000,,b\n"), SCHEMA, "t.csv")
    assert df["pop"].isna().tolist() == [False, True]
    assert df["pop"].iloc[0] == 100 and df["adcode"].iloc[1] == "120000"


@pytest.mark.parametrize("body,row,col,msg", [
    ("adcode,pop,kind\n110000,many,a\n", 2, "pop", "number"),
    ("adcode,pop,kind\n11000,1,a\n", 2, "adcode", "6-digit"),
    ("adcode,pop,kind\n110000,1,a\n,2,b\n", 3, "adcode", "required"),
    ("adcode,pop,kind\n110000,-5,a\n", 2, "pop", "at least"),
    ("adcode,pop,kind\n110000,1,z\n", 2, "kind", "one of"),
    ("adcode,pop,kind\n110000,1,a\n110000,2,b\n", 3, None, "duplicate"),
    ("adcode,pop\n110000,1\n", 1, None, "missing column"),
])
def test_errors_name_file_row_and_column(body, row, col, msg):
    with pytest.raises(DataError) as e:
        validate(_raw(body), SCHEMA, "t.csv")
    p = e.value.problems[0]
    assert p.file == "t.csv" and p.row == row and p.column == col and msg in p.message
    assert "t.csv" in str(e.value)


def test_broken_files(tmp_path):
    f = tmp_path / "b.csv"
    f.write_bytes("adcode,pop,kind\n110000,北京,a\n".encode("gbk"))
    with pytest.raises(DataError, match="UTF-8"):
        load_csv(f, SCHEMA)
    f.write_text("", encoding="utf-8")
    with pytest.raises(DataError, match="empty"):
        load_csv(f, SCHEMA)
    with pytest.raises(DataError, match="not found"):
        load_csv(tmp_path / "nope.csv", SCHEMA)
    f.write_text('adcode,pop,kind\n110000,"1,a\n', encoding="utf-8")
    with pytest.raises(DataError):
        load_csv(f, SCHEMA)


def test_short_row_is_reported_with_its_row(tmp_path):
    f = tmp_path / "s.csv"
    f.write_text("adcode,pop,kind\n110000,1,a\n120000,2\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_csv(f, SCHEMA)
    assert e.value.problems[0].row == 3 and "fields" in e.value.problems[0].message
