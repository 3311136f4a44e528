"""Participant mode's texts (Japanese first, English always)."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "app.title": ("ワークショップ", "Workshop"),
    "participant.title": ("ワークショップに参加", "Join the workshop"),
    "participant.intro": (
        "質問に答えると、あなたの答えが部屋の図に点として加わります。"
        "名前や連絡先は聞きません。だれの答えかは分かりません。",
        "Answer the questions and your answers join the room picture as one dot. "
        "No name, no contact details: nobody can tell which dot is yours.",
    ),
    "participant.start": ("始める", "Start"),
    "participant.keys": ("画面のボタンをタッチしてください。", "Tap the buttons on the screen."),
    # the review's button sends instead of opening results
    "review.results": ("送る", "Send"),
    "participant.sent.title": ("送りました", "Sent"),
    "participant.sent": (
        "ありがとうございました。あなたの点が部屋の図に加わりました。",
        "Thank you. Your dot has joined the room picture.",
    ),
    "participant.where": ("あなたは{letter}「{label}」のあたりです。",
                          "You are around {letter}: {label}."),
    "participant.unplaced": ("答えからは、まだ位置が決まりません。",
                             "Your answers do not place you yet."),
    "participant.again": ("別の人が答える", "Someone else answers"),
    "participant.failed": ("送れませんでした。もう一度「送る」を押してください。",
                           "Could not send. Press \"Send\" again."),
}
