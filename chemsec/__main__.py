import sys

from chemsec.cli import main

sys.exit(main())
