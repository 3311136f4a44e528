"""The UI's structure (issue 11): screens' CSS in .tcss files that exist, one dialog
base for every mode, and the few private Textual APIs left named in one place."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

from textual.app import App
from textual.screen import ModalScreen, Screen

import kyodo_tui.ui

UI = Path(kyodo_tui.ui.__file__).parent


def _ui_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages([str(UI)], "kyodo_tui.ui.")]


def _classes(base: type) -> list[type]:
    for name in _ui_modules():
        importlib.import_module(name)
    seen: list[type] = []
    todo = [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.append(sub)
                todo.append(sub)
    return [c for c in seen if c.__module__.startswith("kyodo_tui.")]


def _css_paths(cls: type) -> list[Path]:
    paths = cls.CSS_PATH  # type: ignore[attr-defined]
    if paths is None:
        return []
    return [Path(p) for p in (paths if isinstance(paths, list) else [paths])]


def test_every_screen_and_app_stylesheet_exists_beside_its_module() -> None:
    screens = _classes(Screen)
    apps = _classes(App)
    assert len(screens) > 20 and apps
    for cls in [*screens, *apps]:
        for path in _css_paths(cls):
            # absolute: a relative path would resolve beside a subclass's own module
            assert path.is_absolute() or cls in apps, (cls, path)
            full = path if path.is_absolute() else Path(
                importlib.import_module(cls.__module__).__file__ or "").with_name(str(path))
            assert full.is_file(), (cls, full)
            assert full.suffix == ".tcss"


def test_screens_keep_no_css_in_python_strings() -> None:
    """A screen's CSS is in its .tcss (CSS_PATH); DEFAULT_CSS is for small widgets."""
    offenders = [cls.__qualname__ for cls in _classes(Screen)
                 if cls.__dict__.get("DEFAULT_CSS") or cls.__dict__.get("CSS")]
    assert offenders == []


def test_every_rule_of_a_screen_stylesheet_names_a_type() -> None:
    """Screen stylesheets stay loaded once read: a rule naming only an id or class
    would style other screens too."""
    for tcss in sorted(UI.rglob("*.tcss")):
        if tcss.name in ("app.tcss", "workshop.tcss"):
            continue  # the app's own layout (loaded by the App)
        text = re.sub(r"/\*.*?\*/", "", tcss.read_text(encoding="utf-8"), flags=re.S)
        depth = 0
        selector = ""
        for ch in text:
            if ch == "{":
                if depth == 0:
                    for part in selector.split(","):
                        first = part.strip().split()[0]
                        assert re.match(r"[A-Z]", first), (tcss.name, part.strip())
                depth += 1
                selector = ""
            elif ch == "}":
                depth -= 1
                selector = ""
            elif depth == 0:
                selector += ch


def test_one_dialog_base_for_every_mode() -> None:
    from kyodo_tui.ui.screens.dialog import Dialog

    modals = [cls for cls in _classes(ModalScreen) if cls.__module__ != "kyodo_tui.ui.screens.dialog"]
    dialogs = {cls.__name__ for cls in modals if issubclass(cls, Dialog)}
    # the yes/no, text and export dialogs of intake, workshop and the save consent
    assert {"ConfirmModal", "ResumeDraftModal", "ProblemsModal", "SaveConsentScreen",
            "ConfirmDialog", "TextDialog", "ExportDialog"} <= dialogs
    # no second base class for dialogs anywhere
    others = [cls.__qualname__ for cls in modals
              if not issubclass(cls, Dialog) and "dialog" in cls.__name__.lower()]
    assert others == []


def test_private_textual_apis_are_named_with_the_version_checked() -> None:
    """Each private Textual name the UI still touches carries a comment naming the
    Textual version checked; the ones issue 11 removed stay removed."""
    removed = ("_parse_action", "_bindings._add_binding", "._clipboard", "self._exit")
    for path in sorted(UI.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for name in removed:
            assert name not in text, (path.name, name)
    kept = {
        "widgets/ascii_toggle.py": "def _button(",
        "modes/kiosk/app.py": "def _handle_exception(",
        "modes/kiosk/driver.py": "textual._xterm_parser",
    }
    for rel, name in kept.items():
        text = (UI / rel).read_text(encoding="utf-8")
        assert name in text and "Textual 8.2.8" in text, rel
    overrides = [p.relative_to(UI).as_posix() for p in UI.rglob("*.py")
                 if "def _button(" in p.read_text(encoding="utf-8")]
    assert overrides == ["widgets/ascii_toggle.py"]


def test_a_mode_screen_module_does_not_import_its_app() -> None:
    """Layers: a mode's screens sit below its app; importing one (through the
    package's __init__ too) leaves the app unimported."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import kyodo_tui.ui.modes.intake.common, kyodo_tui.ui.modes.intake.modals\n"
        "import kyodo_tui.ui.modes.workshop.room, kyodo_tui.ui.modes.workshop.dialogs\n"
        "import kyodo_tui.ui.modes.kiosk.notices, kyodo_tui.ui.screens.save_consent\n"
        "import kyodo_tui.ui.widgets.room_picture\n"
        "print(sorted(m for m in sys.modules if m.startswith('kyodo_tui.ui.modes.')"
        " and m.endswith('.app')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
