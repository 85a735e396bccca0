"""Pure, typed science: EASI and adversary paths, plume and dense-gas dispersion, releases,
toxic endpoints, quantities and units, threshold tiers, risk figures and matrices, protection
changes and their what-if. Imports nothing from Django or any ChemSec app, so it can be
tested and reused on its own."""
