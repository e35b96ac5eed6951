"""Countries: names and spellings, demonyms and capitals, from the MIT-licensed ``countryinfo`` package; the US
states' news abbreviations from the BSD-licensed ``us`` package."""

from __future__ import annotations

from functools import lru_cache

from newsbias.folding import fold
from newsbias.names import clean_name, initials_of


def _as_list(value) -> list[str]:
    if not value:
        return []
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str) and v]


@lru_cache(maxsize=1)
def country_data() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(name or spelling -> country, demonym -> country, capital -> country), keys folded."""
    from countryinfo import all_countries

    names, demonyms, capitals = {}, {}, {}
    # Where territories share a spelling or demonym ("American"), the most populous country takes it.
    infos = sorted((c.info() for c in all_countries()), key=lambda i: (-(i.get("population") or 0), i.get("name") or ""))
    for info in infos:
        name = info.get("name")
        if not name:
            continue
        spellings = [name, *(info.get("altSpellings") or [])]
        initials = {initials_of(s) for s in spellings if len(s.split()) > 1}
        for spelling in spellings:
            # Short codes ("IT", "IN", "DEU") are ordinary words or codes; keep those that are a name's initials ("US", "UK").
            if len(spelling) > 3 or spelling in initials:
                names.setdefault(fold(spelling), name)
        for demonym in _as_list(info.get("demonym")):
            demonyms.setdefault(fold(demonym), name)
            demonyms.setdefault(fold(demonym) + "s", name)
        for capital in _as_list(info.get("capital")):
            capitals.setdefault(fold(clean_name(capital)), name)
    # A spelling made only of punctuation or non-Latin script folds to nothing: never a key.
    return ({k: v for k, v in names.items() if k}, {k: v for k, v in demonyms.items() if k},
            {k: v for k, v in capitals.items() if k})


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Folded names of places: countries and their spellings, capitals, and the provinces and states of each country."""
    from countryinfo import all_countries

    names, _, capitals = country_data()
    provinces = {fold(p) for c in all_countries() for p in _as_list(c.info().get("provinces"))}
    return frozenset(set(names) | set(capitals) | {p for p in provinces if p})


@lru_cache(maxsize=1)
def state_abbreviations() -> dict[str, str]:
    """The Associated Press abbreviations of the US states as written ("Calif.", "Ky.", "N.Y.", "W.Va."), each with
    its state's name; not where the abbreviation is the name ("Iowa"), nor for a state whose name starts a capital's
    ("Washington": "Wash." would join the capital's many "Washington"s)."""
    import us

    first_words = {capital.split()[0] for capital in country_data()[2]}
    return {state.ap_abbr: state.name for state in us.states.STATES
            if state.ap_abbr and state.ap_abbr != state.name and fold(state.name) not in first_words}


# A country's name is a state's when the state's country is this many times as populous ("Georgia": the United
# States' state, 71 times Georgia's population, in most English news; not "Luxembourg", a Belgian province 20 times
# as populous, nor "Niger", a Nigerian state 8 times).
PROVINCE_POPULATION_RATIO = 50


@lru_cache(maxsize=1)
def provinces_elsewhere() -> frozenset[str]:
    """Folded country names that name a state or province of a country :data:`PROVINCE_POPULATION_RATIO` times as
    populous ("Georgia"): a text that writes them alone more likely means the state."""
    from countryinfo import all_countries

    names = country_data()[0]
    population = {c.info().get("name"): c.info().get("population") or 0 for c in all_countries()}
    return frozenset(fold(p) for c in all_countries() for p in _as_list(c.info().get("provinces"))
                     if fold(p) in names and names[fold(p)] != c.info().get("name")
                     and (c.info().get("population") or 0) >= PROVINCE_POPULATION_RATIO * max(population[names[fold(p)]], 1))
