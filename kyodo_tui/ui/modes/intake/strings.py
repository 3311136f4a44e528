"""The intake mode's UI strings (受付・記録・引き継ぎ・二者比較), Japanese and English.

The same pattern as :mod:`kyodo_tui.ui.strings`: ``t(key, lang)``; a missing key
raises ``KeyError`` (a test walks every key). These are our own strings: never
interpolate a person's or the catalog's text into them as markup; the screens
build ``Content`` objects for that (``str.format`` on plain text is fine).
No East-Asian-ambiguous glyphs (→ … ※ ○ ± ×) in here: CJK terminals draw them wide.
"""

from __future__ import annotations

from kyodo_tui.ui import strings as base_strings

STRINGS: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------ home
    "home.title": ("受付", "Intake"),
    "home.heading": ("受付（コーディネーター用）", "Intake (for coordinators)"),
    "home.intro": (
        (
            "本人に代わって質問に答え、メモを残し、本人が同意したときだけ記録として保存します。"
            "入力中の内容は下書きとして自動で残ります。"
        ),
        (
            "Answer the questions on someone's behalf, add notes, and save a record only when "
            "the person agrees. Work in progress is kept as a draft automatically."
        ),
    ),
    "home.individual": ("新しい受付（個人）", "New intake (individual)"),
    "home.individual.help": ("住民・ボランティアの方", "A resident or volunteer"),
    "home.group": ("新しい受付（団体）", "New intake (group)"),
    "home.group.help": ("自治会・活動団体・事業者・行政", "Association, group, business, town"),
    "home.records": ("保存した記録", "Saved records"),
    "home.records.help": ("探す・開く・直す・引き継ぐ", "Search, open, edit, hand off"),
    "home.pair": ("二者で答える", "Two parties"),
    "home.pair.help": ("団体と行政の職員が続けて答え、違いを見ます",
                       "A group, then an officer; see where they differ"),
    "home.resume": ("下書きを再開", "Resume the draft"),
    "home.resume.help": ("途中の受付を続けます", "Continue an unfinished intake"),
    "home.resume.none": ("下書きはありません", "No draft"),
    "home.browse": ("活動の例を見る", "Browse activities"),
    "home.browse.help": ("質問に答えずに探します", "Look through examples"),
    "home.learn": ("協働について知る", "Learn the ideas"),
    "home.learn.help": ("A〜E・自助/共助/公助など", "A to E, self/mutual/public help"),
    "home.keys": ("数字キー 1〜7 でも選べます。", "Press 1 to 7 to choose."),
    # ------------------------------------------------------------ intake bar
    "bar.later": ("後で確認", "Check later"),
    "bar.later.on": ("後で確認: する", "Check later: on"),
    "bar.later.off": ("後で確認: しない", "Check later: off"),
    "bar.details": ("メモ・連絡先", "Notes, contact"),
    "bar.save": ("保存する", "Save"),
    "bar.handoff": ("引き継ぎ", "Hand-off"),
    "bar.second": ("相手方も答える", "Other party"),
    "bar.movement": ("前回と比べる", "Compare with last"),
    "bar.pair": ("二者の比較", "Two-party view"),
    "records.officer": ("協働の検討", "Officer tools"),
    "bar.marked": ("後で確認 {n}件", "{n} to check"),
    "status.new": ("未保存", "Not saved"),
    "status.draft": ("下書き保存済み", "Draft kept"),
    "status.saved": ("保存済み", "Saved"),
    "status.changed": ("保存後に変更あり", "Changed since saved"),
    "question.later_mark": ("[後で確認]", "[check later]"),
    "review.later": ("後で確認", "check later"),
    "review.later_skipped": ("後で確認（まだ答えていません）", "check later (not answered yet)"),
    "review.later_count": ("後で確認: {n}件", "To check later: {n}"),
    "movement.line": ("前回から: {move}", "Since last time: {move}"),
    # ------------------------------------------------------------ details
    "details.title": ("メモ・連絡先", "Notes and contact"),
    "details.label": ("記録の名前（本人か団体の呼び名）", "Record name (the person's or group's)"),
    "details.label.placeholder": ("例: 山田さん / 川沿い自治会", "e.g. Ms Yamada / Riverside assoc."),
    "details.reading": ("よみ", "Reading"),
    "quit.title": ("受付を終了しますか？", "Quit the intake?"),
    "quit.body": ("入力中の内容は下書きとして保存しました。次に起動したとき、続きから"
                  "再開できます。記録としての保存は、本人の同意のあとで「保存する」から。",
                  "What you entered is kept as a draft: the next start offers to resume "
                  "it. To save it as a record, use Save after the person agrees."),
    "quit.yes": ("終了する", "Quit"),
    "quit.no": ("続ける", "Keep working"),
    "details.reading.placeholder": ("例: やまだ（ローマ字でも探せます）",
                                    "in kana, e.g. やまだ (found by romaji)"),
    "details.coordinator": ("担当者（あなたの名前）", "Coordinator (your name)"),
    "details.coordinator.placeholder": ("例: 佐藤", "e.g. Sato"),
    "details.notes": ("メモ", "Notes"),
    # the box's label is short (one line at 80 columns); the whole sentence is under it
    "details.consent": ("本人が同意した（連絡先）", "The person agreed (contact details)"),
    "details.consent.help": (
        "本人が、連絡先を残すこと・連絡を受けることに同意したら印を付けます。"
        "同意がないと連絡先は入力できず、保存もされません。",
        "Tick when the person agrees that their contact details be kept and used to "
        "contact them. Without consent the contact fields stay locked and nothing is kept.",
    ),
    "details.consent.at": ("本人が、連絡先を残すこと・連絡を受けることに同意しました。"
                           "同意の記録: {at}（{by}）",
                           "The person agreed that their contact details be kept and "
                           "used to contact them. Consent recorded {at} by {by}"),
    "details.contact": ("連絡先", "Contact details"),
    "details.name": ("名前", "Name"),
    "details.phone": ("電話", "Phone"),
    "details.email": ("メール", "Email"),
    "details.address": ("住所", "Address"),
    "details.done": ("完了", "Done"),
    "details.withdraw.title": ("同意を取り消しますか", "Withdraw consent?"),
    "details.withdraw.body": (
        "取り消すと、入力した連絡先は消え、保存されません。",
        "The contact details typed so far will be removed and not kept.",
    ),
    "details.withdraw.yes": ("取り消す", "Withdraw"),
    "details.withdraw.no": ("やめる", "Keep consent"),
    "details.no_session": ("受付を始めてから入力できます", "Start an intake first"),
    "details.by_default": ("担当者", "coordinator"),
    # save consent: the dialog's own strings are in kyodo_tui.ui.strings (save.*)
    "save.updated": ("記録を更新しました（{id}）", "Record updated ({id})"),
    "save.paired": ("二者の記録を結びつけました", "The two parties' records are linked"),
    "draft.failed": ("下書きを残せませんでした: {error}", "Could not keep the draft: {error}"),
    # ------------------------------------------------------------ resume
    "resume.title": ("途中の受付があります", "An unfinished intake"),
    "resume.body": (
        "{label}（{when} 更新、回答 {n}件）の下書きが残っています。続けますか。",
        "A draft of {label} (updated {when}, {n} answers) is waiting. Continue it?",
    ),
    "resume.resume": ("再開する", "Resume"),
    "resume.discard": ("破棄する", "Discard"),
    "resume.later": ("あとで", "Later"),
    "resume.unnamed": ("名前のない受付", "an unnamed intake"),
    "resume.discard.title": ("下書きを破棄しますか", "Discard the draft?"),
    "resume.discard.body": (
        "この下書きの回答とメモは消え、元に戻せません。",
        "Its answers and notes will be gone for good.",
    ),
    "resume.discard.yes": ("破棄する", "Discard"),
    "resume.discarded": ("下書きを破棄しました", "Draft discarded"),
    "resume.resumed": ("下書きを再開しました", "Draft resumed"),
    "no": ("やめる", "Cancel"),
    # ------------------------------------------------------------ records
    "records.title": ("保存した記録", "Saved records"),
    "records.search": ("/ 名前・メモ・活動名で探す", "/ Search names, notes, activities"),
    "records.date": ("期間", "Date"),
    "records.region": ("領域", "Region"),
    "records.field": ("分野", "Field"),
    "records.actor": ("立場", "Actor"),
    "records.date.all": ("すべての期間", "Any date"),
    "records.date.today": ("今日", "Today"),
    "records.date.week": ("7日以内", "Last 7 days"),
    "records.date.month": ("30日以内", "Last 30 days"),
    "records.date.year": ("1年以内", "Last year"),
    "records.any_region": ("すべての領域", "Any region"),
    "records.any_field": ("すべての分野", "Any field"),
    "records.any_actor": ("すべての立場", "Any actor"),
    "records.count": ("{n}件", "{n} records"),
    "records.count_of": ("{n}件（全{total}件）", "{n} of {total} records"),
    "records.empty": ("保存した記録はまだありません", "No saved records yet"),
    "records.none_match": ("条件に合う記録はありません", "No record matches"),
    "records.problems": (
        "読めない記録が {n}件あります（そのまま残しています）",
        "Unreadable records: {n} (left as they are)",
    ),
    "records.problems.show": ("詳しく", "Details"),
    "records.problems.title": ("読めなかった記録", "Records that could not be read"),
    "records.open": ("開く", "Open"),
    "records.edit": ("直す", "Edit"),
    "records.reassess": ("再評価", "Re-assess"),
    "records.handoff": ("引き継ぎ", "Hand-off"),
    "records.pair": ("二者で比べる", "Pair"),
    "records.delete": ("削除", "Delete"),
    "records.new": ("新しい受付", "New intake"),
    "records.pair.first": (
        "1件目: {label}。比べるもう1件を選んで、もう一度「二者で比べる」を押してください。",
        "First: {label}. Choose the other record and press Pair again.",
    ),
    "records.pair.pending": ("1件目: {label}", "1st: {label}"),
    "records.pair.same": ("同じ記録どうしは比べられません", "Choose a different record"),
    "records.pair.cancelled": ("二者の比較をやめました", "Pairing cancelled"),
    "records.delete.title": ("記録を削除しますか", "Delete this record?"),
    "records.delete.body": (
        "「{label}」（{id}）を削除します。元に戻せません。",
        "\"{label}\" ({id}) will be deleted. This cannot be undone.",
    ),
    "records.delete.yes": ("削除する", "Delete"),
    "records.deleted": ("削除しました（{id}）", "Deleted ({id})"),
    "records.delete.failed": ("削除できませんでした: {error}", "Could not delete: {error}"),
    "records.matched.label": ("名前", "name"),
    "records.matched.notes": ("メモ", "notes"),
    "records.matched.activity": ("活動", "activity"),
    "records.matched": ("一致: {where}", "matched: {where}"),
    "records.not_placed": ("-", "-"),
    "records.no_selection": ("記録を選んでください", "Choose a record first"),
    # ------------------------------------------------------------ one record
    "record.title": ("記録: {label}", "Record: {label}"),
    "record.placement": ("協働の領域と自助・共助・公助", "Placement"),
    "record.answers": ("回答", "Answers"),
    "record.notes": ("メモ", "Notes"),
    "record.no_notes": ("（メモなし）", "(no notes)"),
    "record.contact": ("連絡先（本人の同意あり）", "Contact (with consent)"),
    "record.previous": ("前回の記録から: {move}", "Since the previous record: {move}"),
    "record.previous_missing": ("前回の記録（{id}）は見つかりません",
                                "The previous record ({id}) is not there"),
    "record.pair": ("相手方の記録: {id}", "Other party's record: {id}"),
    "record.pair_missing": ("相手方の記録（{id}）は見つかりません",
                            "The other party's record ({id}) is not there"),
    "record.gone": ("この記録はもうありません", "This record is gone"),
    # ------------------------------------------------------------ hand-off
    "handoff.title": ("引き継ぎメモ: {label}", "Hand-off: {label}"),
    "handoff.export": ("Markdown で書き出す", "Export as Markdown"),
    "handoff.exported": ("書き出しました: {path}", "Written: {path}"),
    "handoff.export_failed": ("書き出せませんでした: {error}", "Could not write: {error}"),
    "handoff.to": ("書き出し先", "Folder"),
    # ------------------------------------------------------------ two parties
    "pair.title": ("二者の比較", "Two parties"),
    "pair.heading": (
        "協働の合意の前に話し合いたいこと",
        "The conversation to have before a collaboration agreement",
    ),
    "pair.citizen": ("市民・団体側", "Citizen side"),
    "pair.government": ("行政側", "Municipality side"),
    "pair.gap": ("位置の差: {gap}", "Gap in position: {gap}"),
    "pair.gap.none": ("位置を比べられません", "The positions cannot be compared"),
    "pair.same_letter": ("どちらも {letter} です", "Both are at {letter}"),
    "pair.differ": ("答えが違う質問（{n}問）", "Questions answered differently ({n})"),
    "pair.agree": ("同じ答えの質問: {n}問", "Questions answered the same: {n}"),
    "pair.none": ("答えの違いはありません", "No answers differ"),
    "pair.unnamed": ("（名前なし）", "(no name)"),
    "move.title": ("前回との比較", "Compared with last time"),
    "move.heading": ("配置の動き", "How the placement moved"),
    "move.before": ("前回", "Before"),
    "move.after": ("今回", "Now"),
    "move.triad": ("自助・共助・公助の変化: {shift}", "Self, mutual, public help: {shift}"),
    "move.changed": ("変わった答え（{n}問）", "Answers that changed ({n})"),
    "move.none": ("答えは変わっていません", "No answer changed"),
    "move.days": ("{days}日後の再評価", "Re-assessed {days} days later"),
}


def t(key: str, lang: str = "ja") -> str:
    """The intake UI string ``key`` in ``lang`` ("ja" or "en"); falls back to the
    app's strings (:mod:`kyodo_tui.ui.strings`: the save-consent dialog's ``save.*``)."""
    pair = STRINGS.get(key)
    if pair is None:
        return base_strings.t(key, lang)
    ja, en = pair
    return ja if lang == "ja" else en
