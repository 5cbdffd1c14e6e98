"""Which administrative units a district or council name in a text means.

Reporting names a place's district in many forms: "Pokrovsk district" (the raion
since 2020), "Yasynuvata raion" (a raion before the 2020 reform), "Krasnoarmiiskyi
raion" (the same raion before it was renamed Pokrovskyi in 2016), "Horlivka City
municipality" (a city council's land, which the pre-2020 raion maps leave to their
neighbours: the hromada of the same town holds it now), misspelt ("Shaktarsk"). Each
place carries the skeletons of its units (raion, pre-2020 raion with its centre's
former names, hromada); :func:`unit_key` reduces a written unit name to a key, and
:func:`names_unit` says whether a key names a unit:

>>> names_unit(unit_key("Pokrovsk"), unit_key("Pokrovskyi"))
True
>>> names_unit(unit_key("Shaktarsk"), unit_key("Shakhtarsk")), names_unit(unit_key("Mariupol"), unit_key("Marinka"))
(True, False)
>>> names_unit(unit_key("Суджанского"), unit_key("Sudzhanskiy"))
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .names import skeleton

__all__ = ["unit_key", "names_unit", "TOLERANT_LENGTH"]

#: Keys at least this long match a unit with one letter wrong, missing or extra ("Shaktarsk").
TOLERANT_LENGTH = 7
_ENDING = re.compile(r"ovka$|[aeiou]+$")
_UNIT_WORD = re.compile(r"\s+(?:Raion|Rayon|District|hromada)$", re.IGNORECASE)


def unit_key(name: str) -> str:
    """A unit name's skeleton without the word "Raion"/"hromada" and its final vowels.

    >>> unit_key("Horlivka"), unit_key("Pokrovskyi Raion"), unit_key("Popasnianska hromada")
    ('gorl', 'pokrovsk', 'popasnansk')
    """
    return _ENDING.sub("", skeleton(_UNIT_WORD.sub("", name.strip())))


def names_unit(key: str, unit: str) -> bool:
    """Whether a written unit name's key names the unit with key ``unit``.

    The raion's adjective drops the town's ending (Sumy: Sumskyi; Horlivka:
    Horlivskyi), so the key's last three letters may differ; a long key also matches
    with one letter wrong.
    """
    if not key or not unit:
        return False
    if unit.startswith(key[: max(4, len(key) - 3)]):
        return True
    if len(key) < TOLERANT_LENGTH:
        return False
    from rapidfuzz.distance import Levenshtein  # only for long keys: the CLI starts without it

    return any(Levenshtein.distance(key, unit[:n], score_cutoff=1) <= 1 for n in (len(key) - 1, len(key), len(key) + 1))


def units_named(keys: Iterable[str], units: Iterable[str]) -> frozenset[str]:
    """The ``units`` that one of ``keys`` names."""
    keys = [key for key in keys if key]
    return frozenset(unit for unit in units if any(names_unit(key, unit) for key in keys))
