"""The catalog's data model: plain, immutable dataclasses. No Textual, no I/O.

Every user-facing string is a :class:`Text`: Japanese and English always, and
any other language a catalog declares (やさしい日本語 ``ja-easy``, Portuguese
``pt``, a town's own Vietnamese ``vi`` ...). :meth:`Text.get` follows a
language's fallback chain (:mod:`kyodo_tui.core.langs`), :meth:`Text.pick` also
says whether the text shown is a fallback, so the UI can mark it.
The on-disk format is documented in ``docs/catalog-format.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Literal, NamedTuple

from kyodo_tui.core import langs as _langs
from kyodo_tui.core.records import dataclass, field

#: a language code (:data:`kyodo_tui.core.langs.LANG_CODES`, or one a catalog declares)
Lang = str
#: the languages every text has (Japanese first, English always)
LANGS: tuple[str, ...] = ("ja", "en")

#: The A–E spectrum (協働の領域), in order from citizen-led to government-alone.
REGIONS: tuple[str, ...] = ("A", "B", "C", "D", "E")
#: The three help levels 自助・共助・公助, in order.
TRIAD: tuple[str, ...] = ("self", "mutual", "public")

#: Reserved choice id meaning 「分からない」 (not the same as skipping a question).
UNKNOWN = "unknown"


class Picked(NamedTuple):
    """What :meth:`Text.pick` found: the text, the language it is written in, and
    whether that is a fallback (not the language asked for)."""

    text: str
    lang: str
    fallback: bool


@dataclass(frozen=True, slots=True)
class Text:
    """One user-facing string in several languages.

    ``ja`` and ``en`` are always there (``Text("協働", "collaboration")``); any
    other language sits in ``more`` as ``(code, text)`` pairs
    (``Text.of({"ja": ..., "en": ..., "pt": ...})`` builds one from a mapping).
    An empty string counts as not written.
    """

    ja: str
    en: str
    #: the other languages: ``(("ja-easy", "..."), ("pt", "..."))``, in the catalog's order
    more: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, texts: Mapping[str, str]) -> Text:
        """A text from ``{language code: text}`` (``ja``/``en`` default to "")."""
        return cls(texts.get("ja", ""), texts.get("en", ""),
                   tuple((k, v) for k, v in texts.items() if k not in LANGS))

    def own(self, lang: Lang) -> str:
        """The text written in ``lang`` itself ("" when it is not written)."""
        if lang == "ja":
            return self.ja
        if lang == "en":
            return self.en
        for code, text in self.more:
            if code == lang:
                return text
        return ""

    def has(self, lang: Lang) -> bool:
        """Whether the text is written in ``lang`` (not empty)."""
        return bool(self.own(lang).strip())

    def langs(self) -> tuple[str, ...]:
        """The languages the text is written in (non-empty), ja and en first."""
        return tuple(k for k, v in self.items() if v.strip())

    def items(self) -> tuple[tuple[str, str], ...]:
        """Every ``(language, text)`` pair held, ja and en first (empty ones too)."""
        return (("ja", self.ja), ("en", self.en), *self.more)

    def as_dict(self) -> dict[str, str]:
        """``{language: text}`` for every non-empty language."""
        return {k: v for k, v in self.items() if v}

    def pick(self, lang: Lang, chain: Iterable[str] | None = None) -> Picked:
        """The text for ``lang``, following ``chain`` (default: the app's chain for
        ``lang``) until a language has it; ``fallback`` is true when it is not ``lang``."""
        if lang == "ja" and self.ja and chain is None:
            return Picked(self.ja, "ja", False)
        for code in (_langs.chain(lang) if chain is None else chain):
            text = self.own(code)
            if text:
                return Picked(text, code, code != lang)
        return Picked("", lang, False)  # written in no language: nothing to mark

    def get(self, lang: Lang, chain: Iterable[str] | None = None) -> str:
        """The text for ``lang``, or its fallback along ``chain`` (see :meth:`pick`)."""
        if lang == "ja" and chain is None:
            return self.ja or self.en
        if lang == "en" and chain is None:
            return self.en or self.ja
        return self.pick(lang, chain).text

    def is_fallback(self, lang: Lang, chain: Iterable[str] | None = None) -> bool:
        """Whether :meth:`get` would show another language than ``lang``."""
        return self.pick(lang, chain).fallback

    def map(self, fn: Callable[[str, str], str]) -> Text:
        """Every language's text through ``fn(lang, text)``."""
        return Text(fn("ja", self.ja), fn("en", self.en),
                    tuple((k, fn(k, v)) for k, v in self.more))

    def with_lang(self, lang: Lang, text: str) -> Text:
        """This text with ``lang`` set to ``text`` (added or replaced)."""
        if lang == "ja":
            return Text(text, self.en, self.more)
        if lang == "en":
            return Text(self.ja, text, self.more)
        more = tuple((k, v) for k, v in self.more if k != lang)
        return Text(self.ja, self.en, (*more, (lang, text)))


#: the kinds of municipality a catalog can name (``[municipality] kind``)
MUNICIPALITY_KINDS: tuple[str, ...] = ("city", "town", "village", "ward")

#: what ``{town}`` and ``{office}`` say for each kind, per language; "" is the plain
#: default. Portuguese words carry their article and are written after words that do
#: not contract with it ("com", "para", "junto a"): see docs/catalog-format.md.
_TOWN_WORDS: dict[str, dict[str, str]] = {
    "": {"ja": "まち", "en": "your town", "ja-easy": "まち", "pt": "o município"},
    "city": {"ja": "市", "en": "the city", "ja-easy": "市（し）", "pt": "a cidade"},
    "town": {"ja": "町", "en": "the town", "ja-easy": "町（まち）", "pt": "o município"},
    "village": {"ja": "村", "en": "the village", "ja-easy": "村（むら）", "pt": "a vila"},
    "ward": {"ja": "区", "en": "the ward", "ja-easy": "区（く）", "pt": "o distrito"},
}
_OFFICE_WORDS: dict[str, dict[str, str]] = {
    "": {"ja": "役所", "en": "the town hall", "ja-easy": "役所（やくしょ）",
         "pt": "a prefeitura"},
    "city": {"ja": "市役所", "en": "the city hall", "ja-easy": "市役所（しやくしょ）",
             "pt": "a prefeitura"},
    "town": {"ja": "役場", "en": "the town hall", "ja-easy": "役場（やくば）",
             "pt": "a prefeitura"},
    "village": {"ja": "役場", "en": "the village office", "ja-easy": "役場（やくば）",
                "pt": "a prefeitura"},
    "ward": {"ja": "区役所", "en": "the ward office", "ja-easy": "区役所（くやくしょ）",
             "pt": "a subprefeitura"},
}


def _word(table: dict[str, dict[str, str]], kind: str, lang: str) -> str:
    words = table.get(kind, table[""])
    for code in _langs.chain(lang):
        if code in words:
            return words[code]
    return words["en"]


@dataclass(frozen=True, slots=True)
class Municipality:
    """The town a catalog is for: its name and kind, set once (``[municipality]``).

    Catalog texts say ``{town}`` and ``{office}``; :meth:`fill` puts in 「美幌町」「役場」
    for a town named 美幌町, 「市」「市役所」 for an unnamed city, or the plain default
    「まち」「役所」 when the catalog names none, in every language of the text.
    """

    name: Text | None = None
    kind: str = ""
    office: Text | None = None

    def words(self, lang: Lang) -> dict[str, str]:
        """The placeholder words in ``lang``: ``{"town": ..., "office": ...}``."""
        town = self.name.get(lang) if self.name is not None else _word(
            _TOWN_WORDS, self.kind, lang)
        office = self.office.get(lang) if self.office is not None else _word(
            _OFFICE_WORDS, self.kind, lang)
        return {"town": town, "office": office}

    def fill(self, text: Text) -> Text:
        """``text`` with ``{town}`` and ``{office}`` put in, every language."""
        if not any("{" in v for _k, v in text.items()):
            return text
        return text.map(lambda lang, s: fill_placeholders(s, self.words(lang)) if "{" in s
                        else s)


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
    #: keywords in more languages than ja and en: ``(("pt", ("limpeza", ...)), ...)``
    keywords_more: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def keywords(self, lang: Lang) -> tuple[str, ...]:
        """The keywords written in ``lang`` (none when it has none)."""
        if lang == "ja":
            return self.keywords_ja
        if lang == "en":
            return self.keywords_en
        return next((words for code, words in self.keywords_more if code == lang), ())


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
class Languages:
    """The languages a catalog is written in (``[languages]``, docs/catalog-format.md).

    ``required`` languages must be in every text; ``required_in`` names more
    languages that must be in every text of some kinds of entry (``"question"``,
    ``"form"`` ..., ``"municipality"``); any other declared language is optional
    and falls back along its chain (``fallback``: the languages after itself).
    """

    codes: tuple[str, ...] = LANGS
    required: tuple[str, ...] = LANGS
    fallback: dict[str, tuple[str, ...]] = field(default_factory=dict)
    required_in: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: each language named in itself, for a language the app does not know
    names: dict[str, str] = field(default_factory=dict)

    def chain(self, lang: Lang) -> tuple[str, ...]:
        """Where a text missing in ``lang`` is looked for, ``lang`` first."""
        own = self.fallback.get(lang)
        return (lang, *own) if own is not None else _langs.chain(lang)

    def required_for(self, kind: str) -> tuple[str, ...]:
        """The languages every text of a ``kind`` entry must have."""
        more = tuple(k for k, kinds in self.required_in.items()
                     if kind in kinds and k not in self.required)
        return (*self.required, *more)

    def native_name(self, lang: Lang) -> str:
        """``lang`` named in itself (the app's name, else the catalog's, else the code)."""
        return _langs.NATIVE_NAMES.get(lang) or self.names.get(lang) or lang


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
    #: the languages the catalog is written in, and their fallback chains
    languages: Languages = field(default_factory=Languages)

    def pick(self, text: Text, lang: Lang) -> Picked:
        """``text`` in ``lang`` along this catalog's fallback chain (``.fallback``: mark it)."""
        return text.pick(lang, self.languages.chain(lang))

    def question(self, question_id: str) -> Question | None:
        for q in self.questions:
            if q.id == question_id:
                return q
        return None
