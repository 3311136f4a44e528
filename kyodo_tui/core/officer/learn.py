"""Words the learn screen explains side by side (issue 16), in our own words.

* 参加 and 協働 (003 第1章 3, lines 348-382)
* 共同・協同・協働 (001 「3つのきょうどう」, lines 129-139)
* 「協働に聖域はない」, except the municipality's own decision-making (002, lines 255-269)
* Bihoro's three patterns 町民主導・協力・行政主導 (000, lines 52-90), mapped to B, C, D

Pure Python, no Textual: the TUI and any export read the same entries.
"""

from __future__ import annotations

from dataclasses import dataclass

from kyodo_tui.core.model import Text
from kyodo_tui.core.officer.common import SEED_000, SEED_001, SEED_002, SEED_003, Cite


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    title: Text
    #: (label, text) pairs; an empty label is a plain line
    lines: tuple[tuple[Text, Text], ...]
    cites: tuple[Cite, ...]


_NONE = Text("", "")

ENTRIES: tuple[Entry, ...] = (
    Entry("participation", Text("参加と協働", "Taking part (参加) and collaboration (協働)"), (
        (Text("参加", "参加"), Text(
            "一人ひとりが自分の意思で、団体や行政の活動に加わることです。行事への参加だけでなく、"
            "委員に応募して計画づくりに加わることも参加です。自発的でなければ参加とはいえず、"
            "加わる以上は責任も伴います。",
            "An individual joining, of their own free will, an activity run by a group or the "
            "municipality. Applying to sit on a committee and help draft plans counts too. It "
            "is only 参加 if it is voluntary, and taking part carries responsibility.")),
        (Text("協働", "協働"), Text(
            "組織と組織が、行政だけでは解決できない課題に向けて、足りないところを補い合いながら"
            "共通の目的のために力を合わせることです。",
            "Organisations working with organisations: pooling what each lacks to reach a "
            "shared public goal on problems the municipality cannot solve alone.")),
        (_NONE, Text(
            "個人が自発的に組織に参加することで、組織どうしの協働が成り立ちます。大泉町の指針は、"
            "この二つを合わせて広い意味での協働と捉えています。",
            "Individuals joining organisations of their own accord is what makes collaboration "
            "between organisations possible; Oizumi's guideline counts the two together as "
            "collaboration in the broad sense.")),
    ), (Cite(SEED_003, 348, 382),)),
    Entry("kyodo3", Text("共同・協同・協働", "Three words read きょうどう"), (
        (Text("共同", "共同"), Text("同じ仕事をする人が、一緒に行動する（使う）こと。",
                                 "People doing the same work act (or use something) together.")),
        (Text("協同", "協同"), Text("同じ目標を持つ人が、力を合わせて行動すること。",
                                 "People with the same goal join forces.")),
        (Text("協働", "協働"), Text(
            "立場や活動の違う者どうしが、対等な立場で互いの役割と責任を認め合い、補い合って"
            "行動すること。まちづくりでいう「きょうどう」はこれです。",
            "Parties with different standpoints and activities act as equals, recognise each "
            "other's roles and responsibilities and make up for each other. This is the "
            "きょうどう of community building.")),
    ), (Cite(SEED_001, 129, 139),)),
    Entry("no-sanctuary", Text("協働に聖域はない", "No area is closed to collaboration"), (
        (_NONE, Text(
            "協働の取り組みは B から D の領域で行われることが多いといわれますが、広い意味での協働は"
            "どの分野でもできます。",
            "Collaboration mostly happens in regions B to D, but in the broad sense it is "
            "possible in every field.")),
        (Text("例外", "The exception"), Text(
            "行政の意思決定そのものは除きます。委員会や懇談会で意見を出しても、最後に決めて責任を"
            "負うのは行政です。",
            "The municipality's own decision-making. Citizens may advise in committees and "
            "meetings, but the final decision, and the responsibility for it, stay with the "
            "municipality.")),
    ), (Cite(SEED_002, 255, 269),)),
    Entry("patterns", Text("美幌町の三つのパターン", "Bihoro's three patterns"), (
        (Text("B 町民主導", "B 町民主導 (citizens lead)"), Text(
            "主体は町民側で、行政は補助・助成などで支援します。形：補助・助成、後援、事業協力。",
            "Residents lead; the municipality supports, for example with grants. Forms: "
            "grants, endorsement, working together on a project.")),
        (Text("C 協力", "C 協力 (as equals)"), Text(
            "町民と行政が共催などで一緒に事業を行います。形：共催、実行委員会・協議会、"
            "情報交換・情報提供。",
            "Residents and the municipality run the project together, for example as "
            "co-hosts. Forms: co-hosting, joint committees, exchanging information.")),
        (Text("D 行政主導", "D 行政主導 (the municipality leads)"), Text(
            "主体は行政側で、事業の実施を民間に委託するなどして行います。形：事業委託、"
            "企画・計画立案への参画、事業協力。",
            "The municipality leads and has the work carried out by others, for example by "
            "commissioning. Forms: commissioning, taking part in planning, working together "
            "on a project.")),
        (_NONE, Text(
            "その外側に、町民が主体的に活動する領域（A）と、行政が単独で活動する領域（E）があります。",
            "Outside them lie residents' own activity (A) and the municipality acting alone "
            "(E).")),
    ), (Cite(SEED_000, 52, 90),)),
)

__all__ = ["ENTRIES", "Entry"]
