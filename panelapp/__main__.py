import sys

from panelapp.cli import main

sys.exit(main())
