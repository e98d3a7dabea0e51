"""Hostile strings a student could type; every free-text field of the simulated student gets them."""

from __future__ import annotations

PAYLOADS = (
    "<script>alert('script')</script>",
    "<img src=x onerror=\"alert('onerror')\">",
    "<body onload=alert('onload')><div onmouseover=\"alert('hover')\">hover</div>",
    "<a href=\"javascript:alert('href')\">click me</a>",
    "javascript:alert('bare')",
    "<svg xmlns='http://www.w3.org/2000/svg' onload=\"alert('svg')\"><script>alert('svgscript')</script></svg>",
    "[a markdown link](javascript:alert('md')) and ![an image](https://evil.example.com/md.png)",
    "<!-- an HTML comment --> <b>bold?</b>",
    "```mermaid\ngraph TD\n  A-->B\n  click A call alert('mermaid')\n```",
    '{"x": "</script><script>alert(\'json\')</script>"}',
    "<iframe src='https://evil.example.com/frame'></iframe>",
    "<style>body{background:url('https://evil.example.com/css.png')}</style>",
    "<link rel=stylesheet href='https://evil.example.com/x.css'>",
    "https://evil.example.com/plain-url and www.evil.example.com",
    "{{ 7 * 7 }} {% raw %} ${7*7}",
    "emoji \N{GRINNING FACE} and \u05e9\u05dc\u05d5\u05dd right-to-left",
    "a-very-long-line-" + "x" * 5000,
)
BATTERY = "\n".join(PAYLOADS)
