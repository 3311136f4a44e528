"""The catalog's data model: plain, immutable dataclasses. No Textual, no I/O.

Every user-facing string is a :class:`Text` holding Japanese and English.
The on-disk format is documented in ``docs/catalog-format.md``.
"""

from __future__ import annotations

import re
from typing import Literal

from kyodo_tui.core.records import dataclass, field

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")

#: The A–E spectrum (協働の領域), in order from citizen-led to government-alone.
REGIONS: tuple[str, ...] = ("A", "B", "C", "D", "E")
#: The three help levels 自助・共助・公助, in order.
TRIAD: tuple[str, ...] = ("self", "mutual", "public")

#: Reserved choice id meaning 「分からない」 (not the same as skipping a question).
UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Text:
    """One user-facing string in both languages."""

    ja: str
    en: str

    def get(self, lang: Lang) -> str:
        # やさしい日本語 falls back to Japanese, any other language to English
        # (core.langs.chain); the catalog's own languages come with issue 17's catalog part
        return self.ja if lang == "ja" or lang.startswith("ja-") else self.en


#: the kinds of municipality a catalog can name (``[municipality] kind``)
MUNICIPALITY_KINDS: tuple[str, ...] = ("city", "town", "village", "ward")

#: what ``{town}`` and ``{office}`` say for each kind (ja, en); "" is the plain default
_TOWN_WORDS: dict[str, tuple[str, str]] = {
    "": ("まち", "your town"), "city": ("市", "the city"), "town": ("町", "the town"),
    "village": ("村", "the village"), "ward": ("区", "the ward"),
}
_OFFICE_WORDS: dict[str, tuple[str, str]] = {
    "": ("役所", "the town hall"), "city": ("市役所", "the city hall"),
    "town": ("役場", "the town hall"), "village": ("役場", "the village office"),
    "ward": ("区役所", "the ward office"),
}


@dataclass(frozen=True, slots=True)
class Municipality:
    """The town a catalog is for: its name and kind, set once (``[municipality]``).

    Catalog texts say ``{town}`` and ``{office}``; :meth:`fill` puts in 「美幌町」「役場」
    for a town named 美幌町, 「市」「市役所」 for an unnamed city, or the plain default
    「まち」「役所」 when the catalog names none.
    """

    name: Text | None = None
    kind: str = ""
    office: Text | None = None

    def words(self, lang: Lang) -> dict[str, str]:
        """The placeholder words in ``lang``: ``{"town": ..., "office": ...}``."""
        i = 0 if lang == "ja" or lang.startswith("ja-") else 1
        town = self.name.get(lang) if self.name is not None else _TOWN_WORDS.get(
            self.kind, _TOWN_WORDS[""])[i]
        office = self.office.get(lang) if self.office is not None else _OFFICE_WORDS.get(
            self.kind, _OFFICE_WORDS[""])[i]
        return {"town": town, "office": office}

    def fill(self, text: Text) -> Text:
        """``text`` with ``{town}`` and ``{office}`` put in, both languages."""
        if "{" not in text.ja and "{" not in text.en:
            return text
        return Text(fill_placeholders(text.ja, self.words("ja")),
                    fill_placeholders(text.en, self.words("en")))


#: the placeholders a catalog text may use
PLACEHOLDERS: tuple[str, ...] = ("town", "office")


_PLACEHOLDER_RE = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


def fill_placeholders(text: str, words: dict[str, str]) -> str:
    """Replace ``{town}``-style placeholders; any other brace is left as written.
    A word that starts a sentence starts with a capital ("The town office ...")."""

    def put(m: re.Match[str]) -> str:
        word = words.get(m.group(1), m.group(0))
        before = text[:m.start()].rstrip()
        if word and (not before or before[-1] in ".!?:"):
            word = word[0].upper() + word[1:]
        return word

    return _PLACEHOLDER_RE.sub(put, text)


def placeholders_in(text: str) -> list[str]:
    """Every ``{word}`` in ``text`` (known or not), for the catalog check."""
    return re.findall(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", text)


@dataclass(frozen=True, slots=True)
class Where:
    """Where an entry came from, for error messages: file and 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Field:
    """A field of activity (分野, seed 002) or a theme (課題, seed 000)."""

    id: str
    name: Text
    reading: str
    kind: Literal["field", "theme"]
    description: Text
    source: tuple[str, ...]
    where: Where | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor type (主体) with its roles (000 §5, 001, 003 第4章)."""

    id: str
    name: Text
    kind: Literal["individual", "group", "government"]
    description: Text
    roles: tuple[Text, ...]
    effects: tuple[Text, ...]
    source: tuple[str, ...]
    where: Where | None = None


@dataclass(frozen=True, slots=True)
class Form:
    """A form of collaboration (協働の形態)."""

    id: str
    name: Text
    reading: str
    regions: tuple[str, ...]
    leads: Text
    description: Text
    citizens_bring: Text
    government_brings: Text
    effect: Text
    cautions: Text
    responsibility: Text
    actors: tuple[str, ...]
    source: tuple[str, ...]
    where: Where | None = None


@dataclass(frozen=True, slots=True)
class Principle:
    """A principle of collaboration (協働の原則), merged across seeds."""

    id: str
    name: Text
    description: Text
    source: tuple[str, ...]
    where: Where | None = None


@dataclass(frozen=True, slots=True)
class CycleStep:
    """One step of the collaboration cycle (協働のサイクル, 003 第3章)."""

    id: str
    order: int
    stage: Text
    name: Text
    description: Text
    source: tuple[str, ...]
    where: Where | None = None


@dataclass(frozen=True, slots=True)
class Viewpoint:
    """One of the five viewpoints for deciding whether to collaborate (004)."""

    id: str
    name: Text
    description: Text
    source: tuple[str, ...]
    where: Where | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    """A 協働 contact desk (the municipality overrides the built-in placeholder)."""

    id: str
    name: Text
    description: Text
    phone: str
    email: str
    url: str
    source: tuple[str, ...]
    where: Where | None = None


@dataclass(frozen=True, slots=True)
class Activity:
    """An example activity (活動の例)."""

    id: str
    title: Text
    reading: str
    keywords_ja: tuple[str, ...]
    keywords_en: tuple[str, ...]
    description: Text
    fields: tuple[str, ...]
    regions: tuple[str, ...]
    #: weights on self / mutual / public (自助/共助/公助), summing to 1.
    triad: tuple[float, float, float]
    actors: tuple[str, ...]
    forms: tuple[str, ...]
    source: tuple[str, ...]
    where: Where | None = None


@dataclass(frozen=True, slots=True)
class Condition:
    """Show a question only when an earlier answer to ``question`` is one of ``any_of``."""

    question: str
    any_of: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Choice:
    """One choice of a question, with its explicit, editable weights."""

    id: str
    label: Text
    #: weights towards A..E (missing letters are 0).
    regions: dict[str, float] = field(default_factory=dict)
    #: weights towards self/mutual/public (missing are 0).
    triad: dict[str, float] = field(default_factory=dict)
    #: links used by recommendations and matching
    actor: str | None = None
    fields: tuple[str, ...] = ()
    forms: dict[str, float] = field(default_factory=dict)
    principles: tuple[str, ...] = ()
    cycle: str | None = None
    #: multi questions: this choice stands alone (「まだ何もしていない」); picking it
    #: clears the others and picking another clears it
    exclusive: bool = False
    where: Where | None = None


@dataclass(frozen=True, slots=True)
class Question:
    """One question of the questionnaire."""

    id: str
    order: int
    kind: Literal["single", "multi", "text"]
    prompt: Text
    help: Text
    choices: tuple[Choice, ...]
    #: whether 「分からない」 may be answered (single/multi only)
    allow_unknown: bool
    #: how much this question counts in the placement (default 1.0)
    weight: float
    show_if: Condition | None
    #: for text questions: their text feeds activity matching
    match: bool
    where: Where | None = None
    #: help shown only to one kind of person, by actor id (the officer-only hint)
    help_for: dict[str, Text] = field(default_factory=dict)

    def choice(self, choice_id: str) -> Choice | None:
        for c in self.choices:
            if c.id == choice_id:
                return c
        return None


@dataclass(frozen=True, slots=True)
class Catalog:
    """The whole loaded catalog: the built-in one merged with any local layers."""

    fields: dict[str, Field]
    actors: dict[str, Actor]
    forms: dict[str, Form]
    principles: dict[str, Principle]
    cycle: tuple[CycleStep, ...]
    viewpoints: dict[str, Viewpoint]
    contacts: dict[str, Contact]
    activities: dict[str, Activity]
    questions: tuple[Question, ...]
    #: the directories the catalog was read from, built-in first
    layers: tuple[str, ...] = ()
    #: the town this catalog is for (its texts already say its name and office)
    municipality: Municipality = field(default_factory=Municipality)

    def question(self, question_id: str) -> Question | None:
        for q in self.questions:
            if q.id == question_id:
                return q
        return None
