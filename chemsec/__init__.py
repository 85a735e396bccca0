"""ChemSec: an open-source platform for chemical security."""

import os

__version__ = "0.1.0"

# One BLAS thread per process: web and job workers are already one per core, and
# competing BLAS threads made query embedding five to eight times slower.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
