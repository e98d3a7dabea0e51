"""Lesson plugins: behaviour a lesson needs beyond the core's generic cells.

Each subpackage is one plugin, registered through entry points (`nbkit.cells`, `nbkit.checks`,
`nbkit.views`, `nbkit.formats`; see docs/kit-shape.md). The core never imports from here.
"""
