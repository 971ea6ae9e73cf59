"""A fixed list of scenario URLs (query strings) for the benchmark: 24 clinically varied patients.

Field names are those of ``sequencing.profile.PatientProfile`` (they are the shareable URL's
parameters). Every scenario is a valid profile: ``tests`` of the benchmark client check it with
``PatientProfile`` itself, so a renamed field shows up as a failing test, not a silent default.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from tests.ui.board_scenarios import SCENARIOS as _BOARD_SCENARIOS

__all__ = [
    "DEFAULT_PAGES",
    "NAMED",
    "SCENARIOS",
    "as_profile_fields",
    "named_query_strings",
    "pages",
    "query_strings",
]

#: (label, query string). Order is fixed: the benchmark cycles through it.
SCENARIOS: list[tuple[str, str]] = [
    (
        "2L relapsed, CAR-T planned, CD19+ by flow",
        "prior_lines=1&response_to_last_line=relapsed&months_first_line_to_progression=18"
        "&ecog=1&cart_plan=planned&cd19_status=positive&cd19_method=flow&age=64",
    ),
    (
        "2L primary refractory, transplant-ineligible, CAR-T planned",
        "prior_lines=1&response_to_last_line=refractory&primary_refractory=true&ecog=1"
        "&cart_plan=planned&symptom_tempo=rapid&ldh_elevated=true&age=58",
    ),
    (
        "2L early relapse, elderly, not a CAR-T candidate",
        "prior_lines=1&response_to_last_line=relapsed&months_first_line_to_progression=9"
        "&ecog=2&cart_plan=not_candidate&age=82",
    ),
    (
        "2L late relapse, transplant eligible",
        "prior_lines=1&response_to_last_line=relapsed&months_first_line_to_progression=30"
        "&ecog=0&transplant_eligible=true&cart_plan=possible_later&age=52",
    ),
    (
        "3L refractory, early CAR-T failure",
        "prior_lines=2&response_to_last_line=refractory&prior_cart=true"
        "&months_cart_to_failure=4&ecog=1&cart_plan=not_candidate",
    ),
    (
        "3L relapsed, late CAR-T failure, CD19 retained",
        "prior_lines=2&response_to_last_line=relapsed&prior_cart=true"
        "&months_cart_to_failure=14&ecog=1&cart_plan=not_candidate&cd19_status=positive"
        "&cd19_method=ihc",
    ),
    (
        "3L after CAR-T, CD19 negative on IHC",
        "prior_lines=3&response_to_last_line=refractory&prior_cart=true"
        "&months_cart_to_failure=2&ecog=2&cd19_status=negative&cd19_method=ihc"
        "&cart_plan=not_candidate",
    ),
    (
        "3L CAR-T naive, CAR-T possible after tafasitamab, recent exposure",
        "prior_lines=2&response_to_last_line=relapsed&ecog=1&cart_plan=possible_later"
        "&days_since_last_tafasitamab=21&cd19_status=unknown",
    ),
    (
        "3L CAR-T naive, long washout, CD19 positive",
        "prior_lines=2&response_to_last_line=relapsed&ecog=1&cart_plan=planned"
        "&days_since_last_tafasitamab=180&cd19_status=positive&cd19_method=flow",
    ),
    (
        "Bulky double-hit, rapid tempo, CAR-T planned",
        "prior_lines=1&response_to_last_line=refractory&primary_refractory=true&bulky=true"
        "&double_hit=true&symptom_tempo=rapid&ecog=1&cart_plan=planned&ldh_elevated=true",
    ),
    (
        "Slow tempo, declined CAR-T",
        "prior_lines=2&response_to_last_line=relapsed&symptom_tempo=slow&ecog=1"
        "&cart_plan=declined&age=71",
    ),
    (
        "ECOG 3, not a candidate, many lines",
        "prior_lines=4&response_to_last_line=refractory&ecog=3&cart_plan=not_candidate"
        "&age=77&ldh_elevated=true",
    ),
    (
        "ECOG 0, young, CAR-T planned, LDH normal",
        "prior_lines=1&response_to_last_line=relapsed&months_first_line_to_progression=7"
        "&ecog=0&cart_plan=planned&ldh_elevated=false&age=41",
    ),
    (
        "4L after CAR-T and bispecific, CD19 unknown",
        "prior_lines=4&response_to_last_line=refractory&prior_cart=true"
        "&months_cart_to_failure=8&ecog=1&cart_plan=not_candidate&cd19_status=unknown",
    ),
    (
        "Early CAR-T failure at 1 month, bulky",
        "prior_lines=2&response_to_last_line=refractory&prior_cart=true"
        "&months_cart_to_failure=1&bulky=true&ecog=2&cart_plan=not_candidate",
    ),
    (
        "CAR-T failure at exactly 6 months",
        "prior_lines=3&response_to_last_line=relapsed&prior_cart=true"
        "&months_cart_to_failure=6&ecog=1&cart_plan=not_candidate&cd19_status=positive"
        "&cd19_method=flow",
    ),
    (
        "Tafasitamab 7 days ago, CAR-T possible later",
        "prior_lines=2&response_to_last_line=refractory&ecog=1&cart_plan=possible_later"
        "&days_since_last_tafasitamab=7&symptom_tempo=moderate",
    ),
    (
        "Tafasitamab 400 days ago, CD19 positive, CAR-T planned",
        "prior_lines=3&response_to_last_line=relapsed&ecog=1&cart_plan=planned"
        "&days_since_last_tafasitamab=400&cd19_status=positive&cd19_method=ihc",
    ),
    (
        "Minimal profile: defaults only",
        "prior_lines=1",
    ),
    (
        "2L relapsed at 12 months, ECOG 2, CAR-T possible later",
        "prior_lines=1&response_to_last_line=relapsed&months_first_line_to_progression=12"
        "&ecog=2&cart_plan=possible_later&age=74",
    ),
    (
        "5L refractory, declined CAR-T, ECOG 4",
        "prior_lines=5&response_to_last_line=refractory&ecog=4&cart_plan=declined&age=88",
    ),
    (
        "3L, CAR-T failure 24 months, CD19 negative by flow",
        "prior_lines=3&response_to_last_line=relapsed&prior_cart=true"
        "&months_cart_to_failure=24&ecog=0&cd19_status=negative&cd19_method=flow"
        "&cart_plan=not_candidate",
    ),
    (
        "2L refractory (not primary), double-hit, transplant eligible",
        "prior_lines=2&response_to_last_line=refractory&double_hit=true"
        "&transplant_eligible=true&ecog=1&cart_plan=planned&age=49",
    ),
    (
        "Age 18, slow tempo, CAR-T possible later",
        "prior_lines=1&response_to_last_line=relapsed&months_first_line_to_progression=40"
        "&symptom_tempo=slow&ecog=0&cart_plan=possible_later&age=18",
    ),
]

#: The patients a tumor board discusses, as the board's tests name them (issues 11, 15-17:
#: post-CAR-T early and late failure, refractory double-hit, transplant-eligible, recent
#: tafasitamab, ECOG 3, tafa-len-refractory with CAR-T planned...): `--named` measures each.
NAMED: list[tuple[str, str]] = list(_BOARD_SCENARIOS.items())

#: The dashboard's pages as the websocket protocol addresses them (page_name = URL path); the
#: landing page is "". Taken from ui/navigation.py when it imports, else this fixed list.
DEFAULT_PAGES: list[tuple[str, str]] = [
    ("landing", ""),
    ("cd19_washout", "cd19_washout"),
    ("evidence_library", "evidence_library"),
    ("teaching", "teaching"),
    ("about", "about"),
]


def query_strings() -> list[str]:
    """The scenario query strings, in order."""
    return [query for _, query in SCENARIOS]


def named_query_strings() -> list[str]:
    """The named board scenarios' query strings, in order (see NAMED)."""
    return [query for _, query in NAMED]


def as_profile_fields(query: str) -> dict[str, str]:
    """A scenario's parameters as a field -> raw string mapping (as the URL carries them)."""
    return dict(parse_qsl(query, keep_blank_values=True, strict_parsing=True))


def pages() -> list[tuple[str, str]]:
    """(label, page_name) for each page: the default page first, as ``""``."""
    try:
        from ui.navigation import PAGES
    except ImportError:
        return DEFAULT_PAGES
    result: list[tuple[str, str]] = []
    for path, _title, _icon, default in PAGES:
        stem = path.rsplit("/", 1)[-1].removesuffix(".py")
        result.append(("landing" if default else stem, "" if default else stem))
    result.sort(key=lambda item: item[1] != "")
    return result
