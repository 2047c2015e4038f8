"""The plan page's printed values, built in Python, print what the template filters printed."""

import pytest
from django.template.defaultfilters import linebreaksbr

from rembuk.plans.matrix_page import text_html


@pytest.mark.parametrize(
    "text", ["", "a", "a\nb", "a\r\nb\rc\n\n", "<script>x</script> & 'q' \"d\"", "  ", "é\u2028"]
)
def test_text_html_is_linebreaksbr(text):
    assert text_html(text) == linebreaksbr(text, autoescape=True)
