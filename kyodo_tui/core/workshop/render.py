"""The room picture as text: the A–E strip, histograms, triad bars, Markdown export.

Only ASCII drawing characters (``| - + o # . = [ ] ^``, and ``+/-`` for ±):
East-Asian-ambiguous glyphs (●, █, ±, …) are drawn one cell wide by some
terminals and two by others, which breaks the alignment in a projected room.
Japanese labels are padded by their display width (wide characters count two cells).

No names anywhere: participants are numbers at most, and free text (notes and
text answers) appears only when the caller opts in.
"""

from __future__ import annotations

import re

from collections.abc import Sequence

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.model import REGIONS, TRIAD, UNKNOWN, Catalog, Lang, Question, Text
from kyodo_tui.core.placement import TRIAD_NAMES, letter_names, places_position
from kyodo_tui.core.qr import cell_width
from kyodo_tui.core.text import whole_percentages
from kyodo_tui.core.workshop.model import Group, Workshop, has_whole_room, room
from kyodo_tui.core.workshop.tally import (
    Comparison,
    GroupPicture,
    PlacementCache,
    QuestionStats,
    compare,
    picture,
    prompts,
)

__all__ = [
    "STRIP_WIDTH",
    "cell_width",
    "comparison_pairs",
    "export_markdown",
    "groups_strip_lines",
    "histogram_lines",
    "question_lines",
    "show_text",
    "strip_lines",
    "triad_lines",
]

#: columns of the A–E strip: 10 per letter, A at 0 and E at 40
STRIP_WIDTH = 41
BAR_WIDTH = 24

_L: dict[str, Text] = {
    "dots": Text("点", "dots"),
    "centre": Text("中心", "centre"),
    "legend": Text("o = 1人、2〜9 = その人数、* = 10人以上；[==^==] = 中心 +/- ばらつき",
                   "o = one person, 2-9 = that many, * = ten or more; "
                   "[==^==] = centre +/- spread"),
    "legend_tally": Text("挙手の集計なので、人ごとの点はありません；[==^==] = 中心 +/- ばらつき",
                         "A show of hands has no dot per person; [==^==] = centre +/- spread"),
    "record": Text("記録ID", "Record"),
    "date": Text("日時", "Date"),
    "groups": Text("グループ", "Groups"),
    "no_names": Text("参加者の名前は記録していません。", "No participant names are recorded."),
    "no_notes": Text("自由記述は含めていません。", "Free-text answers and notes are not included."),
    "with_notes": Text("自由記述を含めています。", "Free-text answers and notes are included."),
    "overview": Text("グループごとの位置", "Where each group stands"),
    "rounds_apart": Text("前と後は同じ人たちの回答です。足し合わせず、別々に示します。",
                         "Before and after are the same people: shown apart, never added up."),
    "spectrum": Text("A〜E（協働の領域）", "A–E (who leads)"),
    "histogram": Text("分布", "Histogram"),
    "triad": Text("自助・共助・公助", "Self-help, mutual aid, public help"),
    "split": Text("意見が分かれた質問", "Where the room disagreed most"),
    "prompts": Text("話し合いのきっかけ", "Prompts for discussion"),
    "principles": Text("関わる原則", "Principles at stake"),
    "forms": Text("合いそうな協働の形", "Forms that fit the room"),
    "questions": Text("話し合いたい問い", "Questions to talk about"),
    "notes": Text("自由記述", "Free text"),
    "compare": Text("比較", "Comparison"),
    "biggest": Text("変化の大きかった質問", "Questions that changed most"),
    "shift": Text("差", "change"),
    "nothing": Text("まだ回答がありません。", "No answers yet."),
    "unplaced": Text("まだ位置は決まっていません。", "Not placed yet."),
    "unplaced_hint": Text("まだ位置は決まっていません。「{prompt}」への回答があると、位置が決まります。",
                          'Not placed yet. Answers to "{prompt}" would place the room.'),
    "basis_dots": Text("個別回答 {n}人（一人ずつ、匿名）", "{n} individual answer sets (anonymous)"),
    "basis_tally": Text("挙手の集計（約{n}人）", "show of hands (about {n} people)"),
    "basis_both": Text("挙手の集計と個別回答 {p}人（合わせて約{n}人）",
                       "show of hands and {p} individual answer sets (about {n} people)"),
    "centre_line": Text("中心 {letter}（{centre:.2f}：{name}）、ばらつき +/-{spread:.2f}",
                        "Centre {letter} ({centre:.2f}: {name}), spread +/-{spread:.2f}"),
    "placed_line": Text("位置が決まった人 {placed}／{n}人、まだ位置は決まっていない人 {unplaced}人",
                        "{placed} of {n} placed, {unplaced} not placed yet"),
    "split_line": Text("分かれ具合 {score:.2f}（ばらけ方 {entropy:.2f}、A〜Eの幅 +/-{spread:.2f}）",
                       "disagreement {score:.2f} (evenness {entropy:.2f}, "
                       "A–E spread +/-{spread:.2f})"),
    "no_split": Text("大きく意見が分かれた質問はありません。",
                     "The room did not split on any question."),
    "unknown": Text("分からない", "don't know"),
    "participant": Text("参加者{n}", "participant {n}"),
    "pull_shift": Text("A〜Eで {shift:+.2f}", "{shift:+.2f} on A–E"),
    "hist_dots": Text("人数", "people"),
    "hist_tally": Text("回答の重みの割合", "share of answer weight"),
}


def _t(key: str, lang: Lang, **params: object) -> str:
    text = _L[key].get(lang)
    return text.format(**params) if params else text


# ---------------------------------------------------------------- cells


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_width(text))


def _col(position: float, width: int) -> int:
    return max(0, min(width - 1, round(position / 4.0 * (width - 1))))


def _ruler(width: int) -> tuple[str, str]:
    letters = [" "] * width
    ruler = ["-"] * width
    step = (width - 1) / 4
    for i, letter in enumerate(REGIONS):
        col = round(i * step)
        letters[col] = letter
        ruler[col] = "|"
    for i in range(4):
        ruler[round((i + 0.5) * step)] = "+"
    return "".join(letters).rstrip(), "".join(ruler)


def _range_row(centre: float, spread: float | None, width: int) -> str:
    row = [" "] * width
    s = spread or 0.0
    lo, hi, mid = _col(max(0.0, centre - s), width), _col(min(4.0, centre + s), width), \
        _col(centre, width)
    for i in range(lo, hi + 1):
        row[i] = "="
    if lo < hi:
        row[lo], row[hi] = "[", "]"
    row[mid] = "^"
    return "".join(row).rstrip()


def _dots_row(positions: Sequence[float], width: int) -> str:
    counts = [0] * width
    for p in positions:
        counts[_col(p, width)] += 1
    marks = {0: " ", 1: "o"}
    return "".join(marks.get(n, str(n) if n < 10 else "*") for n in counts).rstrip()


def strip_lines(pic: GroupPicture, lang: Lang, *, width: int = STRIP_WIDTH) -> list[str]:
    """The A–E strip: letters, ruler, a row of dots (one per participant), centre ± spread."""
    labels = [_t("dots", lang), _t("centre", lang)]
    lw = max(cell_width(x) for x in labels) + 1
    letters, ruler = _ruler(width)
    out = [" " * lw + letters, " " * lw + ruler]
    if pic.basis == "dots":
        out.append(_pad(labels[0], lw) + _dots_row(
            [d.position for d in pic.dots if d.position is not None], width))
    if pic.centre is not None:
        out.append(_pad(labels[1], lw) + _range_row(pic.centre, pic.spread, width))
    out.append(_t("legend" if pic.basis == "dots" else "legend_tally", lang))
    return [line.rstrip() for line in out]


def groups_strip_lines(rows: Sequence[tuple[str, float | None, float | None]],
                       *, width: int = STRIP_WIDTH) -> list[str]:
    """One row per group (label, centre, spread): every table as a dot on one strip."""
    lw = max((cell_width(label) for label, _, _ in rows), default=0) + 1
    letters, ruler = _ruler(width)
    out = [" " * lw + letters, " " * lw + ruler]
    for label, centre, spread in rows:
        out.append(_pad(label, lw) + ("" if centre is None else _range_row(centre, spread, width)))
    return [line.rstrip() for line in out]


def _bar(value: float, top: float, width: int) -> str:
    filled = 0 if top <= 0 else round(width * value / top)
    filled = max(0, min(width, filled))
    if value > 0 and filled == 0:
        filled = 1  # something is never drawn as nothing
    return "#" * filled + "." * (width - filled)


def histogram_lines(pic: GroupPicture, lang: Lang, *, width: int = BAR_WIDTH) -> list[str]:
    """One bar per letter: dots → how many people; tally → share of answer weight."""
    out: list[str] = []
    # every bar on one scale, 0-100 %, like the 自助・共助・公助 bars
    pcts = whole_percentages(pic.shares)
    if pic.basis == "dots":
        for letter, n, share, pct in zip(REGIONS, pic.histogram, pic.shares, pcts, strict=True):
            out.append(f"{letter} |{_bar(share, 1.0, width)}| {int(n):>3}  {pct:>3}%")
        out.append(f"({_t('hist_dots', lang)})")
    else:
        for letter, share, pct in zip(REGIONS, pic.shares, pcts, strict=True):
            out.append(f"{letter} |{_bar(share, 1.0, width)}| {pct:>3}%")
        out.append(f"({_t('hist_tally', lang)})")
    return out


def triad_lines(triad: tuple[float, float, float] | None,
                spread: tuple[float, float, float] | None, lang: Lang,
                *, width: int = BAR_WIDTH) -> list[str]:
    """One bar per share of 自助・共助・公助 (with ± its spread)."""
    if triad is None:
        return []
    names = [TRIAD_NAMES[k].get(lang) for k in TRIAD]
    lw = max(cell_width(n) for n in names) + 1
    out = []
    pcts = whole_percentages(triad)
    for k, name in enumerate(names):
        extra = f" +/-{spread[k]:.0%}" if spread is not None else ""
        out.append(f"{_pad(name, lw)}|{_bar(triad[k], 1.0, width)}| {pcts[k]:>3}%{extra}")
    return out


def _choice_label(question: Question, cid: str, lang: Lang) -> str:
    if cid == UNKNOWN:
        return _t("unknown", lang)
    choice = question.choice(cid)
    return choice.label.get(lang) if choice is not None else cid


def question_lines(stats: QuestionStats, lang: Lang, *, width: int = 16) -> list[str]:
    """How the room answered one question: a bar per choice (bar first, label last)."""
    out = []
    for cid, n in stats.counts.items():
        share = stats.shares.get(cid, 0.0)
        label = _choice_label(stats.question, cid, lang)
        out.append(f"|{_bar(share, 1.0, width)}| {n:>3} {share:>4.0%}  {label}")
    return out


# ---------------------------------------------------------------- markdown


def comparison_pairs(workshop: Workshop) -> list[tuple[Group, Group]]:
    """The pairs to compare: the recorded ones, or the two groups when there are two."""
    pairs = list(workshop.comparisons)
    if not pairs and len(workshop.groups) == 2:
        pairs = [(workshop.groups[0].id, workshop.groups[1].id)]
    out = []
    for a, b in pairs:
        ga, gb = workshop.group(a), workshop.group(b)
        if ga is not None and gb is not None:
            out.append((ga, gb))
    return out


def _basis(pic: GroupPicture, lang: Lang) -> str:
    if pic.basis == "dots":
        return _t("basis_dots", lang, n=pic.participants)
    if pic.participants:
        return _t("basis_both", lang, p=pic.participants, n=pic.people)
    return _t("basis_tally", lang, n=pic.people)


def _centre(pic: GroupPicture, lang: Lang, catalog: Catalog | None = None) -> str:
    if pic.centre is None or pic.letter is None:
        first = None
        if catalog is not None:
            placing = [q for q in catalog.questions if places_position(q)]
            placing.sort(key=lambda q: (-q.weight, q.order))
            first = placing[0] if placing else None
        if first is None:
            return _t("unplaced", lang)
        return _t("unplaced_hint", lang, prompt=first.prompt.get(lang))
    return _t("centre_line", lang, letter=pic.letter, centre=pic.centre,
              name=letter_names(catalog.municipality if catalog is not None else None)[
                  pic.letter].get(lang), spread=pic.spread or 0.0)


def _code(lines: Sequence[str]) -> list[str]:
    """A fenced block; the fence is longer than any run of backticks in a label, so no
    label can close it, and control characters never reach the file."""
    from kyodo_tui.core.neutral import printable

    shown = [printable(line, keep="") for line in lines]
    longest = max((len(run) for line in shown for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", *shown, fence, ""]


def _quote(text: str, lang: Lang) -> str:
    return f"「{text}」" if is_japanese(lang) else f'"{text}"'


def _group_section(catalog: Catalog, group: Group, lang: Lang, level: int,
                   include_notes: bool, cache: PlacementCache) -> list[str]:
    pic = picture(catalog, group, cache=cache)
    h = "#" * level
    out = [f"{h} {_one_line(group.label)}", ""]
    if pic.basis == "empty":
        return out + [_t("nothing", lang), ""]
    out += [_basis(pic, lang), ""]
    out += [f"{h}# {_t('spectrum', lang)}", ""]
    out += _code(strip_lines(pic, lang))
    out.append(_centre(pic, lang, catalog))
    if pic.basis == "dots":
        out[-1] += "（" if is_japanese(lang) else " ("
        out[-1] += _t("placed_line", lang, placed=pic.placed, n=pic.participants,
                      unplaced=pic.participants - pic.placed)
        out[-1] += "）" if is_japanese(lang) else ")"
    out.append("")
    out += [f"{h}# {_t('histogram', lang)}", ""]
    out += _code(histogram_lines(pic, lang))
    if pic.triad is not None:
        out += [f"{h}# {_t('triad', lang)}", ""]
        out += _code(triad_lines(pic.triad, pic.triad_spread, lang))
    out += [f"{h}# {_t('split', lang)}", ""]
    top = pic.disagreements(3)
    if not top:
        out += [_t("no_split", lang), ""]
    for i, s in enumerate(top, 1):
        out.append(f"{i}. {_quote(s.question.prompt.get(lang), lang)} — "
                   + _t("split_line", lang, score=s.disagreement or 0.0, entropy=s.entropy or 0.0,
                        spread=s.pull_spread or 0.0))
        out.append("")
        out += ["   " + line for line in _code(question_lines(s, lang))[:-1]]
        out.append("")
    pr = prompts(catalog, pic)
    out += [f"{h}# {_t('prompts', lang)}", ""]
    if pr.principles:
        out.append(f"**{_t('principles', lang)}**")
        out.append("")
        for p in pr.principles:
            out.append(f"- {p.principle.name.get(lang)}（{p.hands}票）: "
                       f"{p.principle.description.get(lang)}" if is_japanese(lang) else
                       f"- {p.principle.name.get(lang)} ({p.hands} hands): "
                       f"{p.principle.description.get(lang)}")
        out.append("")
    if pr.forms:
        out.append(f"**{_t('forms', lang)}**")
        out.append("")
        for f in pr.forms:
            regions = "・".join(f.form.regions) if is_japanese(lang) else ", ".join(f.form.regions)
            out.append(f"- {f.form.name.get(lang)}（{regions}）: {f.form.description.get(lang)}"
                       if is_japanese(lang) else
                       f"- {f.form.name.get(lang)} ({regions}): {f.form.description.get(lang)}")
        out.append("")
    texts = [r for r in pr.texts if r.code == "prompt.disagreement"]
    if texts:
        out.append(f"**{_t('questions', lang)}**")
        out.append("")
        out += [f"- {_one_line(r.text(lang))}" for r in texts]
        out.append("")
    if include_notes:
        out += _notes_section(catalog, group, lang, level + 1)
    return out


def _notes_section(catalog: Catalog, group: Group, lang: Lang, level: int) -> list[str]:
    notes: dict[str, list[str]] = {q: list(t) for q, t in group.notes.items()}
    for answers in group.participants:
        for qid, value in answers.items():
            q = catalog.question(qid)
            if q is not None and q.kind == "text" and isinstance(value, str) and value.strip():
                notes.setdefault(qid, []).append(value.strip())
    if not notes:
        return []
    order = {q.id: q.order for q in catalog.questions}
    out = [f"{'#' * level} {_t('notes', lang)}", ""]
    for qid in sorted(notes, key=lambda k: order.get(k, 1 << 30)):
        q = catalog.question(qid)
        prompt = q.prompt.get(lang) if q is not None else qid
        out.append(f"- {_quote(prompt, lang)}")
        out += [f"  - {_one_line(t)}" for t in notes[qid]]
    out.append("")
    return out


def _one_line(text: str) -> str:
    """User text on one Markdown line, kept literal (no HTML, links or headings)."""
    from kyodo_tui.core.neutral import md_inline

    return md_inline(" ".join(text.split()))


def _signed_pct(value: float) -> str:
    return f"{value * 100:+.0f}"


def _comparison_section(catalog: Catalog, a: Group, b: Group, lang: Lang,
                        cache: PlacementCache) -> list[str]:
    pa, pb = picture(catalog, a, cache=cache), picture(catalog, b, cache=cache)
    cmp: Comparison = compare(pa, pb)
    arrow = f"{_one_line(a.label)} -> {_one_line(b.label)}"
    out = [f"## {_t('compare', lang)}: {arrow}", "", _one_line(cmp.summary.text(lang)), ""]
    out += _code(groups_strip_lines([(a.label, pa.centre, pa.spread),
                                     (b.label, pb.centre, pb.spread)]))
    header = "| | " + " | ".join(REGIONS) + " |"
    out += [header, "|---" * (len(REGIONS) + 1) + "|"]
    for label, shares in ((a.label, pa.shares), (b.label, pb.shares)):
        out.append(f"| {_one_line(label)} | "
                   + " | ".join(f"{p}%" for p in whole_percentages(shares)) + " |")
    out.append(f"| {_t('shift', lang)} | "
               + " | ".join(_signed_pct(s) for s in cmp.letter_shift) + " |")
    out.append("")
    if cmp.triad_shift is not None:
        names = [TRIAD_NAMES[k].get(lang) for k in TRIAD]
        sep = "、" if is_japanese(lang) else ", "
        out.append(f"{_t('triad', lang)}: " + sep.join(
            f"{n} {_signed_pct(v)}pt" for n, v in zip(names, cmp.triad_shift, strict=True)))
        out.append("")
    changed = [s for s in cmp.questions if s.distance > 0][:3]
    if changed:
        out += [f"### {_t('biggest', lang)}", ""]
        for i, s in enumerate(changed, 1):
            moves = sorted(s.share_shift.items(), key=lambda kv: -abs(kv[1]))[:3]
            sep = "、" if is_japanese(lang) else ", "
            parts = sep.join(f"{_choice_label(s.question, cid, lang)} {_signed_pct(v)}pt"
                             for cid, v in moves if abs(v) > 1e-9)
            if s.pull_shift is not None:
                parts += ("（" if is_japanese(lang) else " (") + _t("pull_shift", lang,
                                                               shift=s.pull_shift) \
                    + ("）" if is_japanese(lang) else ")")
            out.append(f"{i}. {_quote(s.question.prompt.get(lang), lang)}: {parts}")
        out.append("")
    return out


def export_markdown(workshop: Workshop, catalog: Catalog, lang: Lang | None = None, *,
                    include_notes: bool = False) -> str:
    """The workshop record as Markdown, with the pictures as text.

    No names; free text (notes and text answers) only with ``include_notes``.
    """
    lang = lang or workshop.lang
    sep = "、" if is_japanese(lang) else ", "
    out = [f"# {_one_line(workshop.title)}", ""]
    group_desc = sep.join(_one_line(g.label) for g in workshop.groups) or "-"
    out += [f"- {_t('record', lang)}: {workshop.id}",
            f"- {_t('date', lang)}: {workshop.created.strftime('%Y-%m-%d %H:%M')}",
            f"- {_t('groups', lang)}: {len(workshop.groups)}（{group_desc}）" if is_japanese(lang)
            else f"- {_t('groups', lang)}: {len(workshop.groups)} ({group_desc})",
            f"- {_t('no_names', lang)}" + ("" if is_japanese(lang) else " ")
            + _t("with_notes" if include_notes else "no_notes", lang), ""]
    groups = list(workshop.groups)
    cache = PlacementCache(catalog)
    if len(groups) > 1:
        pics = [(g.label, picture(catalog, g, cache=cache)) for g in groups]
        out += [f"## {_t('overview', lang)}", ""]
        out += _code(groups_strip_lines([(label, p.centre, p.spread) for label, p in pics]))
        if has_whole_room(workshop):
            out += _group_section(catalog, room(workshop, lang), lang, 2, include_notes, cache)
        else:
            out += [_t("rounds_apart", lang), ""]
    for g in groups:
        out += _group_section(catalog, g, lang, 2, include_notes, cache)
    for a, b in comparison_pairs(workshop):
        out += _comparison_section(catalog, a, b, lang, cache)
    return "\n".join(out).rstrip("\n") + "\n"


def show_text(workshop: Workshop, catalog: Catalog, lang: Lang | None = None) -> str:
    """A short summary for the terminal: each group's centre, the strip, the histogram."""
    lang = lang or workshop.lang
    out = [workshop.title, f"{workshop.id}  {workshop.created.strftime('%Y-%m-%d %H:%M')}", ""]
    if not workshop.groups:
        return "\n".join([*out, _t("nothing", lang)]) + "\n"
    whole = room(workshop, lang)
    together = has_whole_room(workshop)
    groups = list(workshop.groups) + ([whole] if together else [])
    cache = PlacementCache(catalog)
    rows = []
    for g in groups:
        pic = picture(catalog, g, cache=cache)
        rows.append((g.label, pic.centre, pic.spread))
        out.append(f"{g.label}: " + (_t("nothing", lang) if pic.basis == "empty" else
                                     _basis(pic, lang) + " / " + _centre(pic, lang, catalog)))
    out.append("")
    out += groups_strip_lines(rows)
    out.append("")
    if len(workshop.groups) > 1 and not together:
        # rounds: the latest round's picture, never the two added up
        out += [_t("rounds_apart", lang), "", f"{workshop.groups[-1].label}:"]
    pic = picture(catalog, whole if together else workshop.groups[-1], cache=cache)
    if pic.basis != "empty":
        out += histogram_lines(pic, lang)
        out.append("")
        out += triad_lines(pic.triad, pic.triad_spread, lang)
        top = pic.disagreements(3)
        if top:
            out += ["", _t("split", lang) + ":"]
            out += [f"{i}. {_quote(s.question.prompt.get(lang), lang)} "
                    f"({s.disagreement or 0.0:.2f})" for i, s in enumerate(top, 1)]
    return "\n".join(out).rstrip("\n") + "\n"
