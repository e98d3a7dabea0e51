"""The deliverable: HTML, PDF, submission JSON and .ipynb built from the workspace as DATA.

Student text is only ever escaped into static markup (Jinja2 with autoescape), never rendered as
Markdown or HTML, and the deliverable carries no script and loads nothing from the network.
"""
