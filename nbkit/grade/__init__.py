"""Batch grading: rubric evaluation as data, a papermill process pool, gradebook and report.

The public entry point is `nbkit.grade.batch.grade_submissions` (what `nbkit grade` calls).
Nothing here ever executes code that came from a submission: submissions are read as data.
"""
