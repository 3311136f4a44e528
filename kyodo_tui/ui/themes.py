"""The app's themes: a calm default and a high-contrast one for kiosks and projectors."""

from __future__ import annotations

from textual.theme import Theme

DEFAULT_THEME = "kyodo-calm"
HIGH_CONTRAST_THEME = "kyodo-high-contrast"

#: A calm, dark green-blue theme: readable for a long time, not shouting.
KYODO_CALM = Theme(
    name=DEFAULT_THEME,
    primary="#4E9A8F",
    secondary="#6C8EBF",
    accent="#E0B45C",
    warning="#E0B45C",
    error="#D0625F",
    success="#7DB36A",
    foreground="#E6E9E4",
    background="#1C2321",
    surface="#252E2B",
    panel="#2F3A36",
    dark=True,
)

#: Black and white with a strong yellow accent: for low vision, sunlight, projectors.
KYODO_HIGH_CONTRAST = Theme(
    name=HIGH_CONTRAST_THEME,
    primary="#FFD700",
    secondary="#00FFFF",
    accent="#FFD700",
    warning="#FFD700",
    error="#FF5555",
    success="#55FF55",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#FFFFFF",
    dark=True,
    luminosity_spread=0.25,
    text_alpha=1.0,
    variables={
        "border": "#FFFFFF",
        "border-blurred": "#BBBBBB",
        "footer-key-foreground": "#FFD700",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFD700",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#FFD700 60%",
    },
)

THEMES: tuple[Theme, ...] = (KYODO_CALM, KYODO_HIGH_CONTRAST)
#: the order the theme key binding cycles through
CYCLE: tuple[str, ...] = (DEFAULT_THEME, HIGH_CONTRAST_THEME)
