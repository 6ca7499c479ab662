"""`python -m nb2mod` runs the command-line interface."""

from nb2mod.cli import main

raise SystemExit(main())
