"""Every UI string of the app, in Japanese and English.

Catalog texts (questions, activities, forms, ...) come from the catalog; this
module holds only the app's own chrome. ``t(key, lang)`` looks a key up; a
missing key is a bug and raises ``KeyError`` (a test walks every key).

These strings are ours, so they may be used as Textual markup where a screen
needs it; never interpolate a user's or the catalog's text into them, use
``Content`` objects for that.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # app chrome
    "app.title": ("協働のまちづくり", "Community building together"),
    "app.subtitle": ("あなたの立ち位置と、できること", "Where you stand, what you can do"),
    "lang.ja": ("日本語", "日本語"),
    "lang.en": ("English", "English"),
    "lang.switch": ("言語 / Language", "言語 / Language"),
    "lang.switch.short": ("English", "日本語"),
    "lang.tooltip": ("表示言語を切り替えます", "Switch the display language"),
    "back": ("戻る", "Back"),
    "next": ("次へ", "Next"),
    "skip": ("とばす", "Skip"),
    "unknown": ("分からない", "Don't know"),
    "done": ("完了", "Done"),
    "quit": ("終了", "Quit"),
    "quit.how": ("終了するには Ctrl+Q を押してください。", "Press Ctrl+Q to quit."),
    "quit.how.title": ("終了しますか？", "Do you want to quit?"),
    "home": ("はじめに戻る", "Start over"),
    "theme": ("見やすさ切替", "Contrast"),
    "theme.changed": ("表示テーマ: {name}", "Theme: {name}"),
    "lang.changed": ("日本語で表示します", "Now showing English"),
    "catalog.empty": (
        "質問がカタログにありません",
        "The catalog has no questions",
    ),
    # welcome
    "welcome.heading": ("協働のまちづくりへ ようこそ", "Welcome to community building together"),
    "welcome.intro": (
        (
            "「協働」とは、住民・自治会・活動団体・事業者・行政が、対等な立場で"
            "知恵と力を出し合い、責任を分かち合いながら、まちを良くしていくことです。"
            "いくつかの質問に答えると、あなたが今どのあたりにいるか、"
            "どんな活動や関わり方が合いそうかが分かります。"
        ),
        (
            "Kyodo (協働) means residents, neighbourhood associations, volunteer groups, "
            "businesses and the town working side by side as equals, sharing ideas, effort "
            "and responsibility to make the town better. Answer a few questions to see "
            "where you stand and which activities and ways of working suit you."
        ),
    ),
    "welcome.start_individual": ("個人として始める", "Start as an individual"),
    "welcome.start_individual.help": (
        "住民・ボランティアとして答えます",
        "Answer as a resident or volunteer",
    ),
    "welcome.start_group": ("団体として始める", "Start as a group"),
    "welcome.start_group.help": (
        "自治会・活動団体・事業者・行政として答えます",
        "Answer for an association, group, business or town",
    ),
    "welcome.browse": ("活動の例を見る", "Browse activities"),
    "welcome.browse.help": ("質問に答えずに一覧から探します", "Look through examples, no questions"),
    "welcome.learn": ("協働について知る", "Learn the ideas"),
    "welcome.learn.help": (
        "A〜E・自助/共助/公助・協働の形と原則",
        "A to E, self/mutual/public help, forms, principles",
    ),
    "welcome.keys": (
        "数字キー 1〜4 でも選べます。画面のボタンはタッチできます。",
        "Press 1 to 4 to choose, or touch a button.",
    ),
    # learn
    "learn.title": ("協働について知る", "Learn about kyodo"),
    "learn.tab.spectrum": ("A〜E の領域", "A to E"),
    "learn.tab.triad": ("自助・共助・公助", "Self, mutual, public"),
    "learn.tab.forms": ("協働の形", "Forms"),
    "learn.tab.principles": ("原則", "Principles"),
    "learn.tab.cycle": ("進め方", "The cycle"),
    "learn.tab.words": ("ことば", "Words"),
    "learn.words.intro": (
        "似た言葉の違いと、協働の範囲です。指針の該当箇所を出典に示します。",
        ("Words that are easily confused, and how far collaboration reaches. Each cites "
         "the lines of the guideline it comes from."),
    ),
    "learn.source": ("出典", "Source"),
    "learn.spectrum.intro": (
        (
            "協働の領域は、活動を誰が主に担うかで A から E に分けられます。"
            "協働の多くは B〜D で行われますが、A と E もそれぞれの自立した活動として大切です。"
        ),
        (
            "Activities sit on a line from A to E by who leads them. Most collaboration "
            "happens in B to D, but A and E matter too: each side's own work is what makes "
            "it a capable partner."
        ),
    ),
    "learn.region.A": (
        "住民が自分たちで主体的に行う。行政は関わらない。",
        "Residents act on their own initiative; the town is not involved.",
    ),
    "learn.region.B": (
        "住民が主導し、行政が支援・協力する（後援・補助・情報交換など）。",
        "Residents lead; the town supports. (Sponsorship, grants, sharing information)",
    ),
    "learn.region.C": (
        "住民と行政が対等に、ともに主体となって協力する（共催・実行委員会など）。",
        "Both lead as equals. (Joint events, executive committees, project cooperation)",
    ),
    "learn.region.D": (
        "行政が主導し、住民が参加・協力する（委託・審議会・指定管理者など）。",
        "The town leads; residents take part. (Contracts, councils, designated managers)",
    ),
    "learn.region.E": (
        "行政が単独で、責任を持って行う。",
        "The town acts alone and carries full responsibility.",
    ),
    "learn.triad.intro": (
        "課題がどこまで広がり、誰が担うかを三つの段階で考えます。",
        "Three steps for how far a problem reaches and who carries it.",
    ),
    "learn.triad.self": (
        "自助: 自分でできることは、自分で進んで行う。",
        "Self-help (自助): what you can do yourself, you do.",
    ),
    "learn.triad.mutual": (
        "共助: 同じ課題を持つ人や近所、団体が助け合って取り組む。",
        "Mutual aid (共助): neighbours and groups with the same concern help each other.",
    ),
    "learn.triad.public": (
        "公助: 行政が対応する。住民と行政がともに担う「新しい公共」も含みます。",
        (
            "Public help (公助): the town responds, including the new public of residents "
            "and the town together."
        ),
    ),
    "learn.forms.intro": (
        "協働にはいろいろな形があります。それぞれ A〜E のどこに当たるかを示します。",
        "Collaboration takes many forms. Each shows where it sits from A to E.",
    ),
    "learn.principles.intro": (
        "協働を進めるうえで大切にしたい原則です。",
        "Principles that keep collaboration working.",
    ),
    "learn.cycle.intro": (
        "協働は、企画・実施・評価・フィードバックの流れで進めます。",
        "Collaboration moves through planning, doing, evaluating and feedback.",
    ),
    "learn.regions": ("領域", "Regions"),
    "learn.leads": ("主体", "Who leads"),
    "learn.effect": ("効果", "Effect"),
    "learn.cautions": ("留意点", "Cautions"),
    "learn.empty": ("カタログに項目がありません", "Nothing in the catalog"),
    # questions
    "question.progress": ("質問 {n} / {total}", "Question {n} of {total}"),
    "question.single_hint": ("(一つ選ぶ・行頭のキーかSpaceで選択、Enterで次へ)",
                             "(pick one: the row's key or Space; Enter goes on)"),
    "question.multi_hint": ("(いくつでも・行頭のキーかSpaceで切替、Enterで次へ)",
                            "(any number: the row's key or Space toggles; Enter goes on)"),
    "question.text_count": ("{n}/{limit} 文字", "{n}/{limit} characters"),
    "question.text_full": ("{n}/{limit} 文字（これ以上は入りません）",
                           "{n}/{limit} characters (the answer is full)"),
    "question.text_hint": (
        "(自由に入力・ローマ字でも探せます)",
        "(type freely; matching activities appear below)",
    ),
    "question.text_placeholder": ("例: seisou / 清掃 / 見守り", "e.g. cleaning, patrol, seisou"),
    "question.matches": ("近い活動 (選ぶと回答に加わります)", "Matching activities (pick to add)"),
    "question.no_matches": ("近い活動は見つかりません", "No matching activities"),
    "question.picked": ("選んだ活動", "Picked activities"),
    "question.picked_added": ("追加しました: {title}", "Added: {title}"),
    "question.unknown_chosen": ("「分からない」と回答しました", "You answered \"don't know\""),
    "question.limited_group": (
        "団体として始めたので、団体・組織の選択肢だけを表示しています",
        "You started as a group, so only choices for organisations are shown",
    ),
    "question.limited_individual": (
        "個人として始めたので、個人の選択肢だけを表示しています",
        "You started as an individual, so only individual choices are shown",
    ),
    "question.to_review": ("確認へ", "Review"),
    # review
    "review.title": ("回答の確認", "Review your answers"),
    "review.intro": (
        "回答を確かめてください。行を選ぶと直せます。",
        "Check your answers. Choose a row to change it.",
    ),
    "review.skipped": ("(とばしました)", "(skipped)"),
    "review.unknown": ("分からない", "Don't know"),
    "review.edit": ("直す", "Edit"),
    "review.results": ("結果を見る", "See results"),
    "review.empty_text": ("(空欄)", "(empty)"),
    # screen titles
    "results.title": ("結果", "Results"),
    "browse.title": ("活動の例", "Activities"),
    # save consent (kyodo_tui.ui.screens.save_consent; the intake mode asks with it too)
    "save.title": ("保存してよいか確かめてください", "Ask before saving"),
    "save.body.coordinator": (
        (
            "この受付の回答・結果・メモを、この端末に記録として保存します。"
            "あとで見直したり、次の担当者に引き継いだりするためです。\n"
            "本人にそう説明して、保存してよいと言われたときだけ「同意を得て保存」を押してください。\n"
            "連絡先は、別に同意があるときだけ残ります。記録はあとで消すこともできます。"
        ),
        (
            "This saves the answers, the result and the notes as a record on this computer, "
            "so they can be looked at again or handed to the next coordinator.\n"
            "Tell the person this, and press \"Agreed, save\" only if they say yes.\n"
            "Contact details are kept only with their separate consent. A record can be "
            "deleted later."
        ),
    ),
    "save.body.self": (
        (
            "あなたの回答と結果を、この端末に保存します。あとで見直したり、"
            "相談のときに見せたりできます。\n"
            "名前や連絡先は保存しません。保存した記録はあとで消すこともできます。\n"
            "保存してよければ「同意して保存」を押してください。"
        ),
        (
            "This saves your answers and result on this computer, so you can look at them "
            "again or show them when you ask for advice.\n"
            "No name or contact details are saved. A saved record can be deleted later.\n"
            "Press \"Agree and save\" if that is all right."
        ),
    ),
    "save.yes.coordinator": ("同意を得て保存", "Agreed, save"),
    "save.yes.self": ("同意して保存", "Agree and save"),
    "save.no": ("保存しない", "Don't save"),
    "save.done": ("保存しました（{id}）", "Saved ({id})"),
    "save.cancelled": ("保存しませんでした", "Not saved"),
    "save.failed": ("保存できませんでした: {error}", "Could not save: {error}"),
    "save.nothing": ("まだ回答がありません", "There are no answers yet"),
}


def t(key: str, lang: str = "ja") -> str:
    """The UI string ``key`` in ``lang`` ("ja" or "en")."""
    ja, en = STRINGS[key]
    return ja if lang == "ja" else en
