"""Participant mode: a workshop participant answers on their own phone.

Served only (``kyodo serve --mode workshop --participants ADDRESS`` starts one
such app per phone): the standard questions, anonymously, for everybody in the
room (no individual/group limit), then the answer set goes to the workshop's
inbox in the sessions database (:mod:`kyodo_tui.core.workshop.inbox`), where
the facilitator's room picture takes it within a second or two. Nothing is
saved as a session; nothing of anyone else is shown. Laid out for a phone
(about 40 columns).
"""

from kyodo_tui.ui.modes.participant.app import ParticipantApp

APP_CLASS = ParticipantApp

__all__ = ["APP_CLASS", "ParticipantApp"]
