"""The officer screen's own UI strings, Japanese and English (``t(key, lang)``).

Our own strings only: a person's or the catalog's text is never formatted in as
markup (the screen builds ``Content`` for that). No East-Asian-ambiguous glyphs.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "title": ("協働の検討: {label}", "Planning collaboration: {label}"),
    "tab.viewpoints": ("協働すべきか", "Collaborate?"),
    "tab.partner": ("パートナー", "Partner"),
    "tab.agreement": ("協定書", "Agreement"),
    "tab.evaluation": ("評価", "Evaluation"),
    "keys": ("上下で項目、左右・スペース・数字で答えを選びます。Ctrl+S で保存。",
             "Up/down: item. Left/right, space or a number: answer. Ctrl+S: save."),
    "vp.project": ("事業名", "Project"),
    "vp.purpose": ("目的", "Purpose"),
    "vp.heading": ("協働を導入する際の5つの視点（北海道の指針）",
                   "Five viewpoints before choosing to collaborate (Hokkaido)"),
    "vp.lead": ("誰が主導するか", "Who leads"),
    "vp.lead.help": ("町民主導は B、協力は C、行政主導は D の領域です（美幌町の指針）。",
                     ("Citizens lead: region B; as equals: C; the municipality leads: D "
                      "(Bihoro's three patterns).")),
    "vp.trait.help": (("この事業で活かせる市民の特性です（北海道の指針: 柔軟性、機動性、"
                       "専門性、先駆性）。"),
                      ("Which of citizens' strengths the project can use (Hokkaido: "
                       "flexibility, quick action, expertise, pioneering).")),
    "vp.trait": ("市民の特性: {name}", "Citizens' strength: {name}"),
    "vp.trait.on": ("活かす", "use"),
    "vp.trait.off": ("-", "-"),
    "vp.result": ("結果: {verdict}", "Result: {verdict}"),
    "vp.regions": ("領域", "Regions"),
    "vp.forms": ("考えられる協働の形", "Forms that would fit"),
    "vp.considered": ("検討中", "considered"),
    "vp.forms.pick": ("検討している協働の形（あれば）", "Forms being considered (if any)"),
    "pt.name": ("パートナーの名前", "Partner's name"),
    "pt.name.self": ("事業名", "Project"),
    "pt.heading.government": ("パートナー選定の基準（行政から見て）",
                              "Selection criteria (the municipality's view)"),
    "pt.heading.citizen": ("パートナー選定の基準（自己評価）",
                           "Selection criteria (the partner's own view)"),
    "pair.partner": ("パートナーの選定: 行政 / 相手の自己評価",
                     "Partner selection: municipality / partner's own view"),
    "pair.evaluation": ("評価: 行政 / 相手", "Evaluation: municipality / partner"),
    "pair.differ": ("* 見方が違う項目: 話し合いましょう", "* seen differently: talk it through"),
    "pair.only_gov": ("（行政のみ）", "(municipality only)"),
    "pair.none": ("まだ答えていません", "Not answered yet"),
    "pair.missing": ("二者の記録ではありません。相手方の記録と組にすると、並べて見られます。",
                     ("Not a two-party record: pair it with the other party's record to "
                     "see both side by side.")),
    "ag.intro": (("協働への合意で文書にする事項の骨子です。記録に答えがある項目は埋め、"
                 "ない項目は空けてあります。"),
                 ("An outline of what both sides put in writing when agreeing. Items the "
                 "records answer are filled in; the rest are left blank.")),
    "ag.path": ("書き出すファイル", "File to write"),
    "ag.export": ("Markdown で書き出す", "Export as Markdown"),
    "ag.written": ("書き出しました: {path}", "Written: {path}"),
    "ev.heading": ("事業の後の評価（双方で。受益者の声も）",
                   "After the project: evaluate together, with the beneficiaries' voice"),
    "ev.principle": ("原則: {name}", "Principle: {name}"),
    "ev.notes": ("メモ", "Notes"),
    "ev.record": ("この評価を記録", "Record this evaluation"),
    "ev.recorded": ("評価を記録しました（{n}回目）", "Evaluation recorded (number {n})"),
    "ev.nothing": ("まだ何も答えていません", "Nothing answered yet"),
    "ev.history": ("{side}: 前回（{at}）からの変化", "{side}: since the previous one ({at})"),
    "ev.nochange": ("変化なし", "no change"),
    "side.government": ("行政", "Municipality"),
    "side.citizen": ("相手", "Partner"),
    "saved": ("保存しました", "Saved"),
    "save.failed": ("保存できませんでした: {error}", "Could not save: {error}"),
    "bind.save": ("保存", "Save"),
    "source": ("出典", "Source"),
}


def t(key: str, lang: str = "ja") -> str:
    ja, en = STRINGS[key]
    return ja if lang == "ja" else en
