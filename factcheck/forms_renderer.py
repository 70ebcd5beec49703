"""How form fields and widgets are rendered (settings.FORM_RENDERER).

Django ships every one of its field and widget templates twice, for its own
template language and for Jinja2. Rendered with Jinja2 the claim editor's
fifteen fields cost about a fifth of what they did (each field is several
nested templates, and nesting is where the template language is slow). The
admin's own widgets (related-object links, URL and date inputs) exist only
for the template language: those, and any other template Jinja2 does not
have, are rendered as before. Pages stay Django templates."""

from functools import cache

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FormRenderer(BaseRenderer):
    def __init__(self):
        self.jinja2, self.django = Jinja2(), DjangoTemplates()

    def get_template(self, template_name):
        return self._renderer_for(template_name).get_template(template_name)

    @cache  # noqa: B019 - one renderer per process (get_default_renderer), a few dozen names
    def _renderer_for(self, template_name):
        try:
            self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django
        return self.jinja2
