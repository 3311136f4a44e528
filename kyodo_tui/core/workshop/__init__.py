"""Workshop mode, headless: tallies, the room picture, comparisons, prompts, records.

A facilitator projects the app to a room. Per group (a table, or a round such as
before/after) they key in the show of hands per question and choice, or let
participants answer one after another, anonymously, at one keyboard. This
package turns that into the room picture with the placement engine, compares
groups, suggests discussion prompts from the catalog, and saves, reopens and
exports the record. Pure Python: no Textual (the screens live in ``ui/``).

See ``docs/workshop.md`` for the definitions and the file format.
"""

from kyodo_tui.core.workshop.model import (
    ROOM_ID,
    Counts,
    Group,
    Tally,
    Workshop,
    WorkshopError,
    add_comparison,
    add_group,
    add_hands,
    add_note,
    add_participant,
    group_hands,
    merge_groups,
    new_workshop,
    next_group_id,
    remove_group,
    remove_participant,
    room,
    set_count,
    tally_problem,
)
from kyodo_tui.core.workshop.render import (
    cell_width,
    export_markdown,
    groups_strip_lines,
    histogram_lines,
    question_lines,
    show_text,
    strip_lines,
    triad_lines,
)
from kyodo_tui.core.workshop.store import (
    SCHEMA_VERSION,
    dumps_workshop,
    load_workshop,
    loads_workshop,
    save_workshop,
)
from kyodo_tui.core.workshop.tally import (
    Comparison,
    Dot,
    Expansion,
    GroupPicture,
    PrincipleWeight,
    Prompts,
    QuestionShift,
    QuestionStats,
    compare,
    expand,
    headcount,
    picture,
    prompts,
    question_people,
    room_placement,
)

__all__ = [
    "ROOM_ID",
    "SCHEMA_VERSION",
    "Comparison",
    "Counts",
    "Dot",
    "Expansion",
    "Group",
    "GroupPicture",
    "PrincipleWeight",
    "Prompts",
    "QuestionShift",
    "QuestionStats",
    "Tally",
    "Workshop",
    "WorkshopError",
    "add_comparison",
    "add_group",
    "add_hands",
    "add_note",
    "add_participant",
    "cell_width",
    "compare",
    "dumps_workshop",
    "expand",
    "export_markdown",
    "group_hands",
    "groups_strip_lines",
    "headcount",
    "histogram_lines",
    "load_workshop",
    "loads_workshop",
    "merge_groups",
    "new_workshop",
    "next_group_id",
    "picture",
    "prompts",
    "question_lines",
    "question_people",
    "remove_group",
    "remove_participant",
    "room",
    "room_placement",
    "save_workshop",
    "set_count",
    "show_text",
    "strip_lines",
    "tally_problem",
    "triad_lines",
]
