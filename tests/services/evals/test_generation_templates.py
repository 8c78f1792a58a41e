"""Saved generation templates without GraphQL: body checks against the declared variables, rendering with
required and optional variables, the bounds, and the import envelope."""

from __future__ import annotations

import json
from typing import Any

import pytest

from services.errors import ImportFailed, ValidationFailed
from services.evals import generation_templates as templates
from services.evals import prompt_templates
from services.evals.prompt_templates import render_all, used_variables
from services.settings import load_settings

LIMITS = load_settings().limits


def checked(**fields: Any) -> templates.TemplateDoc:
    return templates._checked({"name": "t", "body": "Hi {{ who }}", "variables": [{"name": "who"}], **fields}, LIMITS)


def test_the_variables_a_body_reads() -> None:
    body = "{% for t in tags %}{{ t | upper }}{% endfor %} {{ item.x }} {{ index }} {{ range(2) | list }} {{ who }}"
    assert used_variables(body) == {"tags", "item", "index", "who"}  # loop variables and globals are not read


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"body": "Hi {{ who }} from {{ town }}"}, "body", "undeclared variable 'town'"),
        ({"body": "{{ b }}{{ a }}", "variables": []}, "body", "undeclared variables 'a', 'b'"),
        ({"body": "Hi {{ who "}, "body", "syntax error at line 1"),
        ({"body": "   "}, "body", "must not be empty"),
        ({"body": "x" * 20_001}, "body", "at most 20000 characters"),
        ({"body": "{{" + "(" * 300 + "1" + ")" * 300 + "}}", "variables": []}, "body", "nested too deeply"),
        ({"body": "{% if 1 %}" * 300 + "x" + "{% endif %}" * 300, "variables": []}, "body", "nested too deeply"),
        ({"name": "  "}, "name", "must not be empty"),
        ({"name": "n" * 201}, "name", "at most 200 characters"),
        ({"description": "d" * 100_001}, "description", "at most 100000 characters"),
        ({"model": "gpt"}, "model", "provider:model"),
        ({"variables": [{"name": "who"}, {"name": "who"}]}, "variables.1.name", "declared twice"),
        ({"variables": [{"name": "1st"}]}, "variables.0.name", "should match pattern"),
        ({"variables": [{"name": "item"}]}, "variables.0", "given to every item"),
        ({"variables": [{"name": "who", "default": "x"}]}, "variables.0", "a required variable takes no default"),
        (
            {"variables": [{"name": "who", "required": False, "default": "x" * 10_001}]},
            "variables.0",
            "at most 10000 characters of JSON",
        ),
        ({"variables": [{"name": "who", "colour": "red"}]}, "variables.0.colour", "Extra inputs"),
        ({"variables": [{"name": f"v{i}"} for i in range(65)]}, "variables", "at most 64 items"),
    ],
)
def test_bad_templates_name_the_field(fields: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        checked(**fields)
    assert caught.value.field == field and words in caught.value.message, caught.value.message


def test_a_good_template_is_stored_in_its_document_form() -> None:
    doc = checked(
        body="{{ greeting }}, {{ who }}{{ suffix }}",
        variables=[
            {"name": "who", "description": "Whom to greet"},
            {"name": "greeting", "required": False, "default": "Hello"},
            {"name": "suffix", "required": False},
        ],
        model=" ollama:test-model ",
    )
    assert [v.stored() for v in doc.variables] == [
        {"name": "who", "description": "Whom to greet", "required": True},
        {"name": "greeting", "description": "", "required": False, "default": "Hello"},
        {"name": "suffix", "description": "", "required": False},
    ]
    assert doc.model == "ollama:test-model"
    assert checked(model="").model is None


def test_rendering_fills_defaults_and_names_the_item_missing_a_required_variable() -> None:
    declared = [
        v.stored()
        for v in checked(
            body="{{ greeting }}, {{ who }}!{{ suffix }}",
            variables=[
                {"name": "who"},
                {"name": "greeting", "required": False, "default": "Hello"},
                {"name": "suffix", "required": False},
            ],
        ).variables
    ]
    body = "{{ greeting }}, {{ who }}!{{ suffix }}"
    assert render_all(body, [{"who": "Ada"}, {"who": "Bo", "greeting": "Hej", "suffix": " :)"}], declared) == [
        "Hello, Ada!",
        "Hej, Bo! :)",
    ]
    with pytest.raises(ValidationFailed) as caught:
        render_all(body, [{"who": "Ada"}, {"greeting": "Hi"}], declared)
    assert (caught.value.field, caught.value.message) == ("items.1", "items.1: missing required variable 'who'")
    with pytest.raises(ValidationFailed, match=r"items.0: missing required variable 'who' \(the item is not an"):
        render_all(body, ["Ada"], declared)


def test_inline_templates_that_nest_too_deeply_are_refused_clearly() -> None:
    with pytest.raises(ValidationFailed) as caught:
        render_all("{{ a" + ".b" * 400 + " }}", [{"a": 1}])
    assert caught.value.field == "template" and "nested too deeply" in caught.value.message


def document(**template: Any) -> str:
    body = {"name": "t", "body": "Hi {{ who }}", "variables": [{"name": "who"}], **template}
    return json.dumps({"format": templates.FORMAT, "version": 1, "template": body})


def test_import_documents_are_checked_envelope_first() -> None:
    settings = load_settings()
    assert templates.parse_document(document(), settings).variables[0].name == "who"
    good = json.loads(document())
    problems = [
        ("{", None, "not valid JSON"),
        ("[1]", None, "must be an object"),
        (json.dumps({**good, "format": "switchboard.test-suite"}), "format", "format must be"),
        (json.dumps({**good, "version": "1"}), "version", "must be an integer"),
        (json.dumps({**good, "version": 2}), "version", "version 2 is not supported"),
        (json.dumps({**good, "extra": 1}), "extra", "unknown field"),
        (json.dumps({**good, "template": "Hi"}), "template", "must be an object"),
        (document(body="Hi {{ whom }}"), "template.body", "undeclared variable 'whom'"),
        (document(variables=[{"name": "who", "required": "sometimes"}]), "template.variables.0.required", "boolean"),
        (document(name=""), "template.name", "must not be empty"),
        (document(body="{{ who }}\x00"), None, "NUL"),
        ("[" * 100 + "]" * 100, None, "nested more than 64 levels"),
    ]
    for text, path, words in problems:
        with pytest.raises(ImportFailed) as caught:
            templates.parse_document(text, settings)
        assert caught.value.path == path and words in caught.value.message, (text[:80], caught.value.message)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}x", "steps or"),
        ("{{ 'x' * 10**9 }}", "repeating to more than"),
        ("{{ ([1] * 100000) * 100000 }}", "repeating to more than"),
        ("{{ 'x'|center(1000000000) }}", "widths and counts above"),
        ("{{ 'x'.ljust(1000000000) }}", "widths and counts above"),
        ("{{ '%0999999999d' % 1 }}", "format widths"),
        ("{{ '{:>999999999}'.format(1) }}", "format widths"),
        ("{{ '%0999999999d'|format(1) }}", "format widths"),
        ("{{ 9 ** 999999 }}", "exponents above 64"),
        ("{% for a in range(100000) %}{{ 'abcdefghij' }}{% endfor %}", "too long"),
    ],
)
def test_a_template_cannot_make_rendering_unbounded(body: str, says: str) -> None:
    with pytest.raises(ValidationFailed, match=says):
        prompt_templates.render_all(body, [{"name": "Ada"}])


def test_ordinary_formatting_still_renders() -> None:
    body = "{{ name|center(9) }} {{ '{:,}'.format(1234567) }} {{ '%05d' % 42 }} {{ 'ab' * 3 }} {{ 2 ** 10 }}"
    assert prompt_templates.render_all(body, [{"name": "Ada"}]) == ["   Ada    1,234,567 00042 ababab 1024"]
