from globalmarket.core.templatetags.gm import safe_html


def test_safe_html_keeps_the_catalog_allowlist_only():
    html = '<p>Fine <a href="https://example.test">link</a></p><img src="x"><script>bad()</script>'
    assert str(safe_html(html)) == (
        '<p>Fine <a href="https://example.test" rel="noopener nofollow">link</a></p>'
    )
    assert safe_html(None) == ""
