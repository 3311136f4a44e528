"""Sending the takeaway to a printer command (``[printer] command = [...]`` in kiosk.toml).

The command is an argv list run without a shell; the document goes to its
standard input (``lp -d kiosk`` prints what it reads there). It never raises:
a :class:`PrintResult` says whether it worked, with a bilingual message for the
resident and a detail line for the error log. It blocks up to the configured
timeout, so a UI runs it in a worker thread.

Pure Python: no Textual.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

from kyodo_tui.core.kiosk.config import PrinterConfig
from kyodo_tui.core.model import Text
from kyodo_tui.core.qr import DEFAULT_BORDER, takeaway_document

__all__ = ["PrintResult", "print_takeaway"]

_FAILED = Text("印刷できませんでした。QRコードをスマートフォンで読み取ってください。",
               "Could not print. Please scan the QR code with your phone.")


@dataclass(frozen=True, slots=True)
class PrintResult:
    ok: bool
    message: Text
    #: for the error log: what went wrong ("" when ok)
    detail: str = ""


def print_takeaway(printer: PrinterConfig, summary: str, *,
                   border: int = DEFAULT_BORDER) -> PrintResult:
    """Run the printer command with the takeaway (summary + QR) on its stdin."""
    try:
        data = takeaway_document(summary, printer.format, border=border)
        done = subprocess.run(list(printer.command), input=data, capture_output=True,
                              timeout=printer.timeout, check=False, shell=False)
    except FileNotFoundError:
        return PrintResult(False, _FAILED, f"printer command not found: {printer.command[0]}")
    except subprocess.TimeoutExpired:
        return PrintResult(False, _FAILED, f"printer command timed out after "
                                           f"{printer.timeout:g} s")
    except (OSError, ValueError) as exc:
        return PrintResult(False, _FAILED, f"printer command failed: {exc}")
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return PrintResult(False, _FAILED, f"printer command exited {done.returncode}"
                                           + (f": {err[-1]}" if err else ""))
    return PrintResult(True, Text("印刷しました。お受け取りください。",
                                  "Printed. Please take your copy."))
