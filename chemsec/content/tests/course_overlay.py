"""A small overlay of the starter course, for the tests: the course and its first module
(foundations, with its quiz) in French or Arabic; the other modules stay English.

Tests write it under a temporary content root (``write_course_overlay``) rather than into
chemsec/content/translations, where the translators' own files go.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from chemsec.content.reader import DEFAULT_ROOT

COURSE = "urn:chemsec:course:fundamentals:v1"
FOUNDATIONS = f"{COURSE}:foundations"
TITLES = {
    "fr": "Les fondamentaux de la sûreté chimique tout au long du cycle de vie",
    "ar": "أساسيات الأمن الكيميائي عبر دورة الحياة",
}
MODULE_TITLES = {
    "fr": "Pourquoi la sûreté chimique, et comment elle s'organise",
    "ar": "لماذا الأمن الكيميائي، وكيف يُنظَّم",
}
SUMMARIES = {
    "fr": "Une introduction pour celles et ceux qui protègent les produits chimiques.",
    "ar": "مقدمة لمن يحمون المواد الكيميائية المثيرة للقلق.",
}
HEADINGS = {
    "fr": "La sûreté et la sécurité sont deux questions différentes",
    "ar": "السلامة والأمن سؤالان مختلفان",
}
SENTENCES = {
    "fr": "La sécurité chimique vise les accidents ; la sûreté, les actes délibérés.",
    "ar": "تُعنى السلامة الكيميائية بالحوادث، ويُعنى الأمن بالأفعال المتعمدة.",
}
FR_QUIZ = """    quiz:
      - text: Qu'est-ce qui distingue la sûreté chimique de la sécurité chimique ?
        explanation: La sûreté porte sur les actes délibérés ; la sécurité, sur les accidents.
        choices:
          - La sûreté traite des actes délibérés comme le vol, le détournement ou le sabotage.
          - La sûreté ne s'applique qu'au transport des produits chimiques.
          - La sûreté remplace les mesures de sécurité.
          - La sûreté ne concerne que les produits inscrits dans les traités.
      - text: Par quoi le programme de sûreté d'un site doit-il commencer ?
        explanation: L'évaluation désigne les actifs critiques et les lacunes à combler.
        choices:
          - L'achat du système de caméras le plus avancé.
          - Une évaluation de la vulnérabilité de ses actifs critiques.
          - Attendre qu'une inspection signale les problèmes.
          - Copier tel quel le plan d'un autre site.
      - text: Lesquels de ces éléments relèvent d'un système de management de la sûreté ?
        explanation: Un système de management a des objectifs, des responsables et des audits.
        choices:
          - Un responsable de la sûreté désigné, avec un suppléant et de l'autorité.
          - Des audits internes et une revue de direction.
          - Des actions issues de l'évaluation, avec responsables et échéances.
          - Un plan écrit une fois et jamais revu.
      - text: Que donnent en général aux autorités les lois nationales sur la sûreté chimique ?
        choices:
          - Le pouvoir d'autoriser, de collecter des données, d'inspecter et de sanctionner.
          - La propriété de toutes les installations chimiques.
          - Le droit de publier le plan de sûreté de chaque site.
"""


def course_overlay(language: str = "fr", *, quiz: str | None = None, status: str = "draft",
                   extra: str = "", source_version: int = 1) -> str:  # fmt: skip
    """The overlay's YAML text; ``quiz`` replaces the French quiz (``""``: none)."""
    review = (
        "\n    reviewed_by: Amina Haddad\n    reviewed_on: 2027-01-15"
        if status == "reviewed"
        else ""
    )
    if quiz is None:
        quiz = FR_QUIZ if language == "fr" else ""
    return f"""kind: translation
language: {language}
translates: training/fundamentals.yaml
objects:
  - urn: {COURSE}
    source_version: {source_version}
    status: {status}{review}
    title: {TITLES[language]}
    summary: >-
      {SUMMARIES[language]}
{extra}  - urn: {FOUNDATIONS}
    source_version: {source_version}
    status: {status}{review}
    title: {MODULE_TITLES[language]}
    body: |
      ## {HEADINGS[language]}

      {SENTENCES[language]}
{quiz}"""


def write_course_overlay(root: Path, text: str, language: str = "fr") -> Path:
    """``text`` as translations/<language>/training/fundamentals.yaml under ``root``."""
    path = root / "translations" / language / "training" / "fundamentals.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def content_root_with_overlay(root: Path, text: str, language: str = "fr") -> Path:
    """A copy of the English content a course overlay depends on, plus the overlay."""
    for folder in ("compendium", "frameworks", "training"):
        shutil.copytree(DEFAULT_ROOT / folder, root / folder)
    write_course_overlay(root, text, language)
    return root
