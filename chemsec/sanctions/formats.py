"""Readers of the official sanctions and denied-party list files: plain data, no Django.

Each reader takes the file's bytes and returns a `ParsedList`: the list's own date or
version when the file states one, and its entries with names, aliases, countries (ISO
3166-1 alpha-2, lower case, as rigour's territories spell them), identifiers and addresses.

Formats read (see docs/sanctions.md for where each is published):

- ``us_csl``: the US Consolidated Screening List, JSON (``{"results": [...]}``) or CSV
  (the published column names: ``_id``, ``source``, ``name``, ``alt_names`` ...);
- ``un``: the UN Security Council consolidated list XML (``CONSOLIDATED_LIST``);
- ``eu``: the EU consolidated financial-sanctions list XML (``export`` /
  ``sanctionEntity``, namespace ``http://eu.europa.ec/fpi/fsd/export``);
- ``uk``: the UK sanctions list XML (``Designations`` / ``Designation``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from rigour.territories import lookup_territory

SOURCES = ("us_csl", "un", "eu", "uk")
PERSON, ORGANISATION, VESSEL, UNKNOWN = "person", "organisation", "vessel", "unknown"


class ListFormatError(ValueError):
    """The file is not one of the supported list formats, or is malformed."""


@dataclass(frozen=True)
class Identifier:
    kind: str
    number: str
    country: str = ""


@dataclass(frozen=True)
class ParsedEntry:
    key: str  # the list's own identifier of the entry
    kind: str  # person | organisation | vessel | unknown
    names: tuple[str, ...]  # the primary name first, then aliases
    countries: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    addresses: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    list_name: str = ""  # the sub-list (CSL "source", UN list type, EU regime, UK regime)

    def fingerprint(self) -> str:
        """A hash of everything that matching reads: changes when the entry changes."""
        payload = json.dumps(
            [
                self.kind,
                sorted(self.names),
                sorted(self.countries),
                sorted([i.kind, i.number, i.country] for i in self.identifiers),
                sorted(self.addresses),
                sorted(self.programmes),
                self.list_name,
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode()).hexdigest()


@dataclass
class ParsedList:
    source: str
    version: str  # the file's own date or version, "" when it states none
    entries: list[ParsedEntry] = field(default_factory=list)


def country_code(value: str) -> str:
    """An ISO alpha-2 code (lower case) for a code or a country's name; "" if unknown."""
    value = (value or "").strip()
    if not value:
        return ""
    territory = lookup_territory(value)
    if territory is None:
        return ""
    return str(territory.code or "").lower()


def _countries(values: list[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for value in values:
        code = country_code(value)
        if code and code not in seen:
            seen.append(code)
    return tuple(seen)


def _unique(values: list[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for value in values:
        value = " ".join((value or "").split())
        if value and value not in seen:
            seen.append(value)
    return tuple(seen)


def _kind(value: str) -> str:
    value = (value or "").strip().lower()
    if value in {"individual", "person", "p"}:
        return PERSON
    if value in {"entity", "enterprise", "organisation", "organization", "e"}:
        return ORGANISATION
    if value in {"vessel", "ship"}:
        return VESSEL
    return UNKNOWN


# --- US Consolidated Screening List --------------------------------------------------------


def _csl_record(row: dict[str, object], *, split: bool) -> ParsedEntry:
    def text(name: str) -> str:
        value = row.get(name)
        return "" if value is None else str(value)

    def items(name: str) -> list[object]:
        value = row.get(name)
        if isinstance(value, list):
            return value
        if split and isinstance(value, str) and value.strip():
            return [part.strip() for part in value.split(";") if part.strip()]
        return []

    addresses: list[str] = []
    countries: list[str] = []
    for item in items("addresses"):
        if isinstance(item, dict):
            parts = [str(item.get(k) or "") for k in ("address", "city", "state", "postal_code")]
            country = str(item.get("country") or "")
            addresses.append(", ".join(p for p in [*parts, country] if p))
            countries.append(country)
        else:
            addresses.append(str(item))
            countries.append(str(item).rsplit(",", 1)[-1])
    identifiers: list[Identifier] = []
    for item in items("ids"):
        if isinstance(item, dict):
            ident = Identifier(
                str(item.get("type") or ""),
                str(item.get("number") or ""),
                country_code(str(item.get("country") or "")),
            )
        else:
            bits = [b.strip() for b in str(item).split(",")]
            ident = Identifier(bits[0], bits[1] if len(bits) > 1 else "", "")
            if len(bits) > 2:
                ident = Identifier(bits[0], bits[1], country_code(bits[2]))
        if ident.number:
            identifiers.append(ident)
    for name in ("nationalities", "citizenships"):
        countries.extend(str(c) for c in items(name))
    key = text("_id") or text("id") or text("entity_number")
    if not key or not text("name"):
        raise ListFormatError("A Consolidated Screening List record has no id or no name.")
    return ParsedEntry(
        key=key,
        kind=_kind(text("type")),
        names=_unique([text("name"), *[str(a) for a in items("alt_names")]]),
        countries=_countries(countries),
        identifiers=tuple(identifiers),
        addresses=_unique(addresses),
        programmes=_unique([str(p) for p in items("programs")]),
        list_name=text("source"),
    )


def read_csl_json(data: bytes) -> ParsedList:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ListFormatError(f"Not valid JSON: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("results"), list):
        raise ListFormatError("The JSON has no 'results' list (US Consolidated Screening List).")
    dates = [
        str(s.get("source_last_updated") or s.get("last_imported") or "")
        for s in doc.get("sources_used") or []
        if isinstance(s, dict)
    ]
    version = max((d for d in dates if d), default="")
    entries = [_csl_record(row, split=False) for row in doc["results"] if isinstance(row, dict)]
    return ParsedList("us_csl", version[:40], entries)


def read_csl_csv(data: bytes) -> ParsedList:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ListFormatError(f"The CSV is not UTF-8: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"name", "source"} <= set(reader.fieldnames):
        raise ListFormatError("The CSV lacks the 'name' and 'source' columns of the CSL.")
    entries = [_csl_record(dict(row), split=True) for row in reader]
    return ParsedList("us_csl", "", entries)


# --- XML lists ------------------------------------------------------------------------------


def _xml(data: bytes) -> ET.Element:
    if b"<!DOCTYPE" in data[:2000] or b"<!ENTITY" in data[:2000]:
        raise ListFormatError("XML with a document type or entities is refused.")
    try:
        return ET.fromstring(data)  # noqa: S314 - no DTD or entities (checked above)
    except ET.ParseError as exc:
        raise ListFormatError(f"Not well-formed XML: {exc}") from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: ET.Element | None, name: str) -> str:
    if element is None:
        return ""
    found = _children(element, name)
    return " ".join((found[0].text or "").split()) if found else ""


def read_un(root: ET.Element) -> ParsedList:
    entries: list[ParsedEntry] = []
    for group, kind in (("INDIVIDUALS", PERSON), ("ENTITIES", ORGANISATION)):
        for block in _children(root, group):
            for record in block:
                prefix = "INDIVIDUAL" if kind == PERSON else "ENTITY"
                primary = " ".join(
                    _text(record, part)
                    for part in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
                    if _text(record, part)
                )
                aliases = [
                    _text(alias, "ALIAS_NAME") for alias in _children(record, f"{prefix}_ALIAS")
                ]
                native = _text(record, "NAME_ORIGINAL_SCRIPT")
                countries = [_text(n, "VALUE") for n in _children(record, "NATIONALITY")] + [
                    _text(a, "COUNTRY") for a in _children(record, f"{prefix}_ADDRESS")
                ]
                addresses = [
                    ", ".join(
                        p for p in (_text(a, k) for k in ("STREET", "CITY", "STATE_PROVINCE")) if p
                    )
                    + (f", {_text(a, 'COUNTRY')}" if _text(a, "COUNTRY") else "")
                    for a in _children(record, f"{prefix}_ADDRESS")
                ]
                identifiers = tuple(
                    Identifier(
                        _text(d, "TYPE_OF_DOCUMENT"),
                        _text(d, "NUMBER"),
                        country_code(_text(d, "ISSUING_COUNTRY")),
                    )
                    for d in _children(record, f"{prefix}_DOCUMENT")
                    if _text(d, "NUMBER")
                )
                key = _text(record, "REFERENCE_NUMBER") or _text(record, "DATAID")
                if not key or not primary:
                    raise ListFormatError("A UN list record has no reference number or name.")
                entries.append(
                    ParsedEntry(
                        key=key,
                        kind=kind,
                        names=_unique([primary, native, *aliases]),
                        countries=_countries(countries),
                        identifiers=identifiers,
                        addresses=_unique([a.strip(", ") for a in addresses]),
                        programmes=_unique([_text(record, "UN_LIST_TYPE")]),
                        list_name=_text(record, "UN_LIST_TYPE"),
                    )
                )
    return ParsedList("un", (root.get("dateGenerated") or "")[:40], entries)


def read_eu(root: ET.Element) -> ParsedList:
    entries: list[ParsedEntry] = []
    for record in _children(root, "sanctionEntity"):
        subject = _children(record, "subjectType")
        kind = _kind(subject[0].get("code", "") if subject else "")
        names = [a.get("wholeName", "") for a in _children(record, "nameAlias")]
        countries = [c.get("countryIso2Code", "") for c in _children(record, "citizenship")]
        addresses = []
        for a in _children(record, "address"):
            countries.append(a.get("countryIso2Code", ""))
            parts = [a.get(k, "") for k in ("street", "poBox", "city", "zipCode")]
            addresses.append(", ".join(p for p in [*parts, a.get("countryDescription", "")] if p))
        identifiers = tuple(
            Identifier(
                i.get("identificationTypeCode", ""),
                i.get("number", ""),
                country_code(i.get("countryIso2Code", "")),
            )
            for i in _children(record, "identification")
            if i.get("number")
        )
        regulation = _children(record, "regulation")
        programme = regulation[0].get("programme", "") if regulation else ""
        key = record.get("euReferenceNumber") or record.get("logicalId") or ""
        if not key or not any(names):
            raise ListFormatError("An EU list record has no reference number or name.")
        entries.append(
            ParsedEntry(
                key=key,
                kind=kind,
                names=_unique(names),
                countries=_countries(countries),
                identifiers=identifiers,
                addresses=_unique(addresses),
                programmes=_unique([programme]),
                list_name=programme,
            )
        )
    return ParsedList("eu", (root.get("generationDate") or "")[:40], entries)


def read_uk(root: ET.Element) -> ParsedList:
    entries: list[ParsedEntry] = []
    for record in _children(root, "Designation"):
        names: list[str] = []
        for block in _children(record, "Names"):
            for name in _children(block, "Name"):
                given = [_text(name, f"Name{i}") for i in range(1, 6)]
                names.append(" ".join(p for p in [*given, _text(name, "Name6")] if p))
        for block in _children(record, "NonLatinNames"):
            names.extend(_text(n, "NameNonLatinScript") for n in _children(block, "NonLatinName"))
        countries: list[str] = []
        addresses: list[str] = []
        for block in _children(record, "Addresses"):
            for address in _children(block, "Address"):
                lines = [_text(address, f"AddressLine{i}") for i in range(1, 7)]
                country = _text(address, "AddressCountry")
                countries.append(country)
                addresses.append(", ".join(p for p in [*lines, country] if p))
        identifiers: list[Identifier] = []
        for details in _children(record, "IndividualDetails"):
            for individual in _children(details, "Individual"):
                for block in _children(individual, "Nationalities"):
                    countries.extend(n.text or "" for n in _children(block, "Nationality"))
                for block in _children(individual, "PassportDetails"):
                    for p in _children(block, "Passport"):
                        if _text(p, "PassportNumber"):
                            identifiers.append(Identifier("passport", _text(p, "PassportNumber")))
        key = _text(record, "UniqueID")
        if not key or not any(names):
            raise ListFormatError("A UK list designation has no unique ID or name.")
        entries.append(
            ParsedEntry(
                key=key,
                kind=_kind(_text(record, "IndividualEntityShip")),
                names=_unique(names),
                countries=_countries(countries),
                identifiers=tuple(identifiers),
                addresses=_unique(addresses),
                programmes=_unique([_text(record, "RegimeName")]),
                list_name=_text(record, "RegimeName"),
            )
        )
    version = (root.get("dateGenerated") or root.get("DateGenerated") or "")[:40]
    return ParsedList("uk", version, entries)


def read_list(data: bytes, filename: str = "") -> ParsedList:
    """Read one list file, recognising its format from its content."""
    head = data[:4000].lstrip(b"\xef\xbb\xbf \r\n\t")
    if head.startswith((b"{", b"[")):
        return read_csl_json(data)
    if head.startswith(b"<"):
        root = _xml(data)
        name = _local(root.tag)
        if name == "CONSOLIDATED_LIST":
            return read_un(root)
        if name == "export":
            return read_eu(root)
        if name == "Designations":
            return read_uk(root)
        raise ListFormatError(f"Unknown XML list (root element {name!r}).")
    if filename.lower().endswith(".csv") or b"," in head.split(b"\n", 1)[0]:
        return read_csl_csv(data)
    raise ListFormatError("Not a supported list file (US CSL JSON or CSV, UN, EU or UK XML).")
