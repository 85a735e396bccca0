"""Issue 16, section 2 ("doubts said out loud"), with identifiers as real files write them
around the identifier: full-width forms typed in East Asian input modes, no-break and
ideographic spaces, typographic primes in locants, a "CAS" label before the number, a
code in brackets, a purity or grade, a second name after a semicolon. Each came back
unresolved; each is now read as the identifier it holds, and the row says what was read.
A name cut short is taken only when it is a listed chemical's: what was cut away may have
been part of the identity, so a cut name never makes a row clear.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from chemsec.screening import screen
from chemsec.screening.engine.plain import cas_after_label, name_without_qualifier, plain_text
from chemsec.screening.engine.results import InputRow
from chemsec.screening.engine.structure import clearly_smiles
from chemsec.screening.tests.conftest import entries_of, screener
from chemsec.screening.tests.writings import listed, single_molecules

LABELS = ("CAS {}", "CAS-No. {}", "CAS No.: {}", "CAS RN: {}", "CAS#{}", "CAS Number {}",
          "cas reg. no. {}", "CAS Registry Number: {}")  # fmt: skip


def _full_width(text: str) -> str:
    """ASCII written as a Chinese or Japanese input mode writes it (U+FF01-U+FF5E, and the
    ideographic space)."""
    return "".join(
        "\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text
    )


def _with_cas() -> list:
    seen, out = set(), []
    for e in listed():
        if e.cas and e.cas not in seen:
            seen.add(e.cas)
            out.append(e)
    return out


def _codes(result) -> list[str]:
    return [n.code for n in result.notes]


@pytest.mark.parametrize("label", LABELS)
def test_every_listed_cas_number_after_a_label_names_its_entry(label: str) -> None:
    entries = _with_cas()
    results = screen([label.format(e.cas) for e in entries], use_opsin=False)
    for e, r in zip(entries, results, strict=True):
        assert r.status == "matched" and (e.list, e.code) in entries_of(r), (label, e.cas)
        assert r.identity.cas == e.cas and "read_plainly" in _codes(r)


def test_every_listed_cas_number_in_full_width_names_its_entry() -> None:
    entries = _with_cas()
    written = [_full_width(e.cas) for e in entries] + [_full_width(f"CAS {e.cas}") for e in entries]
    results = screen(written, use_opsin=False)
    for text, r in zip(written, results, strict=True):
        assert r.status == "matched", (text, r.reason)
        assert "read_plainly" in _codes(r)


def test_a_labelled_number_with_a_bad_check_digit_says_so() -> None:
    (bad,) = screen(["CAS No. 7782-50-6"], use_opsin=False)
    assert bad.status == "invalid" and "check digit" in bad.reason


def _named() -> list:
    """Listed chemicals with an English name the list data resolves."""
    out, seen = [], set()
    for e in listed():
        name = (e.text.split(":")[0] if ":" in e.text else e.text).strip()
        if e.cas and name and name.lower() not in seen and len(name) < 80:
            seen.add(name.lower())
            out.append((e, name))
    return out


def test_list_names_with_primes_and_no_break_spaces_name_their_entries() -> None:
    pairs = [(e, n) for e, n in _named() if "'" in n or " " in n]
    assert len(pairs) > 30
    written = [n.replace("'", "\u2032").replace(" ", "\u00a0", 1) for _, n in pairs]
    alone = screen([n for _, n in pairs], use_opsin=False)
    results = screen(written, use_opsin=False)
    for (_, name), before, r in zip(pairs, alone, results, strict=True):
        if before.status != "matched":
            continue  # the name as the list writes it is not resolved either
        assert r.status == "matched" and entries_of(before) <= entries_of(r), (name, r.reason)


@pytest.mark.parametrize("tail", [" (GB)", ", 99%", ", 98.5 % w/w", " ≥99%", ", technical grade",
                                  "; trade name", " (CAS {cas})", " gas", ", anhydrous",
                                  " solution"])  # fmt: skip
def test_list_names_with_a_qualifier_name_their_entries(tail: str) -> None:
    pairs = _named()
    alone = screen([n for _, n in pairs], use_opsin=False)
    written = [n + tail.format(cas=e.cas) for e, n in pairs]
    results = screen(written, use_opsin=False)
    checked = 0
    for text, before, r in zip(written, alone, results, strict=True):
        if before.status != "matched":
            continue
        checked += 1
        assert r.status == "matched" and entries_of(before) <= entries_of(r), (text, r)
        # The offline index knows some of these whole ("Phosgene solution", "Potassium
        # fluoride, anhydrous"): then nothing was cut and nothing is noted.
        known_whole = screener().resolver.names.by_name(text) is not None
        assert ("read_plainly" in _codes(r)) != known_whole, (text, r.notes)
    assert checked > 50


@pytest.mark.parametrize(
    "text",
    [
        "Phosphorus (oxychloride)",  # what is cut away is part of the identity
        "Hexane (mixture of isomers)",  # not listed: a cut name never clears a row
        "Water; sarin",  # the first name is not listed: the second is not taken either
    ],
)
def test_a_cut_name_that_is_not_a_listed_chemical_never_makes_a_row_clear(text: str) -> None:
    (result,) = screen([text], use_opsin=False)
    assert result.status != "clear", result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CAS 7782-50-5", "7782-50-5"),
        ("CAS-No. 7782 50 5", "7782 50 5"),
        ("cas rn:7782505", "7782505"),
        ("CASE 7782-50-5", None),
        ("Cassava 7782-50-5", None),
        ("CAS", None),
        ("7782-50-5", None),
    ],
)
def test_a_cas_label_is_read_only_before_a_number(text: str, expected: str | None) -> None:
    assert cas_after_label(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sarin (GB)", "Sarin"),
        ("tris(2-chloroethyl)amine", None),  # brackets inside the name
        ("bis(2-chloroethyl (HD)", None),  # what is left is half a name
        ("Triethanolamine, 99 %", "Triethanolamine"),
        ("Mustard gas; HD", "Mustard gas"),
        ("H (x)", None),  # fewer than two letters left
    ],
)
def test_qualifiers_are_cut_only_from_a_whole_name(text: str, expected: str | None) -> None:
    assert name_without_qualifier(text) == expected


@given(hs.text(alphabet=hs.characters(max_codepoint=0xFFFF), max_size=40))
@settings(max_examples=200)
def test_plain_text_is_idempotent(text: str) -> None:
    written = plain_text(text)
    if written is None:
        return
    assert plain_text(written) is None  # written plainly once is written plainly
    assert written == written.strip() and "  " not in written


@given(hs.sampled_from(_with_cas()), hs.sampled_from(LABELS), hs.booleans())
@settings(max_examples=60, deadline=None)
def test_any_listed_cas_in_any_label_and_width_is_never_clear(entry, label, wide) -> None:
    text = label.format(entry.cas)
    text = _full_width(text) if wide else text
    (result,) = screen([InputRow(text)], use_opsin=False)
    assert result.status == "matched" and (entry.list, entry.code) in entries_of(result), text


@pytest.mark.parametrize(
    "wrap", ["'{}'", "“{}”", "«{}»", "{};", "{},", "{}.", "‘{}’;", "{} some title", "{}\tGB"]
)
def test_listed_smiles_wrapped_in_quotes_or_followed_by_a_title_name_their_entries(
    wrap: str,
) -> None:
    molecules = single_molecules()
    if " " in wrap or "\t" in wrap:  # a title is cut only after SMILES-only syntax
        molecules = tuple(e for e in molecules if clearly_smiles(e.smiles))
    assert len(molecules) > 50
    results = screen([InputRow(wrap.format(e.smiles)) for e in molecules], use_opsin=False)
    missed = [
        (wrap.format(e.smiles), r.status)
        for e, r in zip(molecules, results, strict=True)
        if (e.list, e.code) not in entries_of(r)
    ]
    assert not missed, missed[:5]
    assert all("read_plainly" in _codes(r) for r in results)


@pytest.mark.parametrize("text", ["CO gas", "NO2 fumes", "CO fumes", "OP spray"])
def test_a_first_word_that_is_only_possibly_a_smiles_is_never_read_as_one(text: str) -> None:
    """'CO gas' is carbon monoxide, not methanol (the SMILES 'CO'): only a first word in
    SMILES-only syntax (brackets, bonds, branches, ring closures) is read as a SMILES."""
    (result,) = screen([text], use_opsin=False)
    assert result.status == "unresolved", result


def test_listed_inchis_without_their_prefix_and_inchikeys_in_lower_case_name_their_entries() -> (
    None
):
    from rdkit import Chem

    molecules = [e for e in single_molecules() if e.inchikey]
    written = []
    for e in molecules:
        inchi = Chem.MolToInchi(Chem.MolFromSmiles(e.smiles))
        written += [inchi.removeprefix("InChI="), e.inchikey.lower()]
    results = screen([InputRow(t) for t in written], use_opsin=False)
    pairs = [(e, t) for e in molecules for t in (0, 1)]
    missed = [
        (text, r.status)
        for (e, _), text, r in zip(pairs, written, results, strict=True)
        if (e.list, e.code) not in entries_of(r) or "read_plainly" not in _codes(r)
    ]
    assert len(molecules) > 50 and not missed, missed[:5]


def test_a_second_name_after_a_spaced_slash_is_set_aside() -> None:
    assert name_without_qualifier("Sarin / GB") == "Sarin"
    assert name_without_qualifier("and/or") is None  # a slash inside a word is kept


@pytest.mark.parametrize(
    "row", ["Triethanolamine;102716;-5", "Chlorine gas;CAS 7782-50-5;", "Sarin;107-44-8;abc"]
)
def test_a_delimited_row_read_as_one_line_is_never_read_by_its_first_cell(row: str) -> None:
    """A semicolon file whose header ChemSec does not know is read line by line: its rows
    are not "a name; a second name", so their other cells (a bad concentration, another
    CAS number) are never set aside unseen; the row stays unresolved and says so."""
    (result,) = screen([row], use_opsin=False)
    assert result.status == "unresolved", result
    assert name_without_qualifier(row.rstrip(";")) is None


def test_a_semicolon_export_with_german_headers_is_read_as_its_table(tmp_file) -> None:
    """An ERP export as German tools write it: "CAS-Nr." and "Konz." name the columns, so
    each row is screened by its CAS number and a bad concentration is refused there."""
    from chemsec.screening import screen_rows
    from chemsec.screening.engine.inputs import read_file

    path = tmp_file(
        "export.csv",
        "Product name;CAS-Nr.;Konz.\n"
        '"Thiodiglycol, technical grade";111-48-8;99\n'
        "Chlorine gas;CAS 7782-50-5;\n"
        "Triethanolamine;102716;-5\n",
    )
    thiodiglycol, chlorine, tea = screen_rows(read_file(str(path)), use_opsin=False)
    assert thiodiglycol.status == "matched" and ("CWC", "2B13") in entries_of(thiodiglycol)
    assert chlorine.status == "matched" and chlorine.identity.cas == "7782-50-5"
    assert tea.status == "invalid" and "-5" in tea.reason
