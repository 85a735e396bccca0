"""Gaussian plume against the notes' reference vectors and published ISC3 values."""

import math

import pytest

from chemsec.science.plume import (
    Plume,
    briggs_sigmas,
    concentration,
    degadis_sigmas,
    distance_to_endpoint,
    ground_centreline_concentration,
    isc3_sigmas,
    sigmas,
)


def test_it_matches_the_briggs_rural_reference_vector():
    s = briggs_sigmas(1000.0, "D", "rural")
    assert s.y == pytest.approx(76.277, abs=5e-4)
    assert s.z == pytest.approx(37.947, abs=5e-4)
    # The notes print 6 significant figures: agree to half a unit in the last place.
    assert ground_centreline_concentration(100.0, 5.0, s) == pytest.approx(2.19941e-3, abs=5e-9)


def test_it_matches_the_degadis_parameterisation_reference_vector():
    s = degadis_sigmas(500.0, "F")
    assert s.y == pytest.approx(18.1023, abs=5e-5)
    assert s.z == pytest.approx(8.4974, abs=5e-5)
    c_kg_m3 = ground_centreline_concentration(100.0, 2.0, s) / 1000.0
    assert c_kg_m3 == pytest.approx(1.0346728325e-4, rel=1e-6)


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (100, 4.651174892531855),
        (500, 18.29689264165363),
        (2000, 50.15135417398994),
        (5000, 88.69020460936578),
        (15000, 169.67281358959912),
        (35000, 271.77785930262854),
    ],
)
def test_it_matches_isc3_class_d_sigma_z(x, expected):
    assert isc3_sigmas(x, "D").z == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(
    ("stability", "x_km", "a", "b"),
    [  # one band per class from ISC3 vol. II Table 1-1 (a, b), checked by hand
        ("A", 0.12, 158.080, 1.05420),
        ("A", 1.0, 453.850, 2.11660),
        ("B", 0.3, 98.483, 0.98332),
        ("C", 7.0, 61.141, 0.91465),
        ("E", 1.5, 21.628, 0.63077),
        ("E", 50.0, 47.618, 0.29592),
        ("F", 0.5, 14.457, 0.78407),
        ("F", 100.0, 34.219, 0.21716),
    ],
)
def test_it_uses_the_published_isc3_sigma_z_table(stability, x_km, a, b):
    expected = min(a * x_km**b, 5000.0)
    assert isc3_sigmas(x_km * 1000, stability).z == pytest.approx(expected, rel=1e-12)


def test_it_uses_the_isc3_sigma_y_formula():
    theta = 0.017453293 * (4.1667 - 0.36191 * math.log(2.0))
    assert isc3_sigmas(2000.0, "F").y == pytest.approx(465.11628 * 2.0 * math.tan(theta))


@pytest.mark.parametrize(
    ("stability", "sy", "sz"),
    [
        ("F", 0.04799712025917409, 0.019193090487424527),
        ("D", 0.09599424051834818, 0.07193528734898633),
    ],
)
def test_it_matches_briggs_near_the_source(stability, sy, sz):
    s = briggs_sigmas(1.2, stability)
    assert s.y == pytest.approx(sy, rel=1e-9)
    assert s.z == pytest.approx(sz, rel=1e-9)


@pytest.mark.parametrize(
    ("x", "c_over_q"),
    [(100, 3.4322e-2), (500, 1.5629e-3), (1000, 4.5208e-4), (2000, 1.4529e-4),
     (5000, 4.0609e-5), (10000, 1.8757e-5)],
)  # fmt: skip
def test_it_matches_rmp_worst_case_dilution(x, c_over_q):
    value = ground_centreline_concentration(1.0, 1.5, briggs_sigmas(x, "F"))
    assert value == pytest.approx(c_over_q, rel=5e-5)  # the notes give 5 significant figures


def test_it_reduces_to_the_centreline_formula_for_ground_releases():
    s = briggs_sigmas(800.0, "C")
    assert concentration(50.0, 3.0, s) == pytest.approx(
        ground_centreline_concentration(50.0, 3.0, s)
    )
    off_axis = concentration(50.0, 3.0, s, y=s.y)
    assert off_axis / concentration(50.0, 3.0, s) == pytest.approx(math.exp(-0.5))


def test_it_has_urban_briggs_but_no_urban_isc3():
    urban = sigmas(1000.0, "D", "urban", "briggs")
    assert urban.y == pytest.approx(0.16 * 1000 / math.sqrt(1.4))
    assert urban.z == pytest.approx(0.14 * 1000 / math.sqrt(1.3))
    with pytest.raises(ValueError, match="urban"):
        sigmas(1000.0, "D", "urban", "isc3")


def test_it_finds_the_distance_to_an_endpoint_by_root_finding():
    plume = Plume(100.0, 5.0, "D")
    endpoint = 2.19941e-3  # the reference concentration at 1000 m
    found = distance_to_endpoint(plume, endpoint)
    assert found.status == "found"
    assert found.distance_m == pytest.approx(1000.0, rel=1e-4)


def test_it_does_not_search_outside_100_m_to_40_km():
    plume = Plume(1.0, 5.0, "D")
    assert distance_to_endpoint(plume, 1.0).text == "< 100 m"
    assert distance_to_endpoint(Plume(1e5, 1.5, "F"), 1e-6).text == "> 40 km"


def test_it_handles_elevated_releases():
    plume = Plume(100.0, 3.0, "D", height_m=50.0)
    ground = plume.at(2000.0)
    found = distance_to_endpoint(plume, ground)
    assert found.status == "found"
    assert plume.at(found.distance_m) == pytest.approx(ground, rel=1e-6)
    assert distance_to_endpoint(plume, 10.0).status == "not-reached"


def test_it_rejects_bad_stability():
    with pytest.raises(ValueError, match="A-F"):
        briggs_sigmas(100.0, "G")
