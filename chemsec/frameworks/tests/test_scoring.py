"""Scoring, gaps and aggregates: hand-computed expectations (pure module, no database)."""

from chemsec.frameworks.scoring import (
    AnswerSpec,
    QuestionSpec,
    answer_points,
    bar_chart,
    heat_class,
    mean_by_section,
    overall_score,
    priority_for,
    rank_gaps,
    section_scores,
)

QUESTIONS = [
    QuestionSpec("A.1", "A", "maturity", 3),
    QuestionSpec("A.2", "A", "yes_partial_no_na", 1),
    QuestionSpec("A.3", "A", "number", 2),
    QuestionSpec("B.1", "B", "yes_partial_no_na", 2),
    QuestionSpec("B.2", "B", "maturity", 1),
    QuestionSpec("C.1", "C", "text", 1),
]


def test_it_maps_answers_to_points():
    assert [answer_points("yes_partial_no_na", v) for v in ["yes", "partial", "No", "na"]] == [
        4.0,
        2.0,
        0.0,
        None,
    ]
    assert answer_points("maturity", "3") == 3.0
    assert answer_points("maturity", "5") is None
    assert answer_points("number", "12") is None
    assert answer_points("text", "yes") is None


def test_it_weights_section_scores_and_leaves_out_unscored_answers():
    answers = [
        AnswerSpec("A.1", "1"),  # 1 x 3
        AnswerSpec("A.2", "yes"),  # 4 x 1
        AnswerSpec("A.3", "42"),  # number: not scored
        AnswerSpec("B.1", "na"),  # not applicable: left out
        AnswerSpec("B.2", "2", confidential=True),
        AnswerSpec("C.1", "free text"),
    ]
    scores = {s.section: s for s in section_scores(QUESTIONS, answers)}
    assert scores["A"].score == 1.75  # (3 + 4) / (3 + 1)
    assert scores["A"].scored == 2
    assert scores["B"].score == 2.0 and scores["B"].only_confidential
    assert scores["C"].score is None and scores["C"].scored == 0
    assert overall_score(scores.values()) == 1.88  # (1.75 + 2) / 2


def test_it_ranks_gaps_by_weight_times_shortfall():
    answers = [
        AnswerSpec("A.1", "2"),  # 3 x (4 - 2) = 6
        AnswerSpec("A.2", "no"),  # 1 x 4 = 4
        AnswerSpec("B.1", "partial"),  # 2 x 2 = 4 (ties keep framework order)
        AnswerSpec("B.2", "4"),  # no gap
    ]
    gaps = rank_gaps(QUESTIONS, answers)
    assert [(g.code, g.size) for g in gaps] == [("A.1", 6.0), ("A.2", 4.0), ("B.1", 4.0)]


def test_it_averages_sections_over_states_ignoring_missing_scores():
    rows = [{"A": 1.0, "B": None}, {"A": 3.0, "B": 2.0}]
    assert mean_by_section(rows, ["A", "B", "C"]) == {"A": 2.0, "B": 2.0, "C": None}


def test_it_classes_heat_cells_and_priorities():
    assert [heat_class(v) for v in [None, 0.0, 1.99, 3.5, 4.0]] == [
        "heat-none",
        "heat-0",
        "heat-1",
        "heat-3",
        "heat-4",
    ]
    assert [priority_for(s) for s in [12, 6, 4, 2]] == ["high", "high", "medium", "low"]


def test_it_lays_out_bars_on_the_0_to_4_scale():
    bars, height = bar_chart([("A", 4.0), ("B", 2.0), ("C", None)], width=640, label_width=90)
    assert [b.width for b in bars] == [510.0, 255.0, 0.0]
    assert bars[1].y == 42 and height == 3 * 32 + 10 + 20
