"""Signing in: passwords, throttling, the second factor and who must use it."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def _code(device):
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def test_it_signs_in_with_a_password(client, bob):
    response = client.post(reverse("login"), {"username": "bob", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"] == bob


def test_it_refuses_a_wrong_password_without_saying_which_part_was_wrong(client, bob):
    response = client.post(reverse("login"), {"username": "bob", "password": "nope"})
    assert response.status_code == 200
    assert b"username or password is not right" in response.content


def test_it_locks_sign_in_after_repeated_failures(client, settings, bob):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "bob", "password": "nope"})
    response = client.post(reverse("login"), {"username": "bob", "password": PASSWORD})
    assert response.status_code == 429
    assert not client.get("/").context["user"].is_authenticated


def test_it_asks_for_the_second_factor_when_enrolled(client, settings, alice):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp backs off after a wrong code
    device = TOTPDevice.objects.create(user=alice, name="app", confirmed=True)
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response["Location"] == reverse("login_verify")
    assert not client.get("/").context["user"].is_authenticated
    response = client.post(reverse("login_verify"), {"token": "000000"})
    assert b"not right" in response.content
    response = client.post(reverse("login_verify"), {"token": _code(device)})
    assert response.status_code == 302
    user = client.get("/").context["user"]
    assert user == alice and user.is_verified()


def test_it_requires_privileged_users_to_enrol_when_configured(client, settings, alice, bob):
    settings.REQUIRE_2FA_FOR_PRIVILEGED = True
    client.force_login(alice)
    response = client.get(reverse("jobs"))
    assert response.status_code == 302 and response["Location"] == reverse("two_factor_setup")
    client.force_login(bob)  # a viewer is not privileged
    assert client.get(reverse("jobs")).status_code == 200


def test_it_enrols_a_second_factor(client, alice):
    client.force_login(alice)
    page = client.get(reverse("two_factor_setup"))
    assert page.context["qr"].startswith("data:image/svg+xml")
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    response = client.post(reverse("two_factor_setup"), {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_it_expires_sessions(settings):
    assert settings.SESSION_COOKIE_AGE <= 24 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_it_sends_password_reset_mail(client, bob, mailoutbox):
    client.post(reverse("password_reset"), {"email": bob.email})
    assert len(mailoutbox) == 1 and "/password-reset/" in mailoutbox[0].body


def test_it_refuses_the_api_to_a_privileged_session_without_a_second_factor(
    client, settings, alice, bob
):
    settings.REQUIRE_2FA_FOR_PRIVILEGED = True
    client.force_login(alice)  # a password alone: no verified second factor
    response = client.get("/api/v1/me")
    assert response.status_code == 403
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"} and error["code"] == "forbidden"
    response = client.post(
        "/api/v1/tokens", {"name": "ci", "scope": "write"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not alice.api_tokens.exists()
    client.force_login(bob)  # a viewer is not privileged
    assert client.get("/api/v1/me").status_code == 200


def test_it_lets_a_verified_privileged_session_use_the_api_and_mint_tokens(client, settings, alice):
    settings.REQUIRE_2FA_FOR_PRIVILEGED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=alice, name="app", confirmed=True)
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    client.post(reverse("login_verify"), {"token": _code(device)})
    assert client.get("/api/v1/me").status_code == 200
    response = client.post(
        "/api/v1/tokens", {"name": "ci", "scope": "write"}, content_type="application/json"
    )
    assert response.status_code == 201


def test_it_refuses_to_mint_a_token_for_an_unverified_privileged_user(settings, alice):
    from django.core.exceptions import PermissionDenied

    from chemsec.core.services import token_create

    settings.REQUIRE_2FA_FOR_PRIVILEGED = True
    with pytest.raises(PermissionDenied):
        token_create(user=alice, name="ci", scope="write")


def test_it_refuses_the_token_of_a_privileged_user_who_never_enrolled(client, settings, alice):
    from chemsec.core.services import token_create

    _token, secret = token_create(user=alice, name="ci", scope="write")  # minted before 2FA
    settings.REQUIRE_2FA_FOR_PRIVILEGED = True
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
    TOTPDevice.objects.create(user=alice, name="app", confirmed=True)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200


def _fail(client, username, address):
    return client.post(
        reverse("login"), {"username": username, "password": "nope"}, REMOTE_ADDR=address
    )


def _sign_in(client, username, address):
    return client.post(
        reverse("login"), {"username": username, "password": PASSWORD}, REMOTE_ADDR=address
    )


@pytest.mark.parametrize("spelling", [" locktest1", "locktest1 ", "LOCKTEST1", "\tLockTest1"])
def test_it_locks_the_name_however_it_is_spelt(client, settings, make_user, spelling):
    settings.LOGIN_MAX_FAILURES = 3
    make_user("locktest1")
    for _ in range(3):
        _fail(client, "locktest1", "203.0.113.9")
    assert _sign_in(client, spelling, "203.0.113.9").status_code == 429
    assert _sign_in(client, "locktest1", "203.0.113.9").status_code == 429


def test_it_signs_in_with_the_name_as_it_will_be_matched(client, bob):
    # The lock and the password check use one normalised name, so a padded name still works.
    assert _sign_in(client, "  bob ", "203.0.113.9").status_code == 302


def test_it_does_not_lock_the_owner_out_for_someone_elses_failures(client, settings, alice):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(10):
        _fail(client, "alice", "203.0.113.9")
    assert _sign_in(client, "alice", "203.0.113.9").status_code == 429
    assert _sign_in(client, "alice", "198.51.100.7").status_code == 302


def test_it_doubles_the_wait_for_each_further_failure_up_to_a_cap(settings, alice):
    from datetime import timedelta

    from chemsec.core.models import LoginFailure
    from chemsec.core.services import LOCK_CAP, login_failure_record, login_locked_until

    settings.LOGIN_MAX_FAILURES, settings.LOGIN_LOCK_MINUTES = 3, 10
    address = "203.0.113.9"

    def fail_and_wait() -> timedelta:
        login_failure_record(username="alice", ip_address=address)
        until = login_locked_until(username="alice", ip_address=address)
        return until - LoginFailure.objects.latest("created_at").created_at if until else None

    def let_the_lock_expire() -> None:
        # Move every failure back in time past its lock, as if the person waited.
        for failure in LoginFailure.objects.all():
            failure.created_at -= timedelta(minutes=10 * 2**6)
            failure.save(update_fields=["created_at"])

    assert fail_and_wait() is None and fail_and_wait() is None
    assert fail_and_wait() == timedelta(minutes=10)
    let_the_lock_expire()
    assert login_locked_until(username="alice", ip_address=address) is None
    assert fail_and_wait() == timedelta(minutes=20)
    assert fail_and_wait() == timedelta(minutes=40)
    for _ in range(12):
        fail_and_wait()
    assert fail_and_wait() == LOCK_CAP


def test_it_limits_one_address_across_names(client, settings, bob):
    settings.LOGIN_MAX_FAILURES = 2
    for number in range(8):  # four times the per-name limit, spread over many names
        _fail(client, f"someone{number}", "203.0.113.9")
    assert _sign_in(client, "bob", "203.0.113.9").status_code == 429
    assert _sign_in(client, "bob", "198.51.100.7").status_code == 302


def test_it_clears_only_the_failures_of_the_address_that_signed_in(client, settings, bob):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        _fail(client, "bob", "203.0.113.9")
    _fail(client, "bob", "198.51.100.7")
    assert _sign_in(client, "bob", "198.51.100.7").status_code == 302
    assert _sign_in(client, "bob", "203.0.113.9").status_code == 429


def test_it_has_no_django_admin_site_to_sign_in_through(client, django_user_model, settings):
    # /admin/login/ had neither the lock nor the second factor; nothing used the admin site.
    django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)
    assert client.get("/admin/login/").status_code == 404
    assert client.post("/admin/login/", {"username": "root", "password": PASSWORD}).status_code in {
        403,
        404,
    }
    assert "django.contrib.admin" not in settings.INSTALLED_APPS


def _reset(client, email, address="203.0.113.9"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_it_throttles_reset_mail_per_email_with_one_answer_for_any_account(
    client, settings, bob, mailoutbox
):
    from chemsec.core.throttle import RESET_PER_EMAIL

    answers = [_reset(client, bob.email) for _ in range(RESET_PER_EMAIL + 3)]
    # The same answer every time, whether mail went out or not: nothing to tell apart.
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, reverse("password_reset_done"))
    }
    assert len(mailoutbox) == RESET_PER_EMAIL
    unknown = _reset(client, "nobody@example.org", "198.51.100.7")
    assert (unknown.status_code, unknown["Location"]) == (302, reverse("password_reset_done"))


def test_it_throttles_password_reset_requests_per_address(client, bob, mailoutbox):
    from chemsec.core.throttle import RESET_PER_ADDRESS

    for number in range(RESET_PER_ADDRESS):
        _reset(client, f"someone{number}@example.org")
    assert _reset(client, bob.email).status_code == 429
    assert _reset(client, bob.email, "198.51.100.7").status_code == 302
    assert len(mailoutbox) == 1


def test_it_sends_the_reset_mail_in_the_readers_language(client, bob, mailoutbox):
    # The mail's body came from the admin app until it was removed; its translations too.
    client.post(reverse("password_reset"), {"email": bob.email}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "choisir un nouveau mot de passe" in mailoutbox[0].body
