"""xAPI 1.0.3 statements of learning, for a learning-record store (LRS).

Each enrolment becomes statements a Moodle or Open edX learning-record store takes in: the
learner "registered" for the course, "experienced" each module read, "attempted" then
"passed" or "failed" each quiz attempt (with its scaled score), and "completed" the course.

The learner is an xAPI Agent identified by an account on this portal (its home page and the
user name), never by e-mail: an export carries no more personal data than it needs.
Statement ids are name-based UUIDs (version 5) of what they record, so the same record
exported twice has the same id and a store keeps it once.

`statement` and `statement_problems` are pure; `statements_for` reads the database.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chemsec.training.models import Enrolment

XAPI_VERSION = "1.0.3"
VERBS = {
    "registered": "http://adlnet.gov/expapi/verbs/registered",
    "experienced": "http://adlnet.gov/expapi/verbs/experienced",
    "attempted": "http://adlnet.gov/expapi/verbs/attempted",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
}
ACTIVITY_TYPES = {
    "course": "http://adlnet.gov/expapi/activities/course",
    "module": "http://adlnet.gov/expapi/activities/module",
    "assessment": "http://adlnet.gov/expapi/activities/assessment",
}
# The namespace of this portal's statement ids (uuid5 of the record they describe).
NAMESPACE = uuid.UUID("6f7d1c2e-5a0b-4c1e-9a53-8c2f4b6d7e10")
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_DURATION = re.compile(r"^P(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$")


@dataclass(frozen=True)
class Activity:
    """An xAPI activity: an IRI, a name and one of ACTIVITY_TYPES."""

    iri: str
    name: str
    kind: str
    language: str = "en"

    def as_object(self) -> dict[str, Any]:
        return {
            "objectType": "Activity",
            "id": self.iri,
            "definition": {
                "name": {self.language: self.name},
                "type": ACTIVITY_TYPES[self.kind],
            },
        }


def agent(home_page: str, name: str) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": home_page, "name": name}}


def statement(
    *,
    actor: Mapping[str, Any],
    verb: str,
    activity: Activity,
    timestamp: dt.datetime,
    key: str,
    parent: Activity | None = None,
    result: Mapping[str, Any] | None = None,
    registration: str | None = None,
    platform: str = "ChemSec",
) -> dict[str, Any]:
    """One statement; `key` names the record it describes (for its stable id), and
    `registration` the enrolment it belongs to (xAPI's context.registration, a UUID)."""
    if timestamp.tzinfo is None:
        raise ValueError("Statement times must be timezone-aware.")
    out: dict[str, Any] = {
        "id": str(uuid.uuid5(NAMESPACE, f"{verb}|{activity.iri}|{key}")),
        "actor": dict(actor),
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": activity.as_object(),
        "timestamp": timestamp.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "context": {"platform": platform, "language": activity.language},
        "version": XAPI_VERSION,
    }
    if registration is not None:
        out["context"]["registration"] = str(uuid.UUID(registration))
    if parent is not None:
        out["context"]["contextActivities"] = {"parent": [parent.as_object()]}
    if result:
        out["result"] = dict(result)
    return out


def score_result(score_percent: int, passed: bool) -> dict[str, Any]:
    return {
        "score": {"scaled": round(score_percent / 100, 4), "raw": score_percent, "min": 0,
                  "max": 100},
        "success": passed,
        "completion": True,
    }  # fmt: skip


# --- Checking a statement against the xAPI 1.0.3 requirements ------------------------------


def statement_problems(data: Mapping[str, Any]) -> list[str]:
    """What a statement breaks among xAPI 1.0.3's requirements on the members it uses."""
    problems = [f"{name} is required" for name in ("actor", "verb", "object") if name not in data]
    if "id" in data:
        try:
            uuid.UUID(str(data["id"]))
        except ValueError:
            problems.append("id must be a UUID")
    problems += _actor_problems(data.get("actor"))
    verb = data.get("verb")
    if isinstance(verb, Mapping):
        if not _IRI.match(str(verb.get("id", ""))):
            problems.append("verb.id must be an IRI")
        if "display" in verb and not _language_map(verb["display"]):
            problems.append("verb.display must be a language map")
    elif verb is not None:
        problems.append("verb must be an object")
    problems += _object_problems(data.get("object"))
    if "timestamp" in data:
        try:
            moment = dt.datetime.fromisoformat(str(data["timestamp"]).replace("Z", "+00:00"))
            if moment.tzinfo is None:
                problems.append("timestamp should carry its time zone")
        except ValueError:
            problems.append("timestamp must be ISO 8601")
    problems += _result_problems(data.get("result"))
    return problems


def _language_map(value: Any) -> bool:
    return (
        isinstance(value, Mapping)
        and bool(value)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    )


def _actor_problems(actor: Any) -> list[str]:
    if actor is None:
        return []
    if not isinstance(actor, Mapping):
        return ["actor must be an object"]
    present = [ifi for ifi in IFIS if ifi in actor]
    if len(present) != 1:
        return ["an Agent has exactly one inverse functional identifier"]
    account = actor.get("account")
    if present == ["account"] and not (
        isinstance(account, Mapping)
        and _IRI.match(str(account.get("homePage", "")))
        and account.get("name")
    ):
        return ["account needs homePage (an IRL) and name"]
    return []


def _object_problems(obj: Any) -> list[str]:
    if obj is None:
        return []
    if not isinstance(obj, Mapping) or not _IRI.match(str(obj.get("id", ""))):
        return ["object.id must be an IRI"]
    if obj.get("objectType", "Activity") != "Activity":
        return []
    definition = obj.get("definition", {})
    if "name" in definition and not _language_map(definition["name"]):
        return ["object.definition.name must be a language map"]
    return []


def _result_problems(result: Any) -> list[str]:
    if result is None:
        return []
    if not isinstance(result, Mapping):
        return ["result must be an object"]
    score = result.get("score")
    if isinstance(score, Mapping):
        scaled = score.get("scaled")
        if scaled is not None and not -1 <= scaled <= 1:
            return ["result.score.scaled is between -1 and 1"]
        low, high, raw = score.get("min"), score.get("max"), score.get("raw")
        if low is not None and high is not None and not low < high:
            return ["result.score.min is below max"]
        if raw is not None and low is not None and high is not None and not low <= raw <= high:
            return ["result.score.raw is between min and max"]
    if "duration" in result and not _DURATION.match(str(result["duration"])):
        return ["result.duration is an ISO 8601 duration"]
    return []


# --- From the database ---------------------------------------------------------------------


def activities(base_url: str, enrolment: Enrolment) -> tuple[Activity, dict[Any, Activity]]:
    from django.urls import reverse

    course = enrolment.course
    root = base_url + reverse("training:course", args=[course.slug])
    course_activity = Activity(root, course.title, "course", course.language)
    modules = {
        module.pk: Activity(
            base_url + reverse("training:module", args=[course.slug, module.slug]),
            module.title, "module", course.language,
        )
        for module in course.modules.all()
    }  # fmt: skip
    return course_activity, modules


def statements_for(enrolments: Iterable[Enrolment], base_url: str) -> Iterator[dict[str, Any]]:
    """Every statement of the enrolments, in time order within each enrolment. Pass
    enrolments with `course__modules`, `progress` and `attempts` prefetched."""
    for enrolment in enrolments:
        yield from sorted(_of_enrolment(enrolment, base_url), key=lambda s: s["timestamp"])


def _of_enrolment(enrolment: Enrolment, base_url: str) -> Iterator[dict[str, Any]]:
    course, modules = activities(base_url, enrolment)
    key = str(enrolment.pk)
    say = partial(
        statement, actor=agent(base_url + "/", enrolment.learner.get_username()), registration=key
    )
    yield say(verb="registered", activity=course, timestamp=enrolment.started_at, key=key)
    for read in enrolment.progress.all():
        module = modules[read.module_id]
        yield say(verb="experienced", activity=module, timestamp=read.read_at, key=key,
                  parent=course)  # fmt: skip
    for attempt in enrolment.attempts.all():
        target = modules.get(attempt.module_id, course)
        quiz = Activity(f"{target.iri}#quiz", target.name, "assessment", target.language)
        result = score_result(attempt.score, attempt.passed)
        attempt_key = f"{key}|{attempt.number}"
        yield say(verb="attempted", activity=quiz, timestamp=attempt.submitted_at,
                  key=attempt_key, parent=course)  # fmt: skip
        yield say(verb="passed" if attempt.passed else "failed", activity=quiz,
                  timestamp=attempt.submitted_at, key=attempt_key, parent=course,
                  result=result)  # fmt: skip
    if enrolment.completed_at is not None:
        yield say(verb="completed", activity=course, timestamp=enrolment.completed_at, key=key,
                  result={"completion": True, "success": True})  # fmt: skip
