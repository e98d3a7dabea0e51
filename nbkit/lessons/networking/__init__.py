"""The "Introduction to Networking" lesson's plugin: the comfort result (IPIP Extraversion score,
band, spectrum picture, saved takes), goal plans with a drafted outreach message, the tracker's
extras (conversations held, its own row checks, goal prefill, CSV/XLSX downloads), the drafted
reflection texts and the .ics calendar. Its cells are registered as `networking.<name>`.
"""
