"""Tools for the municipal officer and the coordinator (issue 16), pure Python.

``viewpoints``  協働すべきか: 004 Ⅳ-1's five viewpoints -> verdict, regions, forms
``partner``     partner-selection checklist (004 Ⅳ-1, 003) and the partner's own view
``agreement``   a 協定書 outline in Markdown from a two-party session (003 協働への合意)
``evaluation``  both sides' evaluation after a project, with history (003 評価段階)
``record``      the ``officer`` table these keep on a saved session record
``learn``       texts for the learn screen's words tab (参加/協働, 共同/協同/協働, ...)
"""
