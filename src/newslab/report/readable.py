"""Readable tables: numbers as people write them, long text wrapped instead of running off the page."""

from __future__ import annotations

import math

import pandas as pd

#: Text columns whose longest shown value exceeds this many characters wrap at a readable width.
LONG_TEXT_CHARS = 40
#: The table fills the page; long text wraps (itables' default classes include ``nowrap``).
TABLE_CLASSES = "display compact newslab-table"
TABLE_STYLE = "table-layout:auto;width:100%;margin:0;caption-side:top"
#: Columns holding the text a reader came for: they get the room (the sentence must be readable at 1280 px).
READING_COLUMNS = ("sentence", "quote", "example", "detail", "item")
TABLE_CSS = (
    "table.dataTable.newslab-table{font-size:12.5px}"
    "table.dataTable.newslab-table>thead>tr>th{padding:4px 4px;font-size:12px}"
    "table.dataTable.newslab-table>tbody>tr>td{padding:4px 4px}"
    # Long values (titles, timestamps, URLs) may break anywhere so that no single one widens the table
    # past the page; short labels ("lower_bound") stay whole.
    "table.dataTable.newslab-table>tbody>tr>td.dt-type-date{overflow-wrap:anywhere}"
    ".newslab-wrap{white-space:normal!important;min-width:7em;max-width:15em;overflow-wrap:anywhere}"
    ".newslab-read{white-space:normal!important;min-width:18em;width:36%;overflow-wrap:anywhere}"
    ".newslab-id{white-space:normal!important;font-size:11px;max-width:9em;word-break:break-all}"
    ".newslab-link{white-space:nowrap;font-size:16px;text-decoration:none;padding:0 .3em}"
)


def format_number(value: object) -> object:
    """11000.0 -> "11,000"; 0.254 -> "0.254"; 1234.5 -> "1,234.5"; missing -> ""; other values unchanged."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if math.isinf(value):
            return "∞" if value > 0 else "-∞"
        if value.is_integer() and abs(value) < 1e15:
            return f"{value:,.0f}"
        return f"{value:,.4g}" if abs(value) < 1e15 else f"{value:.4g}"
    return value


#: Integer columns that are labels rather than quantities keep their digits ungrouped (2024, not 2,024).
PLAIN_INTEGER_COLUMNS = ("year", "start", "end", "line_no", "id")


def format_dates(series: pd.Series) -> pd.Series:
    """Timestamps as dates (with the time only when some value has one); missing ones (NaT) empty."""
    known = series.dropna()
    with_time = bool(((known.dt.hour != 0) | (known.dt.minute != 0)).any())
    try:
        text = series.dt.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")
    except (ValueError, NotImplementedError):  # a year Python's datetime cannot write (before 1, after 9999)
        text = series.map(lambda t: _date_text(t, with_time))
    return text.where(series.notna(), "").astype(object)


def _date_text(stamp: pd.Timestamp, with_time: bool) -> str:
    if pd.isna(stamp):
        return ""
    day = f"{stamp.year:04d}-{stamp.month:02d}-{stamp.day:02d}"
    return f"{day} {stamp.hour:02d}:{stamp.minute:02d}" if with_time else day


def format_numbers(df: pd.DataFrame) -> pd.DataFrame:
    """Numeric columns (not booleans) and timestamps as formatted text: DataTables still sorts them."""
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[col] = format_dates(series)
            continue
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            continue
        plain = pd.api.types.is_integer_dtype(series) and any(w in str(col).lower() for w in PLAIN_INTEGER_COLUMNS)
        out[col] = [
            "" if pd.isna(v) else (str(v) if plain else format_number(v.item() if hasattr(v, "item") else v))
            for v in series
        ]
    return out


def one_line(df: pd.DataFrame) -> pd.DataFrame:
    """Line breaks inside text cells become spaces (a table cell is not a paragraph)."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_string_dtype(out[col]) or pd.api.types.is_object_dtype(out[col]):
            out[col] = out[col].map(lambda v: " ".join(v.split()) if isinstance(v, str) else v)
    return out


def column_classes(df: pd.DataFrame, limit: int = LONG_TEXT_CHARS) -> dict[str, list[int]]:
    """CSS class -> positions of the text columns it applies to: reading columns (the sentence, the
    quote) get the room; other text longer than ``limit`` characters wraps narrow; ids shrink."""
    out: dict[str, list[int]] = {"newslab-read": [], "newslab-wrap": [], "newslab-id": []}
    for i, col in enumerate(df.columns):
        series, name = df[col], str(col).lower()
        if not (pd.api.types.is_string_dtype(series) or pd.api.types.is_object_dtype(series)):
            continue
        lengths = series.map(lambda v: len(v) if isinstance(v, str) else 0)
        longest = int(lengths.max()) if len(lengths) else 0
        if name.startswith("article_id") or name in ("article_a", "article_b", "duplicate_of", "lacking_in"):
            out["newslab-id"].append(i)
        elif name.startswith(READING_COLUMNS) and longest > limit:
            out["newslab-read"].append(i)
        elif longest > limit:
            out["newslab-wrap"].append(i)
    return out
