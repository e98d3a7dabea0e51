"""The students' own questions, grouped into themes with a few representative quotes (pure).

No model and no network: words are lower-cased, stop words dropped and endings trimmed (a light
stemmer); a theme is the word stem shared by the most students not yet in a theme, chosen
greedily, labelled with its commonest spelling and the word most often beside it. Counting
students (not questions) keeps one talkative student from making a theme. A theme needs at least
MIN_GROUP students and its quotes come from different students, so nothing shown is about fewer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .report import MIN_GROUP

MAX_THEMES = 8
QUOTES = 3
QUOTE_CHARS = 200
WORD = re.compile(r"[a-z][a-z'’-]+")
_STOP_WORDS = """a about above after again all also am an and any are as at be been before being below
    between both but by can could did do does doing down during each few for from further get
    got had has have having he her here hers him his how i if in into is it its just like me
    more most my no nor not now of off on once only or other our out over own same she should
    so some such than that the their them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    yours one two three first new way ways good best really much many lot lots thing things
    know think want need make take go going see use used work ask get able well day time
    something anything someone anyone people person find expect look
    feel become start help what's how's i'm i've don't didn't"""
STOP = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class Theme:
    label: str
    students: int
    questions: int
    quotes: tuple[str, ...]


def stem(word: str) -> str:
    """A light suffix trim so "interviews"/"interviewing"/"interviewed" meet (not a full stemmer)."""
    word = word.strip("'’-").replace("’", "'")
    word = word.removesuffix("'s")
    for suffix in ("ingly", "ing", "edly", "ed", "ies", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def words(text: str) -> list[tuple[str, str]]:
    """(stem, spelling) of every content word in a text."""
    return [
        (stem(w), w.strip("'’-"))
        for w in WORD.findall(text.lower())
        if w not in STOP and len(w) > 2 and stem(w) not in STOP
    ]


def themes(texts: Mapping[str, Sequence[str]], min_group: int = MIN_GROUP) -> list[Theme]:
    """Themes in the students' texts (student id -> their questions), largest first."""
    items = [(sid, t.strip()) for sid, ts in texts.items() for t in ts if t and t.strip()]
    stems = [{s for s, _ in words(text)} for _, text in items]
    spelled = Counter(w for _, text in items for w in words(text))
    free = set(range(len(items)))
    found: list[Theme] = []
    while len(found) < MAX_THEMES:
        best = _best_stem(items, stems, free, min_group)
        if best is None:
            break
        members = [i for i in sorted(free) if best in stems[i]]
        free -= set(members)
        found.append(_theme(best, members, items, stems, spelled))
    return found


def _best_stem(
    items: Sequence[tuple[str, str]], stems: Sequence[set[str]], free: set[int], min_group: int
) -> str | None:
    owners: dict[str, set[str]] = {}
    for i in free:
        for s in stems[i]:
            owners.setdefault(s, set()).add(items[i][0])
    mentions = Counter(s for i in free for s in stems[i])
    # Ties: the stem asked about more often, then the longer (more specific) word.
    ranked = sorted(
        owners.items(), key=lambda kv: (-len(kv[1]), -mentions[kv[0]], -len(kv[0]), kv[0])
    )
    return ranked[0][0] if ranked and len(ranked[0][1]) >= min_group else None


def _theme(
    key: str,
    members: Sequence[int],
    items: Sequence[tuple[str, str]],
    stems: Sequence[set[str]],
    spelled: Counter[tuple[str, str]],
) -> Theme:
    beside = Counter(s for i in members for s in stems[i] if s != key)
    label = _spelling(key, spelled)
    if beside:
        label += " / " + _spelling(beside.most_common(1)[0][0], spelled)
    return Theme(
        label=label,
        students=len({items[i][0] for i in members}),
        questions=len(members),
        quotes=_quotes(members, items, stems, beside),
    )


def _spelling(key: str, spelled: Counter[tuple[str, str]]) -> str:
    forms = [(n, w) for (s, w), n in spelled.items() if s == key]
    return max(forms)[1] if forms else key


def _quotes(
    members: Sequence[int],
    items: Sequence[tuple[str, str]],
    stems: Sequence[set[str]],
    beside: Counter[str],
) -> tuple[str, ...]:
    """The members sharing the most words with the rest of the theme, one per student."""
    ranked = sorted(members, key=lambda i: (-sum(beside[s] for s in stems[i]), items[i][1]))
    quotes, seen = [], set()
    for i in ranked:
        sid, text = items[i]
        if sid in seen:
            continue
        seen.add(sid)
        quotes.append(text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…")
        if len(quotes) == QUOTES:
            break
    return tuple(quotes)


def as_data(found: Iterable[Theme]) -> list[dict[str, object]]:
    return [
        {
            "label": t.label,
            "students": t.students,
            "questions": t.questions,
            "quotes": list(t.quotes),
        }
        for t in found
    ]
