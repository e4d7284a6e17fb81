"""`{% letter_text call "rejection" as legal %}`: the legal text a letter prints, from reference data."""

from django import template

from schemes.selectors import letter_text as letter_text_for

register = template.Library()


@register.simple_tag
def letter_text(call, kind):
    return letter_text_for(call, kind)
