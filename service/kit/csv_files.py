"""CSV in and out: what spreadsheets write, read alike everywhere; what they must
never run, neutralised in every export.

Swedish Excel saves "CSV (semikolonavgränsad)" with `;` (the comma is the decimal
mark) and a UTF-8 byte order mark; other systems write `,`. The separator is
whichever of the two the header line holds more of outside quotes, so a file is
read the same way by the batch imports and by the personnummer guard. Blank
records are skipped and not counted: the first record after the header is data
line 1, however many physical lines a quoted cell spans.
"""

import csv
import io
from collections.abc import Iterator

SEPARATORS = (",", ";")
# OWASP's list: a cell starting with one of these is a formula to a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def decode(body: bytes) -> str:
    """The text of an upload, without a byte order mark; UnicodeDecodeError if it
    is not UTF-8."""
    return body.decode("utf-8-sig")


def separator(text: str) -> str:
    """`;` or `,`: the one the header line uses more of outside quoted names."""
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "\r\n":
            break
        elif not quoted and char in counts:
            counts[char] += 1
    return ";" if counts[";"] > counts[","] else ","


def records(text: str) -> Iterator[list[str]]:
    """The header, then every record that holds a cell; csv.Error where the
    quoting is broken (strictly: an unclosed quote would otherwise swallow the
    rest of the file into one cell) or a cell is too long."""
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=separator(text), strict=True
    )
    for cells in reader:
        if any(cell.strip() for cell in cells):
            yield cells


def neutral(text: str) -> str:
    """A cell that starts like a formula gets a leading apostrophe (OWASP), so a
    spreadsheet shows it instead of running it."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def write_rows(rows: list[list[str]]) -> str:
    """Rows as CSV text (CRLF, as RFC 4180 says), every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([neutral(cell) for cell in row] for row in rows)
    return out.getvalue()
