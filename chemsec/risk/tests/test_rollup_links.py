"""Every link on the demo's national roll-up leads somewhere its reader may go.

Found by crawling the demo: the roll-up listed the authority's restricted national threat
to a colleague without a share, whose link then answered 404 (fixed when the roll-up came
to show only what its reader may see); this crawl keeps every link honest."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from chemsec.core.models import Membership

pytestmark = pytest.mark.django_db


def test_every_link_on_the_demo_roll_up_answers():
    from chemsec.demo import demo_create

    demo_create()
    members = Membership.objects.select_related("user", "organisation")
    checked = 0
    for membership in members:
        client = Client()
        client.force_login(membership.user)
        session = client.session
        session["organisation_id"] = str(membership.organisation_id)  # the switcher's choice
        session.save()
        page = client.get(reverse("risk:rollup"))
        assert page.status_code == 200
        links = set(re.findall(r'href="(/[^"#]*)', page.content.decode()))
        for link in sorted(links):
            if link.startswith(("/static/", "/api/v1/docs")):
                continue
            answer = client.get(link)
            assert answer.status_code in (200, 302), (membership.user.username, link, answer)
            checked += 1
    assert checked
