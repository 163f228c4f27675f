"""``value.name`` on data in templates: the sandbox's dict shortcut keeps Jinja's rules."""
import pytest
from jinja2.sandbox import SandboxedEnvironment

from edureport.core.errors import TemplateError
from edureport.templating.environment import render_text, text_environment


@pytest.mark.parametrize("source", ["{{ it.title }}", "{{ it.items is callable }}", "{{ it.get('title') }}",
                                    "{{ it['items'] }}", "{{ it.title|length }}"])
def test_dict_lookups_read_as_plain_jinja_does(source):
    data = {"it": {"title": "标题", "items": ["子项"]}}
    plain = SandboxedEnvironment().from_string(source).render(data)
    assert text_environment().from_string(source).render(data) == plain


def test_a_missing_key_is_still_an_undefined_error_naming_it():
    with pytest.raises(TemplateError, match="title"):
        render_text("{{ it.title }}", {"it": {"text": "正文"}}, "template.yaml")


def test_internal_attributes_stay_blocked():
    with pytest.raises(TemplateError):
        render_text("{{ it.__class__.__mro__ }}", {"it": {}}, "template.yaml")
