"""Pages: personas, 404 for what one may not see, escaping, headers, languages."""

import pytest
from django.urls import reverse

from chemsec.core.choices import Confidentiality
from chemsec.core.models import Job, Organisation
from chemsec.core.tests.factories import make_job

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>"><img src=x onerror=alert(1)>'


def test_it_serves_the_home_page_to_everyone(personas):
    for client in personas.values():
        response = client.get("/")
        assert response.status_code == 200
        assert b"Keeping toxic chemicals" in response.content


def test_it_sends_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert b"<script>" not in response.content.replace(b"<script src", b"")


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("bob", 404), ("charlie", 404), ("anonymous", 302)]
)
def test_it_shows_a_restricted_job_page_only_to_its_owner(
    personas, restricted_job, persona, status
):
    response = personas[persona].get(reverse("job_detail", args=[restricted_job.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 302), ("bob", 404), ("charlie", 404), ("anonymous", 302)]
)
def test_it_lets_only_the_owner_retry_from_the_page(personas, restricted_job, persona, status):
    response = personas[persona].post(reverse("job_retry", args=[restricted_job.pk]))
    assert response.status_code == status
    if persona == "anonymous":
        assert "/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("bob", 403), ("charlie", 200), ("anonymous", 302)]
)
def test_it_shows_the_audit_page_to_admins_only(personas, persona, status):
    assert personas[persona].get(reverse("audit_log")).status_code == status


def test_it_shows_members_only_to_their_own_organisation(personas, meridian):
    url = reverse("organisation_detail", args=[meridian.slug])
    assert b"bob" in personas["alice"].get(url).content
    assert b"bob" not in personas["charlie"].get(url).content
    assert personas["anonymous"].get(url).status_code == 302


def test_it_escapes_hostile_text_everywhere_it_shows(personas, alice):
    Organisation.objects.create(name=HOSTILE, slug="hostile", kind="other")
    body = personas["alice"].get(reverse("organisation_list")).content.decode()
    assert HOSTILE not in body and "&lt;script&gt;" in body
    response = personas["anonymous"].get("/content/", {"q": HOSTILE})
    assert response.status_code == 200 and HOSTILE not in response.content.decode()


def test_it_switches_organisation_only_to_ones_the_user_belongs_to(
    client, alice, northgate, meridian
):
    from chemsec.core.models import Membership

    Membership.objects.create(user=alice, organisation=northgate, role="viewer")
    client.force_login(alice)
    client.post(reverse("organisation_switch"), {"organisation": northgate.pk, "next": "/"})
    assert client.get("/").context["active_organisation"] == northgate
    stranger = Organisation.objects.create(name="Elsewhere", slug="elsewhere", kind="other")
    response = client.post(reverse("organisation_switch"), {"organisation": stranger.pk})
    assert response.status_code == 404


def test_it_renders_arabic_right_to_left(client):
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    body = client.get("/").content.decode()
    assert 'dir="rtl"' in body and 'lang="ar"' in body
    assert "تسجيل الدخول" in body  # "Sign in"


@pytest.mark.parametrize(
    ("language", "sign_in"),
    [("fr", "Se connecter"), ("es", "Iniciar sesión"), ("ru", "Войти"), ("zh-hans", "登录")],
)
def test_it_translates_the_navigation_and_login(client, language, sign_in):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    body = client.get("/login/").content.decode()
    assert sign_in in body and 'dir="ltr"' in body


def test_it_refreshes_the_job_progress_as_a_partial_for_htmx(personas, restricted_job):
    url = reverse("job_detail", args=[restricted_job.pk])
    partial = personas["alice"].get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="job-progress"' in partial and "<html" not in partial


def test_it_lists_jobs_and_organisations_in_a_fixed_number_of_queries(
    personas, alice, meridian, django_assert_max_num_queries
):
    for _ in range(30):
        make_job(
            kind="core.audit_verify",
            organisation=meridian,
            created_by=alice,
            confidentiality=Confidentiality.ORGANISATION,
        )
        Organisation.objects.create(
            name=f"Org {Job.objects.count()}", slug=f"org-{Job.objects.count()}", kind="other"
        )
    with django_assert_max_num_queries(12):
        assert personas["alice"].get(reverse("jobs")).status_code == 200
    with django_assert_max_num_queries(12):
        assert personas["alice"].get(reverse("organisation_list")).status_code == 200


def test_flash_messages_are_a_list_inside_a_live_region(rf, admin_user):
    # axe's listitem rule: a role on the <ul> itself would strip its list semantics, leaving
    # the <li> orphaned for screen readers; the live region has to wrap the list instead.
    from html.parser import HTMLParser

    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = admin_user
    html = render_to_string(
        "base.html", {"messages": [Message(constants.SUCCESS, "Saved.")]}, request=request
    )

    class Parents(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[tuple[str, dict[str, str | None]]] = []
            self.parents_of_li: list[list[tuple[str, dict[str, str | None]]]] = []

        def handle_starttag(self, tag, attrs):
            if tag == "li" and "message" in (dict(attrs).get("class") or ""):
                self.parents_of_li.append(list(self.stack))
            self.stack.append((tag, dict(attrs)))

        def handle_endtag(self, tag):
            while self.stack and self.stack.pop()[0] != tag:
                pass

    parser = Parents()
    parser.feed(html)
    [parents] = parser.parents_of_li
    (ul_tag, ul_attrs), (_, region_attrs) = parents[-1], parents[-2]
    assert ul_tag == "ul" and "role" not in ul_attrs
    assert region_attrs.get("role") == "status"
