"""RFC 3161 timestamps of custody logs, against a test Time-Stamping Authority made here (a
root CA, a TSA certificate with the critical id-kp-timeStamping usage, CMS-signed answers)
and served on the loopback interface: no internet. Off unless a TSA URL is configured."""

from __future__ import annotations

import argparse
import base64
import copy
import io
import json

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from chemsec.custody import chain, command, services, timestamps
from chemsec.custody.tests.tsa import LocalTsa, serving

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tsa():
    return LocalTsa()


@pytest.fixture
def trusted(tsa, tmp_path, settings):
    path = tmp_path / "tsa-roots.pem"
    path.write_bytes(tsa.root_pem)
    settings.CHEMSEC_TSA_CERTIFICATES = str(path)
    return path


def test_it_is_off_unless_a_tsa_is_configured(sample, alice, settings, monkeypatch, capsys):
    settings.CHEMSEC_TSA_URL = ""
    monkeypatch.setattr(timestamps, "fetch", lambda *a, **k: pytest.fail("network call"))
    with pytest.raises(ValidationError, match="No timestamp authority is configured"):
        services.chain_timestamp(actor=alice, sample=sample)
    assert services.custody_report(sample)["timestamps"] == []
    assert command.run_timestamp(argparse.Namespace()) == 2
    assert command.run_verify(argparse.Namespace(export=None)) == 0
    assert "no timestamps (no timestamp authority configured" in capsys.readouterr().out


def test_it_timestamps_the_head_and_verifies_offline(sample, alice, tsa, trusted, settings):
    with serving(tsa) as url:
        settings.CHEMSEC_TSA_URL = url
        stamp = services.chain_timestamp(actor=alice, sample=sample)
        assert services.chain_timestamp(actor=alice, sample=sample).pk == stamp.pk  # same head
    head = sample.entries.get()
    assert (stamp.sequence, stamp.entry_hash) == (1, head.entry_hash)
    assert stamp.authority == "CN=ChemSec Test TSA" and stamp.serial
    settings.CHEMSEC_TSA_URL = ""  # checking needs no TSA
    assert services.verify_sample(sample) == []
    report = json.loads(json.dumps(services.custody_report(sample)))
    roots = timestamps.load_roots(tsa.root_pem)
    assert chain.verify_report(report, roots) == []
    assert chain.verify_report(report) == []  # imprint only, without trusted certificates
    other = LocalTsa()
    assert "does not verify" in chain.verify_report(report, [other.root])[0]


def test_a_token_for_another_hash_or_entry_is_refused(sample, alice, tsa, trusted, settings):
    with serving(tsa) as url:
        settings.CHEMSEC_TSA_URL = url
        services.chain_timestamp(actor=alice, sample=sample)
        services.handover_record(actor=alice, sample=sample, step="opened")
        services.chain_timestamp(actor=alice, sample=sample)
    report = json.loads(json.dumps(services.custody_report(sample)))
    assert [t["sequence"] for t in report["timestamps"]] == [1, 2]
    roots = timestamps.load_roots(tsa.root_pem)
    swapped = copy.deepcopy(report)
    first, second = swapped["timestamps"]
    first["token"], second["token"] = second["token"], first["token"]
    problems = chain.verify_report(swapped, roots)
    assert len(problems) == 2 and all("does not verify" in p for p in problems)
    assert chain.verify_report(swapped)  # the imprints alone show it too
    moved = copy.deepcopy(report)
    moved["timestamps"][0]["sequence"] = 2
    assert "names a hash that is not that entry's" in chain.verify_report(moved, roots)[0]
    broken = copy.deepcopy(report)
    broken["timestamps"][0]["token"] = base64.b64encode(b"junk").decode()
    assert "not an RFC 3161 timestamp response" in chain.verify_report(broken, roots)[0]


def test_an_untrusted_or_broken_answer_is_not_kept(sample, alice, trusted, settings):
    with serving(LocalTsa()) as url:  # a TSA whose root is not the trusted one
        settings.CHEMSEC_TSA_URL = url
        with pytest.raises(ValidationError, match="not used: the token does not verify"):
            services.chain_timestamp(actor=alice, sample=sample)
    settings.CHEMSEC_TSA_URL = "http://127.0.0.1:9/nothing-listens-here"
    with pytest.raises(ValidationError, match="did not answer"):
        services.chain_timestamp(actor=alice, sample=sample)
    assert not sample.timestamps.exists()


def test_only_the_holder_has_it_timestamped(sample, alice, bob, otto, northgate, charlie,
                                            settings):  # fmt: skip
    from chemsec.core.policy import Denied, NotVisible

    settings.CHEMSEC_TSA_URL = "http://127.0.0.1:9/"
    for outsider in (bob, otto):  # a viewer does not see a restricted sample
        with pytest.raises(NotVisible):
            services.chain_timestamp(actor=outsider, sample=sample)
    handover = services.handover_record(actor=alice, sample=sample, step="transported",
                                        to_organisation=northgate)  # fmt: skip
    services.handover_confirm(actor=charlie, handover=handover, seal_intact=True)
    with pytest.raises(Denied):  # a party of the chain, no longer the holder
        services.chain_timestamp(actor=alice, sample=sample)


def test_the_cli_reports_timestamp_status(sample, alice, tsa, trusted, settings, capsys,
                                          tmp_path):  # fmt: skip
    with serving(tsa) as url:
        settings.CHEMSEC_TSA_URL = url
        assert command.run_timestamp(argparse.Namespace()) == 0
    services.handover_record(actor=alice, sample=sample, step="opened")
    assert command.run_verify(argparse.Namespace(export=None)) == 0
    out = capsys.readouterr().out
    assert "S-001: timestamped at " in out and "by CN=ChemSec Test TSA" in out
    assert "(entry 1 of 2, 1 entry after it): verified" in out
    assert "1 sample(s) timestamped (signatures checked)" in out
    path = tmp_path / "report.json"
    path.write_text(json.dumps(services.custody_report(sample)))
    args = argparse.Namespace(export=str(path), tsa_certificates=str(trusted))
    assert command.run_verify(args) == 0
    assert "1 timestamp(s) (signatures checked)" in capsys.readouterr().out


def test_the_page_timestamps_the_log(sample, alice, bob, tsa, trusted, settings):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(alice)
    page = reverse("custody:detail", args=[sample.pk])
    settings.CHEMSEC_TSA_URL = ""
    assert "Trusted timestamps" not in client.get(page).content.decode()  # off: no button
    with serving(tsa) as url:
        settings.CHEMSEC_TSA_URL = url
        assert "Timestamp the log at its last entry" in client.get(page).content.decode()
        answer = client.post(reverse("custody:timestamp", args=[sample.pk]), follow=True)
    html = answer.content.decode()
    assert "The custody log was timestamped at its last entry." in html
    assert "Entry #1 timestamped by CN=ChemSec Test TSA" in html
    assert "Custody chain verified" in html
    pdf = client.get(reverse("custody:export", args=[sample.pk, "pdf"]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Entry #1 timestamped by CN=ChemSec Test TSA" in text
