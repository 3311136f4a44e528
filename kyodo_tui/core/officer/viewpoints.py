"""協働すべきか: walk a planned project through Hokkaido's five viewpoints.

Seed 004 Ⅳ-1 「協働を導入する際の視点」 (lines 385-410) names five questions to ask
before choosing to collaborate; 003 adds that 協働 is a means, not an end, so the
municipality alone, the residents alone or both together may be the better way
(003 lines 285-289). The result here says whether collaboration fits, which A-E
regions and forms would, and why, each reason citing its seed lines.

Pure Python, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.model import REGIONS, Catalog, Form, Lang, Text
from kyodo_tui.core.officer.common import (
    LEVELS,
    SEED_000,
    SEED_001,
    SEED_002,
    SEED_003,
    SEED_004,
    Cite,
    InputFile,
    OfficerInputError,
    level_text,
)

#: the five viewpoints' ids in catalog/viewpoints.toml (004 lines 388-400).
VIEWPOINTS: tuple[str, ...] = ("needs", "traits", "efficiency", "form", "partner")
#: citizens' traits 004 names (柔軟性、機動性、専門性、先駆性; 004 line 391).
TRAITS: tuple[str, ...] = ("flexibility", "mobility", "expertise", "pioneering")
TRAIT_TEXT: dict[str, Text] = {
    "flexibility": Text("柔軟性", "flexibility"),
    "mobility": Text("機動性", "quick action"),
    "expertise": Text("専門性", "expertise"),
    "pioneering": Text("先駆性", "pioneering"),
}
#: who should lead the project (000's three patterns 町民主導・協力・行政主導).
LEADS: tuple[str, ...] = ("citizens", "both", "government", "unknown")
LEAD_TEXT: dict[str, Text] = {
    "citizens": Text("住民側が主導（町民主導）", "citizens lead (町民主導)"),
    "both": Text("双方が対等に（協力）", "both as equals (協力)"),
    "government": Text("行政が主導（行政主導）", "the municipality leads (行政主導)"),
    "unknown": Text("まだ決めていない", "not decided yet"),
}
LEAD_REGION: dict[str, str] = {"citizens": "B", "both": "C", "government": "D"}

Verdict = Literal["fits", "check", "not_yet", "not_fit"]
VERDICT_TEXT: dict[str, Text] = {
    "fits": Text("協働で進めるのがふさわしい", "Collaboration fits this project"),
    "check": Text("協働が合いそう。まだ確かめることがある",
                  "Collaboration may fit; some points still need checking"),
    "not_yet": Text("協働は考えられるが、形か相手をまだ選べない",
                    "Collaboration is possible, but no form or partner can be chosen yet"),
    "not_fit": Text("協働で進める理由が見当たらない",
                    "There is no reason here to collaborate"),
}

C_VIEWPOINTS = Cite(SEED_004, 385, 410)
C_MEANS = Cite(SEED_003, 285, 289)
C_PATTERNS = Cite(SEED_000, 54, 63)
C_BTOD = Cite(SEED_002, 257, 268)
C_METHOD = Cite(SEED_003, 996, 1002)
C_PARTNER = Cite(SEED_003, 1004, 1014)
C_ITAKU = Cite(SEED_003, 877, 889)
C_ITAKU_001 = Cite(SEED_001, 260, 263)


@dataclass(frozen=True, slots=True)
class ViewpointAnswers:
    """A planned project and the officer's answer to each viewpoint."""

    project: str = ""
    purpose: str = ""
    lead: str = "unknown"
    traits: tuple[str, ...] = ()
    #: forms the officer is considering (catalog form ids)
    forms: tuple[str, ...] = ()
    #: viewpoint id -> level (yes / partly / no / unknown)
    answers: dict[str, str] = field(default_factory=dict)

    def level(self, viewpoint: str) -> str:
        return self.answers.get(viewpoint, "unknown")

    def to_dict(self) -> dict[str, Any]:
        return {"project": self.project, "purpose": self.purpose, "lead": self.lead,
                "traits": list(self.traits), "forms": list(self.forms),
                "answers": dict(self.answers)}


@dataclass(frozen=True, slots=True)
class Why:
    """One reason, in both languages, with the seed lines it rests on."""

    text: Text
    cites: tuple[Cite, ...]

    def render(self, lang: Lang) -> str:
        return f"{self.text.get(lang)} [{', '.join(str(c) for c in self.cites)}]"


@dataclass(frozen=True, slots=True)
class RegionFit:
    letter: str
    score: int
    why: tuple[Why, ...]


@dataclass(frozen=True, slots=True)
class FormFit:
    form: Form
    considered: bool
    in_regions: bool
    why: Why


@dataclass(frozen=True, slots=True)
class ViewpointResult:
    verdict: Verdict
    reasons: tuple[Why, ...]
    regions: tuple[RegionFit, ...]
    forms: tuple[FormFit, ...]
    #: viewpoints not answered "yes" (what to look at next)
    open_points: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "regions": [r.letter for r in self.regions],
            "forms": [f.form.id for f in self.forms],
            "open": list(self.open_points),
            "reasons": [{"ja": w.text.ja, "en": w.text.en, "cite": [str(c) for c in w.cites]}
                        for w in self.reasons],
        }


def _vp_name(catalog: Catalog, vid: str, lang: Lang) -> str:
    vp = catalog.viewpoints.get(vid)
    return vp.name.get(lang) if vp else vid


def _regions(answers: ViewpointAnswers) -> tuple[RegionFit, ...]:
    lead = answers.lead
    if lead in LEAD_REGION:
        letter = LEAD_REGION[lead]
        why = Why(Text(f"主導するのが{LEAD_TEXT[lead].ja}なので領域{letter}です。",
                       f"{LEAD_TEXT[lead].en.capitalize()}, so region {letter}."),
                  (C_PATTERNS, C_BTOD))
        return (RegionFit(letter, 3, (why,)),)
    scores: dict[str, int] = {"B": 0, "C": 0, "D": 0}
    whys: dict[str, list[Why]] = {"B": [], "C": [], "D": []}
    soft = [t for t in answers.traits if t in ("flexibility", "mobility", "pioneering")]
    if soft:
        names = Text("・".join(TRAIT_TEXT[t].ja for t in soft),
                     ", ".join(TRAIT_TEXT[t].en for t in soft))
        w = Why(Text(f"市民の{names.ja}は、市民が主導するか対等に進めるときに活きます。",
                     f"Citizens' {names.en} count most when citizens lead or lead as equals."),
                (Cite(SEED_004, 392, 393), C_PATTERNS))
        for letter in ("B", "C"):
            scores[letter] += len(soft)
            whys[letter].append(w)
    if "expertise" in answers.traits:
        w = Why(Text("市民の専門性は、対等な事業協力や、行政の事業の委託で活かせます。",
                     "Citizens' expertise can be used in a joint project or when the "
                     "municipality commissions its own work to them."),
                (Cite(SEED_004, 392, 393), C_ITAKU, C_ITAKU_001))
        for letter in ("C", "D"):
            scores[letter] += 1
            whys[letter].append(w)
    if answers.level("efficiency") == "yes":
        w = Why(Text("行政の効率化がねらいなら、行政が主導し市民の力を借りる形も考えられます。",
                     "If the aim is a more efficient municipality, a municipality-led form "
                     "drawing on citizens is worth considering."),
                (Cite(SEED_004, 396, 396), C_ITAKU))
        scores["D"] += 1
        whys["D"].append(w)
    if not any(scores.values()):
        w = Why(Text("誰が主導するかまだ決まっていません。協働の多くは B〜D の領域で行われます。",
                     "Who leads is not decided yet; most collaboration happens in regions B to D."),
                (C_BTOD,))
        return tuple(RegionFit(letter, 0, (w,)) for letter in ("B", "C", "D"))
    ranked = sorted((letter for letter in scores if scores[letter] > 0),
                    key=lambda letter: (-scores[letter], letter))
    return tuple(RegionFit(letter, scores[letter], tuple(whys[letter])) for letter in ranked)


#: at most this many forms are suggested besides those the officer is considering.
MAX_FORMS = 6


def _forms(catalog: Catalog, answers: ViewpointAnswers,
           regions: tuple[RegionFit, ...]) -> tuple[FormFit, ...]:
    """Forms in the best-fitting regions (ties kept), plus every form being considered."""
    top = max((r.score for r in regions), default=0)
    letters = [r.letter for r in regions if r.score == top]
    out: list[FormFit] = []
    for form in catalog.forms.values():
        considered = form.id in answers.forms
        shared = [letter for letter in REGIONS if letter in letters and letter in form.regions]
        if not shared and not considered:
            continue
        if shared:
            why = Why(Text(f"領域{'・'.join(shared)}の形です。{form.leads.ja}",
                           f"A form of region {'/'.join(shared)}. {form.leads.en}"),
                      (C_METHOD,))
        else:
            why = Why(Text(f"検討中の形ですが、示した領域（{'・'.join(letters)}）の外です。"
                           f"{form.leads.ja}",
                           f"Being considered, but outside the regions shown "
                           f"({'/'.join(letters)}). {form.leads.en}"), (C_METHOD,))
        out.append(FormFit(form, considered, bool(shared), why))

    def rank(f: FormFit) -> tuple[int, int, int, str]:
        # a form made for exactly these regions before one spanning many
        return (0 if f.considered else 1, 0 if f.in_regions else 1, len(f.form.regions),
                f.form.id)

    ranked = sorted(out, key=rank)
    kept = [f for f in ranked if f.considered]
    kept += [f for f in ranked if not f.considered][:MAX_FORMS]
    return tuple(kept)


def assess(catalog: Catalog, answers: ViewpointAnswers) -> ViewpointResult:
    """Whether collaboration fits the planned project, where and how, and why."""
    reasons: list[Why] = []
    level = answers.level
    open_points = tuple(v for v in VIEWPOINTS if level(v) != "yes")
    verdict: Verdict
    if level("needs") == "no":
        verdict = "not_fit"
        reasons.append(Why(Text(
            "協働にしても住民のニーズや地域の課題により良く応えられないなら、協働にする理由はありません。"
            "協働は手段であって目的ではありません。行政だけで行うか（領域E）、住民の自主的な活動に"
            "任せるか（領域A）を考えましょう。",
            "If working together would not meet residents' needs or local problems better, "
            "there is no reason to collaborate: collaboration is a means, not an end. Consider "
            "the municipality doing it alone (region E) or leaving it to residents' own "
            "activity (region A)."), (Cite(SEED_004, 388, 389), C_MEANS)))
        regions = (
            RegionFit("E", 0, (Why(Text("行政が単独で責任を持って行う領域。",
                                        "The municipality acts alone and answers for it."),
                                   (C_MEANS, C_BTOD)),)),
            RegionFit("A", 0, (Why(Text("住民が主体的に活動する領域。",
                                        "Residents act on their own initiative."),
                                   (C_MEANS, C_BTOD)),)),
        )
        return ViewpointResult(verdict, tuple(reasons), regions, (), open_points)
    regions = _regions(answers)
    forms = _forms(catalog, answers, regions)
    blocked = [v for v in ("form", "partner") if level(v) == "no"]
    if blocked:
        verdict = "not_yet"
        if "form" in blocked:
            reasons.append(Why(Text(
                "目的と見込まれる成果に合う協働の形がまだ選べません。手法の検討に戻りましょう。",
                "No form yet fits the purpose and the results expected: go back to choosing "
                "the method."), (Cite(SEED_004, 398, 398), C_METHOD)))
        if "partner" in blocked:
            reasons.append(Why(Text(
                "目的に合うパートナーがまだ選べません。日頃から情報を集め、公募など公平な方法で"
                "選びましょう。",
                "No suitable partner can be chosen yet: gather information all the time and "
                "choose fairly, for example by open call."), (Cite(SEED_004, 400, 410),
                                                              C_PARTNER)))
    elif (level("needs") == "yes" and level("form") in ("yes", "partly")
          and level("partner") in ("yes", "partly")
          and "yes" in (level("traits"), level("efficiency"))
          and "unknown" not in (level(v) for v in VIEWPOINTS)):
        verdict = "fits"
    else:
        verdict = "check"
    if level("needs") == "yes":
        reasons.append(Why(Text("協働にすることで、ニーズや課題により効果的に応えられます。",
                                "Working together answers needs and problems more effectively."),
                           (Cite(SEED_004, 388, 389),)))
    if level("traits") == "yes":
        picked = "・".join(TRAIT_TEXT[t].ja for t in answers.traits) or "柔軟性・機動性・専門性・先駆性"
        picked_en = (", ".join(TRAIT_TEXT[t].en for t in answers.traits)
                     or "flexibility, quick action, expertise, pioneering")
        reasons.append(Why(Text(f"市民の特性（{picked}）を活かせます。",
                                f"Citizens' strengths can be used: {picked_en}."),
                           (Cite(SEED_004, 392, 393),)))
    if level("efficiency") == "yes":
        reasons.append(Why(Text("行政の効率化につながります。", "It makes the municipality more "
                                                                  "efficient."),
                           (Cite(SEED_004, 396, 396),)))
    if level("traits") == "no" and level("efficiency") == "no":
        reasons.append(Why(Text(
            "市民の特性も行政の効率化も見込めません。行政が行った方が良いのか、住民が行った方が良いのか、"
            "協働が良いのかを改めて見極めましょう。",
            "Neither citizens' strengths nor a more efficient municipality is expected: weigh "
            "again whether the municipality, the residents or both together should do it."),
            (C_MEANS,)))
    for vid in VIEWPOINTS:
        if level(vid) in ("partly", "unknown") and verdict != "not_fit":
            reasons.append(Why(Text(f"まだ確かめること：{_vp_name(catalog, vid, 'ja')}"
                                    f"（{level_text(level(vid), 'ja')}）",
                                    f"Still to check: {_vp_name(catalog, vid, 'en')} "
                                    f"({level_text(level(vid), 'en')})"), (C_VIEWPOINTS,)))
    return ViewpointResult(verdict, tuple(reasons), regions, forms, open_points)


# ---------------------------------------------------------------- input file

def load_viewpoint_answers(path: Path | str, catalog: Catalog, *,
                           text: str | None = None) -> ViewpointAnswers:
    """Read a viewpoints answers file (TOML); every problem located by path:line."""
    f = InputFile(path, text=text)
    allowed = ("project", "purpose", "lead", "traits", "forms", "answers")
    f.unknown_keys(f.data, allowed)
    project = f.string("project", limit=200)
    purpose = f.string("purpose")
    lead = f.choice("lead", LEADS, default="unknown") or "unknown"
    traits = f.ids("traits", TRAITS)
    forms = f.ids("forms", tuple(catalog.forms))
    answers = f.levels("answers", VIEWPOINTS)
    f.done()
    return ViewpointAnswers(project, purpose, lead, traits, forms, answers)


def from_dict(data: Any, where: str) -> ViewpointAnswers:
    """Saved officer data back into answers (bad values are reported, not guessed)."""
    if not isinstance(data, dict):
        raise OfficerInputError(_p(where, "officer.viewpoints must be a table"))
    answers = data.get("answers", {})
    if not isinstance(answers, dict) or any(
            k not in VIEWPOINTS or v not in LEVELS for k, v in answers.items()):
        raise OfficerInputError(_p(where, "officer.viewpoints.answers: unknown viewpoint "
                                          "or level"))
    lead = data.get("lead", "unknown")
    if lead not in LEADS:
        raise OfficerInputError(_p(where, f"officer.viewpoints.lead: {lead!r} is not one of "
                                          f"{', '.join(LEADS)}"))
    traits = data.get("traits", [])
    forms = data.get("forms", [])
    if not isinstance(traits, list) or any(t not in TRAITS for t in traits):
        raise OfficerInputError(_p(where, "officer.viewpoints.traits: unknown trait"))
    if not isinstance(forms, list) or any(not isinstance(x, str) for x in forms):
        raise OfficerInputError(_p(where, "officer.viewpoints.forms must be form ids"))
    return ViewpointAnswers(str(data.get("project", "")), str(data.get("purpose", "")), lead,
                            tuple(traits), tuple(forms), dict(answers))


def _p(where: str, message: str) -> Any:
    from kyodo_tui.core.errors import Problem

    return Problem(where, 0, message)


def render(catalog: Catalog, answers: ViewpointAnswers, result: ViewpointResult,
           lang: Lang) -> str:
    """The result as plain text (the CLI's output; the TUI shows the same parts)."""
    ja = is_japanese(lang)
    lines: list[str] = []
    title = answers.project or ("（無題の事業）" if ja else "(untitled project)")
    lines.append(("協働すべきか: " if ja else "Should we collaborate: ") + title)
    lines.append("")
    for vid in VIEWPOINTS:
        lines.append(f"  [{level_text(answers.level(vid), lang)}] {_vp_name(catalog, vid, lang)}")
    lines.append("")
    lines.append(("結果: " if ja else "Result: ") + VERDICT_TEXT[result.verdict].get(lang))
    for why in result.reasons:
        lines.append("  - " + why.render(lang))
    lines.append("")
    lines.append("領域:" if ja else "Regions:")
    for region in result.regions:
        for why in region.why:
            lines.append(f"  {region.letter}: {why.render(lang)}")
    if result.forms:
        lines.append("")
        lines.append("協働の形:" if ja else "Forms:")
        for fit in result.forms:
            mark = ("（検討中）" if ja else " (considered)") if fit.considered else ""
            src = ", ".join(fit.form.source)
            lines.append(f"  {fit.form.name.get(lang)}{mark} [{fit.form.id}; "
                         f"{'・'.join(fit.form.regions)}]")
            lines.append(f"    {fit.why.render(lang)} ({src})")
    lines.append("")
    source = ("出典: 北海道の指針 IV-1 「協働を導入する際の視点」 " if ja else
              "Source: Hokkaido guideline IV-1, viewpoints for deciding whether to "
              "collaborate: ")
    lines.append(source + str(C_VIEWPOINTS))
    return "\n".join(lines) + "\n"


__all__ = [
    "LEADS", "LEAD_TEXT", "TRAITS", "TRAIT_TEXT", "VERDICT_TEXT", "VIEWPOINTS",
    "FormFit", "RegionFit", "ViewpointAnswers", "ViewpointResult", "Why",
    "assess", "from_dict", "load_viewpoint_answers", "render",
]
