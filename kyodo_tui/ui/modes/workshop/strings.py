"""Every UI string of workshop mode, Japanese first, English always.

Like :mod:`kyodo_tui.ui.strings` (which workshop screens fall back to), a key
maps to ``(ja, en)``; ``t(key, lang)`` looks it up and a missing key raises
``KeyError`` (a test walks every key). These strings are ours; a user's or the
catalog's text is never interpolated into markup: screens build ``Content``.

Projected to a room: few words, no East-Asian-ambiguous glyphs (no ``…``, ``※``,
``○``, ``→``, ``±``); the middle dot ``・`` and full-width ``／`` are wide, safe.
"""

from __future__ import annotations

from kyodo_tui.ui import strings as base_strings
from kyodo_tui.ui.widgets.room_picture import PICTURE_STRINGS

STRINGS: dict[str, tuple[str, str]] = {
    "app.title": ("協働ワークショップ", "Kyodo workshop"),
    # start
    "start.heading": ("協働ワークショップ", "Kyodo workshop"),
    "start.intro": (
        "部屋のみんなの答えを集めて、A〜Eのどこにいるかを一緒に見ます。名前は記録しません。",
        ("Gather the room's answers and see together where it stands on A to E. "
        "No names are recorded."),
    ),
    "start.new": ("新しいワークショップ", "New workshop"),
    "start.new.help": ("タイトルとテーブルを決めて始めます", "Choose a title and tables"),
    "start.open": ("保存したワークショップを開く", "Open a saved workshop"),
    "start.open.help": ("続きから、または振り返りに", "Carry on, or look back"),
    "start.keys": ("数字キーでも選べます。F2: English", "Number keys choose too. F2: 日本語"),
    # new
    "new.title": ("新しいワークショップ", "New workshop"),
    "new.name": ("タイトル", "Title"),
    "new.name.placeholder": ("例：みらいまちづくり会議", "e.g. Town future meeting"),
    "new.default_title": ("ワークショップ {date}", "Workshop {date}"),
    "new.groups": ("グループの分け方", "How to split the room"),
    "new.tables": ("テーブルごと", "By table"),
    "new.rounds": ("話し合いの前と後", "Before and after the discussion"),
    "new.whole": ("部屋全体で一つ", "The whole room as one"),
    "new.count": ("テーブルの数", "Number of tables"),
    "new.create": ("作成して始める", "Create and start"),
    "new.cancel": ("やめる", "Cancel"),
    "new.bad_count": ("テーブルの数は 1〜{max} で入れてください",
                      "Enter 1 to {max} tables"),
    "group.table": ("テーブル{n}", "Table {n}"),
    "group.before": ("話し合いの前", "Before"),
    "group.after": ("話し合いの後", "After"),
    "group.all": ("部屋全体", "Whole room"),
    # open
    "open.title": ("保存したワークショップ", "Saved workshops"),
    "open.intro": ("開くものを選んで Enter", "Choose one and press Enter"),
    "open.none": ("保存したワークショップはまだありません。", "No saved workshops yet."),
    "open.folder": ("フォルダ：{path}", "Folder: {path}"),
    "open.groups": ("{n}グループ", "{n} groups"),
    "open.people": ("回答 {n}人", "{n} answer sets"),
    "open.hands": ("挙手 {n}", "{n} hands"),
    "open.broken": ("読めません", "Cannot be read"),
    "open.open": ("開く", "Open"),
    "open.failed": ("開けませんでした：{problem}", "Could not open: {problem}"),
    # room
    "room.title": ("{title}", "{title}"),
    "room.add_group": ("グループを追加", "Add group"),
    "room.tally": ("挙手を数える", "Count hands"),
    "room.participants": ("一人ずつ答える", "One by one"),
    "room.compare": ("比べる", "Compare"),
    "room.save": ("保存", "Save"),
    "room.export": ("書き出す", "Export"),
    "room.details": ("説明", "Details"),
    "room.pick_group": ("先にテーブルを選んでください（1〜9）", "Choose a table first (1-9)"),
    "room.empty": (
        "まだ回答がありません。h で挙手を数えるか、a で一人ずつ答えてもらいます。",
        "No answers yet. Press h to count hands, or a to let people answer one by one.",
    ),
    "room.saved": ("保存しました：{path}", "Saved: {path}"),
    "room.save_failed": ("保存できませんでした：{problem}", "Could not save: {problem}"),
    "room.group_added": ("「{label}」を追加しました", "Added \"{label}\""),
    "room.undone": ("一つ前に戻しました", "Undone"),
    "room.nothing_to_undo": ("戻せる操作はありません", "Nothing to undo"),
    # prompts
    "prompts.heading": ("話し合いのきっかけ", "Prompts for discussion"),
    "prompts.principles": ("関わる原則", "Principles at stake"),
    "prompts.forms": ("合いそうな協働の形", "Forms that fit"),
    "prompts.split": ("意見が分かれた質問", "Where the room disagreed"),
    "prompts.no_split": ("大きく分かれた質問はありません", "The room did not split"),
    "prompts.none": ("回答が集まると、ここに出ます", "They appear as answers come in"),
    "prompts.hands": ("{n}票", "{n} hands"),
    "prompts.regions": ("領域 {regions}", "regions {regions}"),
    "prompts.score": ("分かれ具合 {score:.2f}", "split {score:.2f}"),
    # picture: the room picture widget's own strings (pic.*) are merged below
    # tally
    "tally.title": ("挙手を数える", "Count hands"),
    "tally.progress": ("質問 {n} / {total}", "Question {n} / {total}"),
    "tally.total": ("合計 {hands}票", "{hands} hands in all"),
    "tally.people": ("約{n}人", "about {n} people"),
    "tally.only_if": ("（前の質問で「{choices}」の人だけ）", "(only for: {choices})"),
    "tally.multi": ("いくつでも手を挙げられます", "People may raise a hand for several"),
    "tally.single": ("一人一回、手を挙げます", "One hand per person"),
    "tally.keys": (
        "上下で選ぶ ・ + と - で増減 ・ 数字で入力 ・ n 次 ・ p 前",
        "Up/down choose, + and - count, digits type, n next, p previous",
    ),
    "tally.prev": ("前の質問", "Previous"),
    "tally.next": ("次の質問", "Next"),
    "tally.note": ("メモ", "Note"),
    "tally.notes": ("メモ {n}件", "{n} notes"),
    "tally.undo": ("元に戻す", "Undo"),
    "tally.room": ("部屋の様子", "The room"),
    "tally.minus": ("1 減らす", "One fewer"),
    "tally.plus": ("1 増やす", "One more"),
    "tally.no_questions": ("数えられる質問がありません", "No question to count"),
    # participants
    "people.title": ("一人ずつ答える", "One by one"),
    "people.heading": ("{group}：一人ずつ、名前なしで答えます", "{group}: one by one, no names"),
    "people.count": ("これまでに {n}人が答えました", "{n} people have answered so far"),
    "people.next": ("次の方、はじめる", "Next person: start"),
    "people.undo_last": ("最後の回答を取り消す", "Remove the last answers"),
    "people.removed": ("最後の回答を取り消しました", "The last answers were removed"),
    "people.none_to_remove": ("取り消す回答はありません", "No answers to remove"),
    "people.room": ("部屋の様子に戻る", "Back to the room"),
    "people.privacy": (
        "答えは名前なしでテーブルに足され、次の方の前に消えます。",
        "Answers are added to the table without a name, and cleared before the next person.",
    ),
    "done.title": ("回答の確認", "Your answers"),
    "done.heading": ("ありがとうございました", "Thank you"),
    "done.answered": ("{n}問に答えました。記録してよいですか。",
                      "You answered {n} questions. May we record them?"),
    "done.record": ("記録して次の方へ", "Record and hand over"),
    "done.fix": ("答えを直す", "Change an answer"),
    "done.discard": ("記録せずに消す", "Discard"),
    "done.recorded": ("記録しました（{n}人目）", "Recorded (person {n})"),
    "done.discarded": ("記録せずに消しました", "Discarded, not recorded"),
    "done.empty": ("答えがないので記録できません", "No answers to record"),
    # compare
    "compare.title": ("比べる", "Compare"),
    "compare.first": ("左", "Left"),
    "compare.second": ("右", "Right"),
    "compare.cycle_a": ("左を替える", "Change left"),
    "compare.cycle_b": ("右を替える", "Change right"),
    "compare.keep": ("比較を記録に残す", "Keep in the record"),
    "compare.kept": ("比較を記録しました", "Comparison kept in the record"),
    "compare.need_two": ("比べるには2つ以上のグループが必要です",
                         "Comparing needs two or more groups"),
    "compare.letters": ("A〜Eの割合", "Shares on A to E"),
    "compare.shift": ("差（ポイント）", "Change (points)"),
    "compare.triad": ("自助・共助・公助の差", "Change in self, mutual and public help"),
    "compare.changed": ("変化の大きかった質問", "Questions that changed most"),
    "compare.no_change": ("同じ質問への答えの変化はありません", "No common question changed"),
    # dialogs
    "group.new.title": ("グループを追加", "Add a group"),
    "group.new.label": ("名前（例：テーブル3、話し合いの後）", "Label (e.g. Table 3, After)"),
    "group.new.add": ("追加", "Add"),
    "note.title": ("メモを追加", "Add a note"),
    "note.intro": ("この質問について出た意見を、名前なしで書きます",
                   "Write what was said about this question, without names"),
    "note.add": ("追加", "Add"),
    "note.added": ("メモを追加しました", "Note added"),
    "cancel": ("やめる", "Cancel"),
    "ok": ("OK", "OK"),
    "export.title": ("書き出す", "Export"),
    "export.md": ("Markdown（まとめ、図は文字で）", "Markdown (summary, pictures as text)"),
    "export.toml": ("TOML（記録そのもの）", "TOML (the record itself)"),
    "export.notes": ("自由記述を含める", "Include free text"),
    "export.write": ("書き出す", "Write"),
    "export.done": ("書き出しました：{paths}", "Written: {paths}"),
    "export.failed": ("書き出せませんでした：{problem}", "Could not export: {problem}"),
    "export.nothing": ("書き出すファイルを一つ以上選んでください", "Choose at least one file"),
    "overwrite.title": ("上書きしますか", "Replace the file?"),
    "overwrite.body": ("このファイルはもうあります：", "This file already exists:"),
    "overwrite.yes": ("上書きする", "Replace"),
    "overwrite.no": ("やめる", "Keep it"),
    "quit.title": ("保存できませんでした", "Could not save"),
    "quit.body": ("保存せずに終了しますか。", "Quit without saving?"),
    "quit.yes": ("保存せずに終了", "Quit without saving"),
    "quit.no": ("戻る", "Go back"),
    # footer
    "key.back": ("戻る", "Back"),
    "key.next": ("次", "Next"),
    "key.prev": ("前", "Previous"),
    "key.undo": ("元に戻す", "Undo"),
}

STRINGS.update(PICTURE_STRINGS)

def t(key: str, lang: str) -> str:
    """The workshop string ``key`` in ``lang``; falls back to the app's strings."""
    pair = STRINGS.get(key)
    if pair is None:
        return base_strings.t(key, lang)
    return pair[1] if lang == "en" else pair[0]


def has(key: str) -> bool:
    """True for a key of this module or of the app's strings."""
    return key in STRINGS or key in base_strings.STRINGS
