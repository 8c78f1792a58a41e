"""Model-graded rubric assertions: a judge model reads the rubric, the case input and the response, and
answers PASS or FAIL with a reason.

The judge may answer in either of two forms:

    PASS - the reply names Paris.            (first line: PASS or FAIL, then the reason)
    {"pass": false, "reason": "no city"}     (one JSON object, optionally in a code fence)

Anything else (an empty reply, prose, JSON of another shape) fails the assertion with the reason
"judge output could not be parsed: ..." quoting what the judge said, and a judge that cannot be reached
fails it with the provider's error: a bad judge never stops a run.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass

from services.evals.assertions import Verdict
from services.evals.model_call import Generated, Target, generate
from services.providers import Providers
from services.providers.base import ChatMessage, GenerationOptions
from services.settings import Settings

JUDGE_MAX_TOKENS = 200
MAX_SHOWN_CHARS = 8_000
MAX_REASON_CHARS = 500

SYSTEM = (
    "You are a strict grader. You read a rubric, the input given to an AI assistant and the assistant's "
    "response, and decide whether the response satisfies the rubric.\n"
    "Answer with PASS or FAIL on the first line, followed by one short sentence giving the reason. "
    "Write nothing else."
)

_FIRST_LINE = re.compile(
    r"^[\s*_#>`\"']*(PASS|FAIL)(?:ED)?\b[\s*_`\"']*[:.,;\-\u2013\u2014]?\s*(.*)$", re.IGNORECASE | re.DOTALL
)
_FENCE = re.compile(r"^```[\w-]*[ \t]*\n(.*?)\n?```$", re.DOTALL)


@dataclass(frozen=True)
class Judgement:
    passed: bool | None  # None: the judge's output could not be parsed
    reason: str


def prompt(rubric: str, case_input: str, output: str) -> list[ChatMessage]:
    def clip(text: str) -> str:
        return text if len(text) <= MAX_SHOWN_CHARS else text[:MAX_SHOWN_CHARS] + "\n[...truncated]"

    user = (
        f"Rubric:\n{rubric.strip()}\n\n"
        f"Input given to the assistant:\n<<<\n{clip(case_input)}\n>>>\n\n"
        f"The assistant's response:\n<<<\n{clip(output)}\n>>>\n\n"
        "Does the response satisfy the rubric? First line: PASS or FAIL. Then the reason."
    )
    return [ChatMessage("system", SYSTEM), ChatMessage("user", user)]


def _clip_reason(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_REASON_CHARS else text[:MAX_REASON_CHARS] + "..."


def parse(text: str) -> Judgement:
    """What the judge decided, or `passed=None` with the reason it could not be read."""
    stripped = text.strip()
    fenced = _FENCE.match(stripped)
    body = fenced.group(1).strip() if fenced else stripped
    if body.startswith("{"):
        return _parse_json(body, stripped)
    lines = [line for line in stripped.splitlines() if line.strip()]
    if lines:
        match = _FIRST_LINE.match(lines[0])
        if match:
            reason = " ".join([match.group(2), *lines[1:]]).strip()
            return Judgement(match.group(1).upper() == "PASS", _clip_reason(reason) or "(no reason given)")
    return _unparseable(stripped)


def _parse_json(body: str, raw: str) -> Judgement:
    try:
        value = json.loads(body)
    except json.JSONDecodeError:
        return _unparseable(raw)
    if not isinstance(value, dict) or not isinstance(value.get("pass"), bool):
        return _unparseable(raw)
    reason = value.get("reason")
    reason = reason if isinstance(reason, str) and reason.strip() else "(no reason given)"
    return Judgement(value["pass"], _clip_reason(reason))


def _unparseable(raw: str) -> Judgement:
    shown = repr(raw[:200] + ("..." if len(raw) > 200 else "")) if raw else "an empty reply"
    return Judgement(None, f"judge output could not be parsed: {shown}")


async def judge(
    providers: Providers,
    settings: Settings,
    model: str,
    *,
    rubric: str,
    case_input: str,
    output: str,
    cancelled: asyncio.Event,
) -> tuple[Verdict, Generated]:
    """The rubric's verdict (never raises for what the judge says or fails to say)."""
    target = Target(label=model, model=model)
    options = GenerationOptions(temperature=0.0, max_tokens=JUDGE_MAX_TOKENS)
    answer = await generate(providers, settings, target, prompt(rubric, case_input, output), options, cancelled)
    if answer.error is not None:
        return Verdict("rubric", False, f"judge {model} failed: {answer.error}"), answer
    if answer.cancelled:
        return Verdict("rubric", False, "judging was cancelled"), answer
    judgement = parse(answer.text)
    prefix = f"judge {model}: "
    if judgement.passed is None:
        return Verdict("rubric", False, judgement.reason), answer
    return Verdict("rubric", judgement.passed, prefix + judgement.reason), answer
