"""The pipeline: size, kind, rows, header, columns, then every row checked into accepted or rejected."""

from __future__ import annotations

import pandas as pd

from .header import (BY_NAME, CJK, CODE_KEY, COUNTY_KEY, HEADER_SEARCH, INDICATORS, LEVEL_KEY, NAME_KEY, PROVINCE_KEY,
                     Col, find_header, header_columns, letter)
from .names import Key, code_text, default_resolver, is_county_code, level_of, resolve_county, resolve_key
from .read import MAX_COLS, MAX_UNZIPPED, read_text, read_xlsx
from .report import ACCEPTED_COLUMNS, SOURCE_USER, Fatal, Notice, Rejection, UploadReport, empty_accepted, messages
from .values import cell_text, is_blank, parse_cell, quote

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 3000  # China has about 2,850 county-level units: a county table fits


def parse_upload(data: bytes, filename: str = "", resolver=None, max_bytes: int = MAX_BYTES,
                 max_rows: int = MAX_ROWS, max_unzipped: int = MAX_UNZIPPED) -> UploadReport:
    """Read an uploaded table into a report; never raises on the file's content."""
    report = UploadReport(filename=quote(filename))
    try:
        _parse_into(report, bytes(data), resolver or default_resolver(), max_bytes, max_rows, max_unzipped)
    except Fatal as e:
        report.errors.append(Notice(e.code, *messages(e.code, dict(e.kw))))
        report.accepted = empty_accepted()
    return report


def _parse_into(report: UploadReport, data: bytes, resolver, max_bytes: int, max_rows: int,
                max_unzipped: int) -> None:
    if len(data) > max_bytes:
        raise Fatal("too_large", size=f"{len(data) / 1048576:.1f}", limit=f"{max_bytes / 1048576:.1f}")
    if not data.strip():
        raise Fatal("empty_file")
    limit = max_rows + HEADER_SEARCH + 200
    if data.startswith(b"PK\x03\x04"):
        report.kind = "xlsx"
        rows = read_xlsx(data, limit, max_unzipped)
    elif data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise Fatal("xls_unsupported")
    else:
        report.kind = "csv"
        rows = read_text(data, report, limit)
        if report.guessed_encoding:
            report.warnings.append(Notice("encoding_guessed", *messages("encoding_guessed", {
                "encoding": report.encoding or ""})))
    report.n_lines = len(rows)
    if all(is_blank(r) for r in rows):
        raise Fatal("empty_file")
    found_header = find_header(rows)
    if found_header is None:
        hint = report.encoding in ("gbk", "gb18030")
        first = next(r for r in rows if not is_blank(r))
        found = "、".join(quote(cell_text(c)) for c in first[:8] if cell_text(c)) or "—"
        raise Fatal("no_key_column_gbk" if hint else "no_key_column", found=found, encoding=report.encoding or "")
    h, above, below = found_header
    skipped = [i for i in range(h) if not is_blank(rows[i])]
    if skipped:
        lines = "、".join(str(i + 1) for i in skipped)
        report.warnings.append(Notice("header_skipped", *messages("header_skipped", {"lines": lines, "line": h + 1}),
                                      line=skipped[0] + 1))
    width = min(max(len(r) for r in rows), MAX_COLS)
    if below is not None:
        cols = header_columns(rows[below], rows[h], width)
        report.warnings.append(Notice("header_merged", *messages("header_merged", {"top": h + 1, "sub": below + 1}),
                                      line=below + 1))
        last_header = below
    else:
        cols = header_columns(rows[h], rows[above] if above is not None else None, width)
        last_header = h
    report.header_line = last_header + 1
    body = [(i + 1, rows[i]) for i in range(last_header + 1, len(rows)) if not is_blank(rows[i])]
    report.data_lines = [line for line, _ in body]
    used = _use_columns(cols, body, report)
    if not body:
        raise Fatal("header_only", line=last_header + 1)
    if len(body) > max_rows:
        raise Fatal("too_many_rows", max_rows=max_rows)
    _parse_rows(report, body, used, resolver)


def _use_columns(cols: list[Col], body: list[tuple[int, list]], report: UploadReport) -> dict[str, Col]:
    used: dict[str, Col] = {}
    unknown = []
    for c in cols:
        has_data = any(c.j < len(r) and cell_text(r[c.j]) for _, r in body)
        if c.field is None:
            if c.header:
                unknown.append(c)
            elif has_data:
                report.warnings.append(Notice("unnamed_column", *messages("unnamed_column", {"letter": letter(c.j)}),
                                              line=report.header_line, column=letter(c.j)))
            continue
        if c.field in used:
            first = used[c.field]
            report.warnings.append(Notice("duplicate_column", *messages("duplicate_column", {
                "column": c.header, "letter": letter(c.j), "first": first.header, "first_letter": letter(first.j)}),
                line=report.header_line, column=c.header))
            continue
        used[c.field] = c
        report.columns[c.field] = c.header
        ind = BY_NAME.get(c.field)
        if ind is not None and ind.kind == "money":
            if c.scale is None:
                cjk = bool(CJK.search(c.header))
                c.scale = 0.1 if cjk else 1.0
                code = "unit_assumed_yi" if cjk else "unit_assumed_bn"
                report.warnings.append(Notice(code, *messages(code, {"column": c.header}), line=report.header_line,
                                              column=c.header))
            elif c.scale != 1.0:
                report.warnings.append(Notice("unit_converted", *messages("unit_converted", {
                    "column": c.header, "factor": f"{c.scale:g}"}), line=report.header_line, column=c.header))
    for c in unknown[:20]:
        report.warnings.append(Notice("unknown_column", *messages("unknown_column", {"column": c.header,
                                                                                 "letter": letter(c.j)}),
                                      line=report.header_line, column=c.header))
    if len(unknown) > 20:
        report.warnings.append(Notice("unknown_column_more", *messages("unknown_column_more", {"n": len(unknown) - 20}),
                                      line=report.header_line))
    if not any(f in used for f in BY_NAME):
        report.warnings.append(Notice("no_indicator_column", *messages("no_indicator_column", {}),
                                      line=report.header_line))
    return used


def _parse_rows(report: UploadReport, body: list[tuple[int, list]], used: dict[str, Col], resolver) -> None:
    cache: dict[tuple, tuple[Key, str]] = {}

    def key_of(text: str, province: str = "", level: str = "") -> Key:
        if (text, province, level) not in cache:
            cache[text, province, level] = resolve_key(resolver, text, province, level), ""
        return cache[text, province, level][0]

    def county_of(text: str, city: str, province: str) -> tuple[Key, str]:
        if ("county", text, city, province) not in cache:
            cache["county", text, city, province] = resolve_county(resolver, text, city, province)
        return cache["county", text, city, province]

    def cell(c: Col | None, row: list) -> object:
        return row[c.j] if c is not None and c.j < len(row) else None

    name_col, code_col, county_col = used.get(NAME_KEY), used.get(CODE_KEY), used.get(COUNTY_KEY)
    prov_col = used.get(PROVINCE_KEY)
    seen: dict[tuple[str, str], int] = {}
    records = []
    for line, row in body:
        problems: list[Rejection] = []

        def reject(col: Col | None, value: object, code: str, kw: dict, sugg=(), sugg_en=(), fld="",
                   template="") -> None:
            shown = quote(cell_text(value))
            kw = {"value": shown, **kw}
            problems.append(Rejection(line, col.header if col else "", shown, code, *messages(template or code, kw),
                                      tuple(sugg), tuple(sugg_en), fld or (col.field if col else ""),
                                      letter(col.j) if col else ""))

        name_raw, code_raw = cell_text(cell(name_col, row)), code_text(cell(code_col, row))
        county_raw = cell_text(cell(county_col, row))
        where = (cell_text(cell(prov_col, row)), cell_text(cell(used.get(LEVEL_KEY), row)))
        # a county row: a county cell, a level cell saying 县/区, or a county's code (it names its level itself)
        level = "county" if county_raw or (where[1].strip() and level_of(where[1]) == "county") or (
            code_raw and is_county_code(resolver, code_raw)) else "city"
        key: Key | None = None
        if level == "county":
            text, city = (county_raw, name_raw) if county_raw else (name_raw, "")
            text_col = county_col if county_raw else name_col
            if not text and not code_raw:
                reject(county_col or name_col or code_col, "", "missing_key", {})
            else:
                key, about = county_of(code_raw, "", where[0]) if code_raw else county_of(text, city, where[0])
                cols = {"city": (name_col, city), "province": (prov_col, where[0])}
                col, shown = cols.get(about, (code_col if code_raw else text_col, code_raw or text))
                if key.adcode is None:
                    reject(col, shown, key.reason, dict(key.kw), key.suggestions, key.suggestions_en,
                           template=key.template)
                elif code_raw and text:
                    by_name, _ = county_of(text, city, where[0])
                    if by_name.candidates and key.adcode not in by_name.candidates:
                        reject(text_col, text, "name_code_mismatch", {"code": code_raw, "city_zh": key.name_zh,
                                                                      "city_en": key.name_en})
        elif not name_raw and not code_raw:
            keycol = name_col or code_col
            reject(keycol, "", "missing_key", {})
        else:
            col = code_col if code_raw else name_col
            key = key_of(code_raw or name_raw, *where)
            if key.adcode is None:
                reject(col, code_raw or name_raw, key.reason, dict(key.kw), key.suggestions, key.suggestions_en,
                       template=key.template)
            elif code_raw and name_raw:
                by_name = key_of(name_raw, *where)
                if by_name.candidates and key.adcode not in by_name.candidates:
                    reject(name_col, name_raw, "name_code_mismatch", {"code": code_raw, "city_zh": key.name_zh,
                                                                      "city_en": key.name_en})
        if key is not None and key.adcode is not None:
            col = code_col if code_raw else (county_col if county_raw else name_col)
            if (level, key.adcode) in seen:
                reject(col, code_raw or county_raw or name_raw, f"duplicate_{level}",
                       {"first": seen[level, key.adcode], "city_zh": key.name_zh, "city_en": key.name_en})
            else:
                seen[level, key.adcode] = line
        values = {}
        for ind in INDICATORS:
            c = used.get(ind.name)
            if c is None:
                values[ind.name] = pd.NA
                continue
            raw = cell(c, row)
            v, reason, kw = parse_cell(ind, raw, c.scale)
            if reason:
                reject(c, raw, reason, {"column": c.header, **kw})
            values[ind.name] = v
        if not problems and all(values[i.name] is pd.NA for i in INDICATORS if i.name != "year"):
            reject(None, "", "no_values", {})
        if problems:
            report.rejected.extend(problems)
            continue
        assert key is not None and key.adcode is not None
        records.append({"row": line, "adcode": key.adcode, "level": level,
                        "name_input": quote(county_raw or name_raw or code_raw),
                        "name_zh": key.name_zh, "name_en": key.name_en, **values, "source": SOURCE_USER})
    frame = empty_accepted()
    if records:
        frame = pd.DataFrame(records, columns=list(ACCEPTED_COLUMNS))
        for c, dtype in empty_accepted().dtypes.items():
            frame[c] = frame[c].astype(dtype)
    report.accepted = frame
