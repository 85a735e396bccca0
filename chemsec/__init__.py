"""ChemSec: an open-source platform for chemical security."""

__version__ = "0.1.0"
