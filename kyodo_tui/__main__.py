from kyodo_tui.cli import main

raise SystemExit(main())
