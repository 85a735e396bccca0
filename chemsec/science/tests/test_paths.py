"""Most vulnerable path: search against enumeration, CDP and sensitivity."""

import random

import pytest

from chemsec.science.easi import Response, Task, evaluate_path
from chemsec.science.paths import (
    Diagram,
    Layer,
    enumerate_minimum,
    most_vulnerable_path,
    search_minimum,
    weighted_shortest_path,
)
from chemsec.science.svg import DiagramText, diagram_svg


def p_i(diagram, choice):
    return evaluate_path(
        diagram.path(choice), diagram.p_communication, diagram.response
    ).p_interruption


def random_diagram(rng):
    layers = []
    for k in range(rng.randint(1, 6)):
        elements = tuple(
            Task(
                f"e{k}.{j}",
                round(rng.random(), 2),
                rng.choice("BME"),
                rng.uniform(0, 150),
                rng.choice([None, 0.0, rng.uniform(0, 40)]),
            )
            for j in range(rng.randint(1, 4))
        )
        layers.append(Layer(f"layer {k}", elements))
    response = Response(rng.uniform(30, 400), rng.choice([0.0, rng.uniform(0, 90)]))
    return Diagram(tuple(layers), rng.uniform(0.7, 1.0), response)


def case_a_diagram():
    return Diagram(
        (
            Layer("perimeter", (Task("fence", 0.0, "B", 10), Task("gate", 0.6, "B", 5))),
            Layer("yard", (Task("move to building", 0.0, "B", 12),)),
            Layer("building", (Task("door", 0.9, "B", 90), Task("wall", 0.95, "B", 200))),
            Layer("inner area", (Task("move to inner area", 0.0, "B", 10),)),
            Layer("vault", (Task("inner door", 0.9, "B", 90),)),
            Layer("target", (Task("task at target", 0.0, "B", 120),)),
        ),
        0.95,
        Response(300, 90),
    )


def test_it_finds_the_same_minimum_as_enumeration_on_random_diagrams():
    rng = random.Random(7)
    for _ in range(300):
        diagram = random_diagram(rng)
        choice, _evaluated, proven = search_minimum(diagram)
        assert proven
        assert p_i(diagram, choice) == pytest.approx(
            p_i(diagram, enumerate_minimum(diagram)), abs=1e-12
        )


def test_it_reduces_to_case_a_when_the_weakest_elements_are_taken():
    result = most_vulnerable_path(case_a_diagram())
    assert next(t.name for t in result.tasks) == "fence"
    assert result.tasks[2].name == "door"
    assert result.p_interruption == pytest.approx(0.476041, abs=1e-6)
    assert result.search == "enumeration of every path"


def test_it_searches_large_diagrams_and_proves_the_minimum():
    rng = random.Random(3)
    layers = tuple(
        Layer(
            f"L{k}",
            tuple(Task(f"e{k}{j}", rng.random(), "B", rng.uniform(5, 60)) for j in range(5)),
        )
        for k in range(10)
    )
    diagram = Diagram(layers, 0.95, Response(200, 60))
    result = most_vulnerable_path(diagram, enumeration_limit=10)
    assert result.proven_minimum
    assert result.paths_evaluated < diagram.path_count
    weighted = weighted_shortest_path(diagram)
    assert result.p_interruption <= p_i(diagram, weighted) + 1e-15


def test_it_reports_the_critical_detection_point():
    result = most_vulnerable_path(case_a_diagram())
    # Time left after detection at the start of the inner door: 90 + 120 = 210 < 300,
    # at the start of the first door: 90 + 10 + 90 + 120 = 310 >= 300.
    assert result.critical_detection_point == {"layer": "building", "element": "door"}


def test_it_builds_a_sensitivity_table_for_each_path_element():
    result = most_vulnerable_path(case_a_diagram())
    rows = {row.element: row for row in result.sensitivity}
    assert len(rows) == 6
    # Raising the fence's P(D) from 0 to 0.1 helps; the door is capped at 1.0 from 0.9.
    assert rows["fence"].delta_p_i_detection > 0
    base = result.p_interruption
    door_to_one = [t if t.name != "door" else Task("door", 1.0, "B", 90) for t in result.tasks]
    expected = evaluate_path(door_to_one, 0.95, Response(300, 90)).p_interruption - base
    assert rows["door"].delta_p_i_detection == pytest.approx(expected, abs=1e-12)
    # Delay after the last timely detection point gives the response more time.
    assert rows["task at target"].delta_p_i_delay > 0


def test_it_draws_an_accessible_svg_with_escaped_labels():
    diagram = Diagram(
        (
            Layer(
                "perimeter <outer>",
                (Task('gate "A" & <b>', 0.2, "B", 30), Task("fence", 0.5, "B", 10)),
            ),
        ),
        1.0,
        Response(60, 0),
    )
    svg = diagram_svg(diagram, most_vulnerable_path(diagram))
    assert svg.startswith("<svg") and "<title" in svg and "<desc" in svg
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "&amp;" in svg
    assert "most vulnerable path" in svg  # marked in text, not only by colour


def test_the_description_joins_elements_and_layers_with_the_words_separators():
    diagram = Diagram(
        (
            Layer("perimeter", (Task("gate", 0.2, "B", 30), Task("fence", 0.5, "B", 10))),
            Layer("building", (Task("door", 0.4, "B", 20),)),
        ),
        1.0,
        Response(60, 0),
    )
    arabic = DiagramText(items="\u060c ", clauses="\u061b ")
    svg = diagram_svg(diagram, None, arabic)
    assert "perimeter: gate\u060c fence\u061b building: door" in svg
    assert "perimeter: gate, fence; building: door" in diagram_svg(diagram, None)
