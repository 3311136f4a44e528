"""Kiosk mode's own UI strings, Japanese first and English always.

The core's bilingual texts (「まだ使っていますか？」, the apology, the closed
notice, the PIN guard's messages, the printer's messages) are used as they
are; what only the kiosk screens say is here. No East-Asian-ambiguous glyphs
(… ※ ○ → “ ”) in these strings: they are UI chrome.
"""

from __future__ import annotations

from kyodo_tui.core.model import Lang, Text

S: dict[str, Text] = {
    # the welcome screen's large language buttons
    "lang.ja": Text("日本語", "日本語"),
    "lang.en": Text("English", "English"),
    "lang.hint": Text("Touch a language / 言語を選べます", "言語を選べます / Touch a language"),
    # idle countdown
    "countdown.keep": Text("つづける", "Continue"),
    "countdown.finish": Text("終わる", "Finish now"),
    "countdown.touch": Text("画面にふれるか、どれかのキーを押すと続けられます。",
                            "Touch the screen or press any key to continue."),
    # results in kiosk mode
    "results.takeaway": Text("結果を持ち帰る", "Take it with you"),
    "results.finish": Text("終わる", "Finish"),
    "results.finish_hint": Text("「終わる」を押すと、回答はすべて消えます。",
                                "Finish clears every answer."),
    # takeaway
    "takeaway.title": Text("結果を持ち帰る", "Take your result with you"),
    "takeaway.scan": Text("スマートフォンのカメラでQRコードを読み取ると、この結果が表示されます。"
                          "名前や回答の文章は含まれていません。",
                          "Scan the QR code with your phone's camera to keep this result. "
                          "It holds no name and none of your written answers."),
    "takeaway.no_qr": Text("QRコードを表示するには、画面（ウィンドウ）を大きくしてください。",
                           "Make the screen (window) larger to show the QR code."),
    "takeaway.qr_off": Text("この端末ではQRコードは表示しません。",
                            "This kiosk does not show a QR code."),
    "takeaway.print": Text("印刷する", "Print"),
    "takeaway.printing": Text("印刷しています。しばらくお待ちください。",
                              "Printing, please wait."),
    "takeaway.back": Text("もどる", "Back"),
    "takeaway.finish": Text("終わる", "Finish"),
    # staff PIN
    "pin.title": Text("職員用: 暗証番号を入力してください", "Staff only: enter the PIN"),
    "pin.help": Text("正しい暗証番号でキオスクモードを終了します。",
                     "The right PIN ends kiosk mode."),
    "pin.placeholder": Text("暗証番号（数字）", "PIN (digits)"),
    "pin.ok": Text("終了する", "Exit kiosk"),
    "pin.cancel": Text("やめる", "Cancel"),
    "pin.checking": Text("確認しています", "Checking"),
    "pin.empty": Text("暗証番号を入力してください。", "Please enter the PIN."),
    # closed
    "closed.title": Text("利用時間外", "Closed"),
    "closed.hours": Text("利用時間", "Opening hours"),
    # enlarge
    "enlarge.title": Text("画面を大きくしてください", "Please enlarge the screen"),
    "enlarge.body": Text("この画面（ウィンドウ）は小さすぎます。横{w}文字・縦{h}行以上にしてください。",
                         "This screen (window) is too small: make it at least {w} columns "
                         "by {h} lines."),
    # apology
    "apology.ok": Text("はい", "OK"),
    "apology.persistent": Text("申し訳ありません。ただいまこの端末は使えません。"
                               "お手数ですが、窓口の職員にお知らせください。",
                               "Sorry, this kiosk is out of order just now. "
                               "Please tell the staff at the desk."),
}


def t(key: str, lang: Lang | str, **params: object) -> str:
    """The kiosk string ``key`` in ``lang`` (``str.format``-ed with params)."""
    text = S[key].get("en" if lang == "en" else "ja")
    return text.format(**params) if params else text


def bi(text: Text, lang: Lang | str) -> str:
    """A core :class:`Text` in ``lang``."""
    return text.get("en" if lang == "en" else "ja")
