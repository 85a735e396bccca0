"""A request's matches give the need's words that matter (QA): whole words of the practice
(no "port" where it only says "transport"), never stop words."""

from __future__ import annotations

import re

import pytest

from chemsec.assistance.matching import match_practices
from chemsec.compendium.models import Practice
from chemsec.compendium.search import _REASON_STOPWORDS, STOPWORDS
from chemsec.lib import lexical

pytestmark = pytest.mark.django_db

NEED = (
    "Our port has no other way to stop theft of chlorine in transport: drivers do not "
    "report stops, and the trucks are not tracked."
)


def test_a_need_mentioning_transport_gives_no_port_where_the_practice_says_transport(content):
    matches = match_practices(need=NEED, stage="transport", limit=10)
    assert matches
    stop = STOPWORDS | _REASON_STOPWORDS | lexical.STOPWORDS
    seen_transport_only = False
    for match in matches:
        terms = [
            t for r in match.reasons if r["code"] == "search_terms" for t in r["params"]["terms"]
        ]
        assert not [t for t in terms if t.casefold() in stop], (match.urn, terms)
        practice = Practice.objects.get(urn=match.urn)
        text = " ".join([practice.title, practice.summary, *practice.keywords, practice.body])
        if "transport" in terms and not re.search(r"\bports?\b", text, re.IGNORECASE):
            seen_transport_only = True
            assert "port" not in terms
    assert seen_transport_only
