"""A 協定書 outline in Markdown from a two-party session (003 協働への合意).

Seed 003 (lines 1028-1037): before carrying out the project, both sides agree
and put in writing, in a contract or agreement (契約書・協定書), the purpose,
the division of roles and responsibilities, the sharing of costs, the deadline
and schedule, and the handling of personal data. The evaluation (003 lines
1057-1069; 004 lines 427-428) is added as the outline's last item.

Each item is filled from what the two records say (the officer's viewpoints,
the forms considered or recommended to both, the questionnaire's free-text
answers, the partner checklist and evaluations) and left blank where they say
nothing. The outline holds no legal wording beyond what the seeds say: it is a
starting point for the two parties, not a contract.

Pure Python, no Textual.
"""

from __future__ import annotations

from pathlib import Path

from kyodo_tui.core.langs import is_japanese
from kyodo_tui.core.errors import KyodoInputError
from kyodo_tui.core.model import Catalog, Form, Lang
from kyodo_tui.core.officer.common import SEED_003, SEED_004, Cite, OfficerInputError
from kyodo_tui.core.officer.record import officer_data
from kyodo_tui.core.storage import Session

C_AGREE = Cite(SEED_003, 1028, 1037)
C_EVAL = Cite(SEED_003, 1057, 1069)
C_REVIEW = Cite(SEED_004, 427, 428)
BLANK = "____"

#: the items, in 003's order, then the evaluation.
ITEMS: tuple[str, ...] = ("purpose", "roles", "costs", "period", "personal_data",
                          "evaluation")
HEADINGS: dict[str, tuple[str, str]] = {
    "purpose": ("事業の目的", "Purpose of the project"),
    "roles": ("役割と責任の分担", "Roles and responsibilities"),
    "costs": ("費用の負担", "Sharing of costs"),
    "period": ("実施の期限とスケジュール", "Deadline and schedule"),
    "personal_data": ("個人情報の取り扱い", "Handling of personal data"),
    "evaluation": ("評価", "Evaluation"),
}


def _md(text: str) -> str:
    """User text made safe for one Markdown line (no headings, lists or HTML from it)."""
    text = " ".join(text.split())
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def _forms(catalog: Catalog, citizen: Session, government: Session) -> list[Form]:
    """The forms to agree on: those the officer considered, else those both were shown."""
    data = officer_data(government)
    ids: list[str] = list(data.viewpoints.forms) if data.viewpoints else []
    if not ids:
        a = citizen.recommendations.forms if citizen.recommendations else ()
        b = set(government.recommendations.forms if government.recommendations else ())
        ids = [f for f in a if f in b][:3]
    return [catalog.forms[f] for f in ids if f in catalog.forms]


def _text_answers(catalog: Catalog, session: Session, lang: Lang) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for q in catalog.questions:
        value = session.answers.get(q.id)
        if q.kind == "text" and isinstance(value, str) and value.strip() and value != "unknown":
            out.append((q.prompt.get(lang), value.strip()))
    return out


def outline(catalog: Catalog, citizen: Session, government: Session, lang: Lang) -> str:
    """The outline as Markdown (filled where the records say something)."""
    if citizen.party == "government" or government.party == "citizen":
        citizen, government = government, citizen
    ja = is_japanese(lang)
    names = ("住民側" if ja else "Citizen side", "行政側" if ja else "Municipality")
    g_data = officer_data(government)
    c_data = officer_data(citizen)
    out: list[str] = []
    title = "協定書の骨子（案）" if ja else "Outline of an agreement (協定書, draft)"
    project = g_data.viewpoints.project if g_data.viewpoints else ""
    out.append(f"# {title}" + (f": {_md(project)}" if project else ""))
    out.append("")
    out.append("協働への合意に当たって取り決め、文書にしておく事項です（大泉町の指針）。"
                "記録に答えがある項目は埋め、ない項目は空けてあります。契約の文面ではありません。"
                if ja else
                "The matters both sides agree on and put in writing before the project starts "
                "(Oizumi's guideline). Items the records answer are filled in; the rest are "
                "left blank. This is not contract wording.")
    out.append(f"出典: {C_AGREE}" if ja else f"Source: {C_AGREE}")
    out.append("")
    out.append("## " + ("当事者" if ja else "Parties"))
    for name, s in zip(names, (citizen, government), strict=True):
        label = _md(s.label) if s.label.strip() else BLANK
        out.append(f"- {name}: {label} ({s.id})")
    out.append("")

    def heading(n: int, key: str) -> None:
        out.append(f"## {n}. {HEADINGS[key][0 if ja else 1]}")

    # 1 purpose
    heading(1, "purpose")
    filled = False
    if g_data.viewpoints and (g_data.viewpoints.project or g_data.viewpoints.purpose):
        v = g_data.viewpoints
        if v.project:
            out.append(f"- {'事業名' if ja else 'Project'}: {_md(v.project)}")
        if v.purpose:
            out.append(f"- {'目的' if ja else 'Purpose'}: {_md(v.purpose)}")
        filled = True
    for name, s in zip(names, (citizen, government), strict=True):
        for prompt, answer in _text_answers(catalog, s, lang):
            out.append(f"- {name}「{_md(prompt)}」: {_md(answer)}" if ja else
                       f"- {name}, \"{_md(prompt)}\": {_md(answer)}")
            filled = True
    if not filled:
        out.append(f"- {BLANK}")
    out.append("")

    # 2 roles
    heading(2, "roles")
    forms = _forms(catalog, citizen, government)
    if forms:
        for form in forms:
            out.append(f"- {'協働の形' if ja else 'Form'}: {_md(form.name.get(lang))} "
                       f"({'・'.join(form.regions)}; {', '.join(form.source)})")
            out.append(f"  - {names[0]}: {_md(form.citizens_bring.get(lang))}")
            out.append(f"  - {names[1]}: {_md(form.government_brings.get(lang))}")
            out.append(f"  - {'責任' if ja else 'Responsibility'}: "
                       f"{_md(form.responsibility.get(lang))}")
    out.append(f"- {names[0]}: {BLANK}")
    out.append(f"- {names[1]}: {BLANK}")
    out.append("")

    # 3 costs, 4 period: the records hold nothing about them
    heading(3, "costs")
    out.append(f"- {names[0]}: {BLANK}")
    out.append(f"- {names[1]}: {BLANK}")
    out.append("")
    heading(4, "period")
    out.append(f"- {'期限' if ja else 'Deadline'}: {BLANK}")
    out.append(f"- {'スケジュール' if ja else 'Schedule'}: {BLANK}")
    out.append("")

    # 5 personal data
    heading(5, "personal_data")
    out.append(f"- {'扱う個人情報' if ja else 'Personal data handled'}: {BLANK}")
    out.append(f"- {'管理する側と方法' if ja else 'Who keeps it, and how'}: {BLANK}")
    out.append("")

    # 6 evaluation
    heading(6, "evaluation")
    out.append(("- 事業の完了後、目的の達成と協働による相乗効果を双方で評価し、"
                "成果の受益者の意見も踏まえる" if ja else
                "- After the project, both sides evaluate whether it reached its purpose and "
                "whether working together achieved more, taking the beneficiaries' views into "
                "account") + f" ({C_EVAL}, {C_REVIEW})")
    dates = [e.at for e in g_data.evaluations + c_data.evaluations]
    if dates:
        out.append(f"- {'これまでの評価' if ja else 'Evaluations so far'}: "
                   f"{len(dates)} ({min(dates)[:10]} - {max(dates)[:10]})")
    out.append(f"- {'評価の時期と方法' if ja else 'When and how'}: {BLANK}")
    out.append("")
    return "\n".join(out)


def write_new(path: Path | str, text: str) -> Path:
    """Write ``text`` to a new file (0600, atomically); an existing file is never
    overwritten (exit 2)."""
    from kyodo_tui.core.export import write_new_file

    target = Path(path)
    try:
        write_new_file(target, text.encode("utf-8"))
    except KyodoInputError as exc:
        raise OfficerInputError(exc.problems) from None
    return target


__all__ = ["HEADINGS", "ITEMS", "outline", "write_new"]
