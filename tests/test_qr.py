"""The takeaway QR: the summary's content and size, and rendered text that really decodes."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace

import pytest
import segno

from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.kiosk import PrinterConfig, print_takeaway
from kyodo_tui.core.model import Activity, Catalog
from kyodo_tui.core.placement import Answers, place
from kyodo_tui.core.qr import (
    MAX_SUMMARY_BYTES,
    QR_MODES,
    QrMode,
    cell_width,
    qr_image,
    qr_lines,
    qr_matrix,
    render_matrix,
    takeaway_document,
    takeaway_summary,
)
from kyodo_tui.core.recommend import Recommendations, recommend

MARKER = "SECRET-MARKER-田中花子-090"

DESK = """\
[[contact]]
id = "desk"
name = { ja = "中央市 市民協働課", en = "Civic Collaboration Section, Chuo City" }
description = { ja = "協働の相談窓口です。", en = "The collaboration desk." }
phone = "0123-45-6789"
email = "kyodo@city.example.jp"
url = "https://www.city.example.jp/kyodo/"
source = "中央市 協働推進指針"
"""


class FakeMatcher:
    """Returns the given activities for any query (the matcher is another engineer's)."""

    def __init__(self, activities: Sequence[Activity]) -> None:
        self.activities = list(activities)
        self.queries: list[str] = []

    def search(self, query: str, **_kw: object) -> list[SimpleNamespace]:
        self.queries.append(query)
        return [SimpleNamespace(activity=a, score=90.0) for a in self.activities]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    layer = tmp_path_factory.mktemp("desk")
    (layer / "desk.toml").write_text(DESK, encoding="utf-8")
    return load_catalog([layer], include_user=False)


ANSWERS: Answers = {
    "who": "association", "group_size": "some", "fields": ["elderly", "community"],
    "now": ["local-events"], "now_text": f"川の清掃 {MARKER}", "goal_text": MARKER,
    "lead": "together", "reach": "neighbours", "carry": "each-other",
}


def _result(catalog: Catalog, answers: Answers, activities: Sequence[Activity]
            ) -> tuple[object, Recommendations]:
    placement = place(catalog, answers)
    return placement, recommend(catalog, answers, placement, FakeMatcher(activities))


def _acts(catalog: Catalog, *ids: str) -> list[Activity]:
    return [catalog.activities[i] for i in ids]


def _some_acts(catalog: Catalog, longest: bool) -> list[Activity]:
    return sorted(catalog.activities.values(),
                  key=lambda a: (-len(a.title.ja) if longest else len(a.title.ja), a.id))[:5]


# ---------------------------------------------------------------- the summary


def _shown(name: str, text: str) -> bool:
    """``name`` is in ``text`` whole, or shortened to a prefix of 4+ characters and "…"."""
    if name in text:
        return True
    return any(name[:n].rstrip() + "…" in text for n in range(4, len(name)))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_summary_content(catalog: Catalog, lang: str) -> None:
    acts = _some_acts(catalog, longest=False)
    placement, recs = _result(catalog, ANSWERS, acts)
    text = takeaway_summary(catalog, placement, recs, lang)  # type: ignore[arg-type]
    assert len(text.encode("utf-8")) <= MAX_SUMMARY_BYTES
    lines = text.splitlines()
    letter = placement.letter  # type: ignore[attr-defined]
    assert letter in "ABCDE"
    assert any(line.startswith(("位置: ", "Place: ")) and f" {letter} " in line
               for line in lines)
    # the triad line's percentages add up to 100
    triad_line = next(line for line in lines if "%" in line)
    numbers = [int(n) for n in re.findall(r"(\d+)%", triad_line)]
    assert len(numbers) == 3 and sum(numbers) == 100
    for a in acts[:3]:
        assert _shown(a.title.get(lang), text)  # type: ignore[arg-type]
    assert recs.forms
    for f in recs.forms[:2]:
        assert _shown(f.form.name.get(lang), text)  # type: ignore[arg-type]
    assert "0123-45-6789" in text and "https://www.city.example.jp/kyodo/" in text
    assert ("中央市 市民協働課" if lang == "ja" else "Chuo City") in text


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_summary_never_holds_free_text(catalog: Catalog, lang: str) -> None:
    placement, recs = _result(catalog, ANSWERS, _some_acts(catalog, longest=True))
    text = takeaway_summary(catalog, placement, recs, lang)  # type: ignore[arg-type]
    assert "SECRET" not in text and "田中" not in text and "川の清掃" not in text


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_long_titles_are_shortened_to_fit(catalog: Catalog, lang: str) -> None:
    acts = _some_acts(catalog, longest=True)
    placement, recs = _result(catalog, ANSWERS, acts)
    text = takeaway_summary(catalog, placement, recs, lang)  # type: ignore[arg-type]
    assert len(text.encode("utf-8")) <= MAX_SUMMARY_BYTES
    assert "…" in text
    # the desk's phone and URL are never cut
    assert "0123-45-6789" in text and "https://www.city.example.jp/kyodo/" in text
    # a tight budget drops more, but keeps the placement and the desk
    tight = takeaway_summary(catalog, placement, recs, lang,  # type: ignore[arg-type]
                             max_bytes=170)
    assert len(tight.encode("utf-8")) <= 170
    assert "0123-45-6789" in tight and ("位置" in tight or "Place" in tight)
    # below the shortest possible form it is returned as is (the QR just grows)
    floor = takeaway_summary(catalog, placement, recs, lang, max_bytes=10)  # type: ignore[arg-type]
    assert floor.splitlines()[-1] == "https://www.city.example.jp/kyodo/"
    assert "…" not in floor


def test_summary_unplaced_and_placeholder_desk() -> None:
    builtin = load_catalog(include_user=False)
    placement, recs = _result(builtin, {}, [])
    ja = takeaway_summary(builtin, placement, recs, "ja")
    assert "まだ位置は決まっていません" in ja and "%" not in ja
    # and which question would place it, while there is room
    assert "位置が決まる質問: この取り組みは" in ja
    assert "協働の窓口" in ja  # the built-in placeholder desk, shortened if need be
    en = takeaway_summary(builtin, placement, recs, "en")
    assert "Place: not placed yet" in en and "Answer to be placed: Who should lead" in en
    assert len(ja.encode("utf-8")) <= MAX_SUMMARY_BYTES


# ---------------------------------------------------------------- drawing and decoding

_GLYPHS: dict[str, dict[str, tuple[bool, bool]]] = {
    "half": {"█": (True, True), "▀": (True, False), "▄": (False, True), " ": (False, False)},
}


def parse_lines(lines: Sequence[str], mode: QrMode, *, invert: bool = False) -> list[list[bool]]:
    """Rendered text back to a module matrix (True: dark), the way a camera would see it."""
    rows: list[list[bool]] = []
    if mode == "half":
        for line in lines:
            pairs = [_GLYPHS["half"][ch] for ch in line]
            rows.append([p[0] for p in pairs])
            rows.append([p[1] for p in pairs])
    else:
        on, off = ("██", "  ") if mode == "full" else ("█", "\u3000")
        step = len(on)
        for line in lines:
            cells = [line[i:i + step] for i in range(0, len(line), step)]
            assert set(cells) <= {on, off}, set(cells) - {on, off}
            rows.append([c == on for c in cells])
    if invert:
        rows = [[not m for m in row] for row in rows]
    return rows


def decode(matrix: Sequence[Sequence[bool]], scale: int = 4) -> list[str]:
    """Decode a module matrix as an 8-bit grey image with zxing-cpp (no Pillow, no numpy)."""
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp is in the test extra")
    height, width = len(matrix) * scale, len(matrix[0]) * scale
    buf = bytearray(b"\xff" * (width * height))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                for dy in range(scale):
                    start = (y * scale + dy) * width + x * scale
                    buf[start:start + scale] = b"\x00" * scale
    image = memoryview(bytes(buf)).cast("B", (height, width))
    # try_invert=False: an inverted drawing must have been turned back by parse_lines
    return [r.text for r in zxingcpp.read_barcodes(image, try_invert=False)]


@pytest.mark.parametrize("mode", QR_MODES)
@pytest.mark.parametrize("invert", [False, True])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_rendered_text_decodes_to_the_summary(catalog: Catalog, mode: QrMode, invert: bool,
                                              lang: str) -> None:
    placement, recs = _result(catalog, ANSWERS, _some_acts(catalog, longest=True))
    summary = takeaway_summary(catalog, placement, recs, lang)  # type: ignore[arg-type]
    lines = qr_lines(summary, mode, invert=invert)
    matrix = parse_lines(lines, mode, invert=invert)
    expected = qr_matrix(summary)
    # half mode pads an odd number of rows with one quiet row
    assert matrix[:len(expected)] == expected
    assert decode(matrix) == [summary]


def test_matrix_matches_segno_with_quiet_zone() -> None:
    text = "協働 kyodo"
    m = qr_matrix(text, border=4)
    code = segno.make(text, error="l", micro=False, encoding="utf-8")
    inner = [[bool(v) for v in row] for row in code.matrix]
    n = len(inner)
    assert len(m) == n + 8 and all(len(row) == n + 8 for row in m)
    assert all(not any(row) for row in m[:4] + m[-4:])
    assert all(not any(row[:4]) and not any(row[-4:]) for row in m)
    assert [row[4:-4] for row in m[4:-4]] == inner
    assert qr_matrix(text, border=1)[1][1:-1] == inner[0]


def test_block_glyphs_are_ambiguous_width() -> None:
    # why the "wide" mode exists
    assert {unicodedata.east_asian_width(c) for c in "▀▄█"} == {"A"}
    assert unicodedata.east_asian_width("\u3000") == "F"


def test_line_widths_per_terminal_kind() -> None:
    text = "kyodo width test"
    n = len(qr_matrix(text))
    for mode, per_module, ambiguous_wide in (("half", 1, False), ("full", 2, False),
                                             ("wide", 2, True)):
        lines = qr_lines(text, mode)  # type: ignore[arg-type]
        widths = {cell_width(line, ambiguous_wide=ambiguous_wide) for line in lines}
        assert widths == {n * per_module}, mode
    assert len(qr_lines(text, "half")) == (n + 1) // 2
    assert len(qr_lines(text, "full")) == n
    # on the wrong kind of terminal the lines come out ragged: the mode matters
    ragged = {cell_width(line, ambiguous_wide=True) for line in qr_lines(text, "half")}
    assert len(ragged) > 1
    assert len({cell_width(line) for line in qr_lines(text, "wide")}) > 1


def test_invert_draws_the_quiet_zone_as_blocks() -> None:
    lines = qr_lines("x", "full", invert=True)
    assert set(lines[0]) == {"█"}
    assert set(qr_lines("x", "full")[0]) == {" "}


def test_render_matrix_rejects_unknown_mode() -> None:
    with pytest.raises(ValueError):
        render_matrix([[True]], "tiny")  # type: ignore[arg-type]


def test_images_and_printed_document() -> None:
    png = qr_image("kyodo", "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert qr_image("kyodo", "svg").lstrip().startswith(b"<?xml")
    doc = takeaway_document("位置: C", "text").decode("utf-8")
    head, qr = doc.split("\n\n", 1)
    assert head == "位置: C"
    assert decode(parse_lines(qr.rstrip("\n").split("\n"), "half")) == ["位置: C"]
    assert takeaway_document("x", "png").startswith(b"\x89PNG")


# ---------------------------------------------------------------- printing


def _writer(out: Path, code: int = 0) -> tuple[str, ...]:
    script = (f"import sys; open({str(out)!r}, 'wb').write(sys.stdin.buffer.read()); "
              f"sys.stderr.write('paper jam\\n'); sys.exit({code})")
    return (sys.executable, "-c", script)


def test_print_takeaway_sends_the_document_on_stdin(tmp_path: Path) -> None:
    out = tmp_path / "printed"
    result = print_takeaway(PrinterConfig(_writer(out)), "位置: B")
    assert result.ok and result.detail == ""
    assert "印刷" in result.message.ja and "Printed" in result.message.en
    assert out.read_bytes() == takeaway_document("位置: B", "text")


def test_print_takeaway_failures_never_raise(tmp_path: Path) -> None:
    failed = print_takeaway(PrinterConfig(_writer(tmp_path / "o", code=3)), "x")
    assert not failed.ok and failed.detail == "printer command exited 3: paper jam"
    assert "QR" in failed.message.ja
    missing = print_takeaway(PrinterConfig(("/nonexistent/lp",)), "x")
    assert not missing.ok and "not found" in missing.detail
    slow = print_takeaway(PrinterConfig((sys.executable, "-c", "import time; time.sleep(5)"),
                                        timeout=0.5), "x")
    assert not slow.ok and "timed out" in slow.detail


def test_printer_gets_no_shell(tmp_path: Path) -> None:
    out = tmp_path / "o"
    # a shell would expand $HOME and run the second command; argv does not
    marker = tmp_path / "pwned"
    script = f"import sys; open({str(out)!r}, 'w').write(repr(sys.argv))"
    result = print_takeaway(PrinterConfig((sys.executable, "-c", script,
                                           f"$HOME; touch {marker}")), "x")
    assert result.ok
    assert "$HOME; touch" in out.read_text()
    assert not marker.exists()
    assert subprocess.run  # the module uses subprocess.run(shell=False)
