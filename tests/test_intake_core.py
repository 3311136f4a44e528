"""The intake core (kyodo_tui.core.intake): snapshots, marks, two parties, movement,
date filters, the hand-off summary and its Markdown export. No Textual."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kyodo_tui.core import intake
from kyodo_tui.core.catalog import load_catalog
from kyodo_tui.core.errors import KyodoInputError
from kyodo_tui.core.model import Catalog
from kyodo_tui.core.storage import ContactInfo, Session, Store, compare, movement

GROUP = {"who": "association", "lead": "we-supported", "fields": ["environment"],
         "carry": "each-other", "now_text": "[b]kawa[/b] no souji"}
OFFICER = {"who": "government", "lead": "municipality-with-us", "officer_need": ["hands"],
           "carry": "municipality"}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(include_user=False)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data")


def saved(store: Store, catalog: Catalog, answers: dict[str, object], **kw: object) -> Session:
    session = store.new_session(mode="intake", answers=answers, **kw)  # type: ignore[arg-type]
    return store.save(intake.snapshot(session, catalog))


def test_core_intake_does_not_import_textual() -> None:
    code = "import sys, kyodo_tui.core.intake; assert 'textual' not in sys.modules, 'textual!'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_snapshot_places_prunes_and_cleans_marks(store: Store, catalog: Catalog) -> None:
    answers = {**GROUP, "officer_need": ["hands"], "ghost": "x"}  # hidden and unknown
    session = store.new_session(mode="intake", answers=answers).evolve(
        confirm_later=("carry", "officer_need", "lead", "carry"))
    snap = intake.snapshot(session, catalog)
    assert "officer_need" not in snap.answers and "ghost" not in snap.answers
    assert snap.confirm_later == ("lead", "carry")  # question order, hidden dropped, once
    assert snap.placement is not None and snap.placement.letter == "B"
    assert snap.placement.actor == "association"
    assert snap.recommendations is not None and snap.recommendations.forms
    assert snap.revision == 0  # not saved by the snapshot


def test_party_and_order(store: Store, catalog: Catalog) -> None:
    group = saved(store, catalog, GROUP)
    officer = saved(store, catalog, OFFICER)
    assert intake.party_of(group, catalog) == "citizen"
    assert intake.party_of(officer, catalog) == "government"
    assert intake.order_pair(officer, group, catalog) == (group, officer)
    assert intake.order_pair(group, officer, catalog) == (group, officer)
    # an explicit party wins over the actor
    assert intake.party_of(group.evolve(party="government"), catalog) == "government"


def test_answer_rows_marks_skips_and_typed(store: Store, catalog: Catalog) -> None:
    session = store.new_session(answers={**GROUP, "reach": "unknown"}).evolve(
        confirm_later=("lead", "offer"))
    rows = {r.question_id: r for r in intake.answer_rows(catalog, session)}
    assert rows["lead"].confirm_later and not rows["lead"].skipped
    assert rows["offer"].confirm_later and rows["offer"].skipped  # marked apart from skipped
    assert rows["reach"].unknown and not rows["reach"].confirm_later
    assert rows["now_text"].typed and rows["now_text"].answer.ja == "[b]kawa[/b] no souji"
    assert "officer_need" not in rows  # hidden for a group


def test_two_party_rows(store: Store, catalog: Catalog) -> None:
    group = saved(store, catalog, GROUP)
    officer = saved(store, catalog, OFFICER)
    rows = intake.diff_rows(catalog, compare(group, officer, catalog))
    ids = [r.question_id for r in rows]
    assert ids[:2] == ["who", "officer_need"]  # question order
    assert "lead" in ids and "carry" in ids
    lead = next(r for r in rows if r.question_id == "lead")
    assert lead.a.ja == "住民や団体が中心で、役所が支える"
    assert lead.b.en.startswith("The town hall leads")
    assert next(r for r in rows if r.question_id == "officer_need").a.ja == "（無回答）"


def test_movement_texts_are_ascii_signs(store: Store, catalog: Catalog) -> None:
    old = saved(store, catalog, {**GROUP, "lead": "we-alone", "carry": "myself"})
    new = saved(store, catalog, GROUP, previous=old.id)
    m = movement(old, new, catalog)
    text = intake.movement_text(m)
    assert text.ja.startswith("A から B へ（+") and text.en.startswith("from A to B (+")
    shift = intake.triad_shift_text(m)
    assert shift is not None and "自助 -" in shift.ja and "共助 +" in shift.ja
    for t in (text.ja, text.en, shift.ja, shift.en):
        assert all(unicodedata.east_asian_width(ch) != "A" for ch in t), t
    assert [r.question_id for r in intake.diff_rows(catalog, m)] == ["lead", "carry"]


def test_date_since() -> None:
    now = datetime(2025, 3, 14, 15, 30, tzinfo=timezone(timedelta(hours=9)))
    assert intake.date_since("all", now) is None
    today = intake.date_since("today", now)
    assert today is not None and (today.hour, today.minute) == (0, 0)
    week = intake.date_since("week", now)
    assert week is not None and (today - week).days == 7
    with pytest.raises(ValueError):
        intake.date_since("fortnight", now)


def test_handoff_contact_only_with_consent(store: Store, catalog: Catalog) -> None:
    base = store.new_session(mode="intake", label="[b]Yamada[/b]", answers=GROUP).evolve(
        notes="line 1\n[@click=app.quit]x[/]", confirm_later=("lead",))
    with_consent = base.with_consent("Sato").evolve(
        contact=ContactInfo(name="山田", phone="090-0000-0000"))
    h = intake.build_handoff(intake.snapshot(with_consent, catalog), catalog)
    assert h.title == "[b]Yamada[/b]"
    assert [(k.en, v) for k, v in h.contact] == [("Name", "山田"), ("Phone", "090-0000-0000")]
    assert h.consent is not None and "Sato" in h.consent.en
    assert [p.ja for p in h.confirm_later] == [catalog.question("lead").prompt.ja]  # type: ignore[union-attr]
    assert h.forms and h.next_step is not None and h.desk
    md = intake.handoff_markdown(h, "en")
    assert "090-0000-0000" in md and "## Contact" in md
    assert "> [@click=app.quit]x[/]" in md  # notes literally, quoted
    assert "(to confirm)" in md

    withdrawn = with_consent.withdraw_consent("Sato")
    h2 = intake.build_handoff(withdrawn, catalog)
    assert h2.contact == ()
    md2 = intake.handoff_markdown(h2, "ja")
    # the phone number and the name are gone (not "090": a timestamp can hold those digits)
    assert "090-0000-0000" not in md2 and "山田" not in md2


def test_handoff_movement_and_links(store: Store, catalog: Catalog) -> None:
    old = saved(store, catalog, {**GROUP, "lead": "we-alone"})
    new = intake.snapshot(store.new_session(mode="intake", answers=GROUP, previous=old.id),
                          catalog)
    h = intake.build_handoff(new, catalog, previous=old)
    assert h.movement is not None and h.movement.en.startswith("from A to B")
    facts = {k.en: v.en for k, v in h.facts}
    assert facts["Previous record"] == old.id
    assert facts["Record"].endswith("(not saved)")


def test_export_never_overwrites(tmp_path: Path, store: Store, catalog: Catalog) -> None:
    record = saved(store, catalog, GROUP, label="川沿い")
    h = intake.build_handoff(record, catalog)
    folder = tmp_path / "out" / "handoffs"
    first = intake.export_handoff(h, folder, "ja")
    assert first.name == f"kyodo-handoff-{record.id}.md"
    first.write_text("edited by hand", encoding="utf-8")
    second = intake.export_handoff(h, folder, "en")
    assert second.name == f"kyodo-handoff-{record.id}-2.md"
    assert first.read_text(encoding="utf-8") == "edited by hand"
    assert second.read_text(encoding="utf-8").startswith("# Hand-off summary: 川沿い")
    (tmp_path / "file").write_text("x")
    with pytest.raises(KyodoInputError):
        intake.export_handoff(h, tmp_path / "file" / "sub", "ja")


def test_search_records_finds_a_reading_on_any_page(store: Store, catalog: Catalog) -> None:
    """Issue 10: romaji ``yamada`` finds 山田さん (reading やまだ) though newer records
    fill the first page; offset and limit page the combined hits."""
    old = saved(store, catalog, GROUP, label="山田さん")
    store.save(old.evolve(extra={**old.extra, intake.READING_KEY: "やまだ"},
                          created="2020-01-01T00:00:00+00:00"))
    for n in range(5):
        saved(store, catalog, GROUP, label=f"田中{n}")
    hits = intake.search_records(store, "yamada", catalog, limit=2)
    assert [h.session.label for h in hits] == ["山田さん"]
    every = intake.search_records(store, "", catalog)
    assert len(every) == 6
    pages = [h.session.id for off in (0, 2, 4)
             for h in intake.search_records(store, "", catalog, limit=2, offset=off)]
    assert pages == [h.session.id for h in every]
