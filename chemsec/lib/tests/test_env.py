"""Settings read once, through chemsec.lib.env."""

from __future__ import annotations

import pytest

from chemsec.lib.env import ConfigError, evidence_max_mb


def test_the_evidence_limit_is_one_setting_read_from_the_environment() -> None:
    from chemsec import settings

    assert evidence_max_mb() == settings.FRAMEWORKS_EVIDENCE_MAX_MB
    assert evidence_max_mb(environ={}) == 10
    assert evidence_max_mb(environ={"CHEMSEC_EVIDENCE_MAX_MB": "3"}) == 3
    with pytest.raises(ConfigError, match="CHEMSEC_EVIDENCE_MAX_MB='0'"):
        evidence_max_mb(environ={"CHEMSEC_EVIDENCE_MAX_MB": "0"})
