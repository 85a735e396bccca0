"""The shipped world outline (Natural Earth 1:110m), country names in the six languages,
and the map's shading steps."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from chemsec.lib import worldmap


def test_the_outline_has_the_sovereign_states_with_their_iso_codes():
    shapes = worldmap.outline()["countries"]
    assert 165 <= len(shapes) <= 180  # 1:110m admin-0 holds about 170 countries
    # Natural Earth codes France and Norway -99 in ISO_A2: the outline must still have them.
    for code in ("FR", "NO", "KE", "BR", "US", "IN", "CH", "PH"):
        assert shapes[code]["d"].startswith("M")


def test_label_points_fall_inside_the_countries_bounds():
    """The label point is in the mainland: lon + 180, 85 - lat in the 360 x 170 box."""
    shapes = worldmap.outline()["countries"]
    bounds = {  # (west, east, south, north) in degrees, from any atlas
        "FR": (-5, 10, 41, 52),  # metropolitan France, not French Guiana
        "KE": (34, 42, -5, 5),
        "BR": (-74, -34, -34, 6),
        "NO": (4, 32, 57, 72),
    }
    for code, (west, east, south, north) in bounds.items():
        x, y = shapes[code]["c"]
        assert west <= x - 180 <= east and south <= 85 - y <= north, code


def test_counts_outside_the_outline_are_listed_not_dropped():
    drawn, missing = worldmap.countries({"KE": 2, "XA": 1, "XB": 3})
    assert missing == ["XA", "XB"]
    kenya = next(c for c in drawn if c.code == "KE")
    assert kenya.count == 2 and kenya.level == 2 and kenya.radius > 0


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=0, max_value=500))
def test_shading_never_falls_as_counts_rise(a, b):
    low, high = sorted((a, b))
    assert worldmap.level(low) <= worldmap.level(high)
    assert (worldmap.level(low) == 0) == (low == 0)


def test_country_names_come_in_the_readers_language():
    assert worldmap.country_name("KE", "en") == "Kenya"
    assert worldmap.country_name("KE", "fr") == "Kenya"
    assert worldmap.country_name("KE", "ar") == "كينيا"
    assert worldmap.country_name("KE", "zh-hans") == "肯尼亚"
    assert worldmap.country_name("FR", "ru") == "Франция"
    assert worldmap.country_name("DE", "es") == "Alemania"
    assert worldmap.country_name("QQ", "fr") == "QQ"  # a code no one knows stays itself


def test_user_assigned_codes_are_never_named_by_cldr_pseudo_locales():
    """ISO 3166-1 user-assigned codes (AA, QM-QZ, XA-XZ, ZZ) are the code itself in every
    language: CLDR calls XA "Pseudo-Accents", XB "Pseudo-Bidi", QO "Outlying Oceania"."""
    for code in ("AA", "QM", "QO", "QZ", "XZ", "ZZ"):
        for language in ("en", "ar", "es", "fr", "ru", "zh-hans"):
            assert worldmap.country_name(code, language) == code, (code, language)
            assert worldmap.country_name(code.lower(), language) == code
    # The demo's XA and XB have the names the installation gives them, not CLDR's.
    assert worldmap.country_name("xa", "ar") == "Arcadia"
    assert worldmap.country_name("XB", "fr") == "Borealia"
    # Codes beside the user-assigned ranges keep their names.
    assert worldmap.country_name("QA", "en") == "Qatar"
    assert worldmap.country_name("ZA", "en") == "South Africa"
    assert worldmap.country_name("AE", "en") == "United Arab Emirates"
    assert not worldmap.user_assigned("QL") and worldmap.user_assigned("QM")
    assert worldmap.country_name("XK", "en") == "Kosovo"  # by CLDR's, the EU's convention


def test_the_map_lists_user_assigned_codes_by_code():
    drawn, missing = worldmap.countries({"XA": 1.8}, language="en")
    assert missing == ["XA"]
    assert all("Pseudo" not in c.name for c in drawn)
