"""`python -m chemsec.compendium.evaluation [ranker]`: the multilingual search evaluation
against the database of CHEMSEC_DATA_DIR (`multilingual.main`)."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chemsec.settings")
django.setup()

from chemsec.compendium.evaluation.multilingual import main  # noqa: E402  (after setup)

main(sys.argv[1:])
