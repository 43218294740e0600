"""Tests of pact_domain.reference: countries, NUTS 2024 regions, EQF levels."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from collections import Counter
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pact_domain.errors import InvalidValueError, PactError, echo
from pact_domain.reference import (
    COUNTRIES,
    EEA_STATES,
    EQF_DESCRIPTORS,
    EU_MEMBER_STATES,
    NUTS_REGIONS,
    Country,
    EqfDescriptor,
    NutsRegion,
    country,
    eqf_descriptor,
    nuts_region,
    regions_of,
)

EU_27 = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR",
    "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI",
    "SK",
}  # fmt: skip

# Countries of Eurostat's "Statistical regions 2024" sheet (EFTA and candidate
# or potential-candidate countries), coded like NUTS.
STATISTICAL_REGION_COUNTRIES = {
    "AL", "BA", "CH", "IS", "LI", "ME", "MK", "NO", "RS", "TR", "UA", "XK",
}  # fmt: skip


def _is_extra_regio(region: NutsRegion) -> bool:
    return region.code[2:] == "Z" * region.level


# ---------------------------------------------------------------- countries


def test_eu_has_27_member_states() -> None:
    assert len(EU_MEMBER_STATES) == 27
    assert set(EU_MEMBER_STATES) == EU_27
    assert "GB" not in EU_MEMBER_STATES


def test_eea_is_eu_plus_iceland_liechtenstein_norway() -> None:
    assert EU_MEMBER_STATES | {"IS", "LI", "NO"} == EEA_STATES
    assert len(EEA_STATES) == 30
    assert "CH" not in EEA_STATES


def test_countries_cover_iso_3166_1() -> None:
    assert len(COUNTRIES) >= 249
    for code, record in COUNTRIES.items():
        assert code == record.code
        assert len(code) == 2
        assert code.isascii()
        assert code.isupper()
        assert record.name
        assert record.eu_member == (code in EU_MEMBER_STATES)
        assert record.eea_member == (code in EEA_STATES)
    assert set(COUNTRIES) >= EEA_STATES


def test_country_flags_and_eurostat_codes() -> None:
    assert country("GR") == Country("GR", "Greece", True, True, "EL")
    assert country("NO").eea_member
    assert not country("NO").eu_member
    assert country("CH").nuts_code == "CH"
    assert not country("CH").eea_member
    assert country("GB").nuts_code == "UK"
    assert not country("GB").eu_member
    assert country("DE").nuts_code == "DE"


@pytest.mark.parametrize(
    ("given_code", "expected"),
    [
        ("GR", "GR"),
        ("gr", "GR"),
        ("EL", "GR"),
        ("el", "GR"),
        ("eL", "GR"),
        ("UK", "GB"),
        ("uk", "GB"),
        ("GB", "GB"),
        ("de", "DE"),
        ("Fr", "FR"),
    ],
)
def test_country_is_case_insensitive_with_eurostat_aliases(
    given_code: str, expected: str
) -> None:
    assert country(given_code).code == expected
    assert country(given_code) is COUNTRIES[expected]


@pytest.mark.parametrize("bad", ["XX", "", "G", "GRC", "300", " GR", "ΕΛ", 30, None])
def test_unknown_country_raises_invalid_value(bad: Any) -> None:
    with pytest.raises(InvalidValueError) as caught:
        country(bad)
    error = caught.value
    assert isinstance(error, ValueError)
    assert isinstance(error, PactError)
    assert error.entity == "Country"
    assert error.field == "code"
    assert error.rule == f"{bad!r} is not an ISO 3166-1 alpha-2 country code"
    assert error.value == bad


def test_unknown_country_rule_wording() -> None:
    with pytest.raises(InvalidValueError, match=r"'XX' is not an ISO 3166-1 alpha-2"):
        country("XX")


def test_country_is_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        country("DE").name = "Deutschland"  # type: ignore[misc]


@given(st.text())
def test_country_rejects_any_text_that_is_not_a_code(text: str) -> None:
    key = text.upper() if text.isascii() else None
    if key in COUNTRIES or key in {"EL", "UK"}:
        assert country(text).code in COUNTRIES
        return
    with pytest.raises(InvalidValueError) as caught:
        country(text)
    assert caught.value.field == "code"


@given(st.sampled_from(sorted(COUNTRIES)))
def test_country_lookup_ignores_case(code: str) -> None:
    assert country(code.lower()) == country(code) == COUNTRIES[code]


# ---------------------------------------------------------------- NUTS 2024


@pytest.mark.parametrize(
    ("code", "name", "level", "country_code"),
    [
        ("DE21", "Oberbayern", 2, "DE"),
        ("DE2", "Bayern", 1, "DE"),
        ("DE212", "München, Kreisfreie Stadt", 3, "DE"),
        ("EL30", "Attiki", 2, "GR"),
        ("EL3", "Attiki", 1, "GR"),
        ("ES51", "Cataluña", 2, "ES"),
        ("FR1", "Ile-de-France", 1, "FR"),
        ("FR10", "Ile-de-France", 2, "FR"),
        ("ITC4", "Lombardia", 2, "IT"),
        ("BG411", "Sofia (stolitsa)", 3, "BG"),
        ("CY000", "Kýpros", 3, "CY"),
        ("HU11", "Budapest", 2, "HU"),
        ("IE06", "Eastern and Midland", 2, "IE"),
        ("NL361", "Agglomeratie \u2019s-Gravenhage", 3, "NL"),
        ("ITF65", "Reggio Calabria", 3, "IT"),
        ("BEZZ", "Extra-Regio NUTS 2", 2, "BE"),
        ("NO06", "Trøndelag/Trööndelage", 2, "NO"),
        ("CH01", "Région lémanique", 2, "CH"),
        ("UA44", "Avtonomna Respublika Krym", 2, "UA"),
    ],
)
def test_known_regions(code: str, name: str, level: int, country_code: str) -> None:
    region = nuts_region(code)
    assert region == NutsRegion(code, name, level, country_code)
    assert NUTS_REGIONS[code] is region


@pytest.mark.parametrize("code", ["PT1A", "PT1B", "PT1D", "LV00A", "NL36", "DEG0V"])
def test_codes_new_in_nuts_2024_are_present(code: str) -> None:
    assert code in NUTS_REGIONS


@pytest.mark.parametrize("code", ["PT17", "PT170", "LV006", "NL33", "DEG0N", "FI193"])
def test_codes_dropped_by_nuts_2024_are_absent(code: str) -> None:
    assert code not in NUTS_REGIONS
    with pytest.raises(InvalidValueError):
        nuts_region(code)


def test_row_counts_per_level() -> None:
    # Eurostat's workbook NUTS2021-NUTS2024.xlsx: sheet "NUTS2024" has 1,582
    # rows (EU 27) and sheet "Statistical Regions" has 466; see data/SOURCES.md.
    assert len(NUTS_REGIONS) == 2048
    levels = Counter(region.level for region in NUTS_REGIONS.values())
    assert levels == {1: 162, 2: 365, 3: 1521}

    eu = [r for r in NUTS_REGIONS.values() if r.country in EU_MEMBER_STATES]
    assert Counter(r.level for r in eu) == {1: 119, 2: 271, 3: 1192}
    # Less the 27 Extra-Regio units per level, these are Eurostat's published
    # NUTS 2024 totals: 92 NUTS 1, 244 NUTS 2 and 1,165 NUTS 3 regions.
    proper = Counter(r.level for r in eu if not _is_extra_regio(r))
    assert proper == {1: 92, 2: 244, 3: 1165}

    others = [r for r in NUTS_REGIONS.values() if r.country not in EU_MEMBER_STATES]
    assert Counter(r.level for r in others) == {1: 43, 2: 94, 3: 329}
    assert {r.country for r in others} == STATISTICAL_REGION_COUNTRIES


def test_every_eu_member_state_has_all_three_levels() -> None:
    for code in EU_MEMBER_STATES:
        for level in (1, 2, 3):
            assert regions_of(code, level), (code, level)


def test_every_region_is_consistent() -> None:
    for code, region in NUTS_REGIONS.items():
        assert code == region.code
        assert code.isascii()
        assert code == code.upper()
        assert region.level in (1, 2, 3)
        assert len(code) == 2 + region.level
        assert region.country in COUNTRIES
        assert code.startswith(country(region.country).nuts_code)
        assert region.name
        assert region.name == " ".join(region.name.split())
        if region.level > 1:
            parent = NUTS_REGIONS[code[:-1]]
            assert parent.country == region.country
            assert parent.level == region.level - 1


def test_region_names_are_in_latin_script() -> None:
    for region in NUTS_REGIONS.values():
        for char in region.name:
            script = unicodedata.name(char, "")
            assert not script.startswith(("GREEK", "CYRILLIC")), region


def test_greek_codes_use_el_and_country_gr() -> None:
    greek = [r for r in NUTS_REGIONS.values() if r.country == "GR"]
    assert len(greek) == 72
    assert all(r.code.startswith("EL") for r in greek)
    assert not any(code.startswith("GR") for code in NUTS_REGIONS)
    assert not any(r.country == "EL" for r in NUTS_REGIONS.values())


def test_greek_code_written_with_gr_is_explained() -> None:
    with pytest.raises(InvalidValueError) as caught:
        nuts_region("GR30")
    error = caught.value
    assert error.entity == "NutsRegion"
    assert error.field == "code"
    assert error.value == "GR30"
    assert error.rule.startswith("'GR30' is not a NUTS 2024 region code")
    assert "Eurostat writes Greece as EL" in error.rule
    assert "EL30" in error.rule
    with pytest.raises(InvalidValueError, match="Eurostat writes Greece as EL"):
        nuts_region("gr999")


def test_united_kingdom_is_not_in_nuts_2024() -> None:
    with pytest.raises(InvalidValueError, match="no longer covers the United Kingdom"):
        nuts_region("UKI")
    assert regions_of("GB") == ()
    assert regions_of("UK") == ()


@pytest.mark.parametrize(
    "bad",
    ["XX99", "", "DE 21", "DE21 ", "DE2100", "EL", "\u0395L30", "\u017fe1", 21, None],
)
def test_unknown_region_raises_invalid_value(bad: Any) -> None:
    with pytest.raises(InvalidValueError) as caught:
        nuts_region(bad)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.entity == "NutsRegion"
    assert error.field == "code"
    assert error.rule == f"{bad!r} is not a NUTS 2024 region code"
    assert error.value == bad


def test_nuts_regions_is_a_read_only_mapping() -> None:
    assert "DE21" in NUTS_REGIONS
    assert "de21" not in NUTS_REGIONS
    not_a_code: object = 21
    assert not_a_code not in NUTS_REGIONS
    assert next(iter(NUTS_REGIONS)) == "BE1"
    assert NUTS_REGIONS.get("XX99") is None
    with pytest.raises(KeyError):
        NUTS_REGIONS["XX99"]
    with pytest.raises(TypeError):
        NUTS_REGIONS["XX99"] = NUTS_REGIONS["DE21"]  # type: ignore[index]
    assert "2048" in repr(NUTS_REGIONS)


def test_region_is_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        nuts_region("DE21").name = "Upper Bavaria"  # type: ignore[misc]


def test_regions_of_country_and_level() -> None:
    greek_nuts2 = [r.code for r in regions_of("GR", 2)]
    assert greek_nuts2 == [
        "EL30", "EL41", "EL42", "EL43", "EL51", "EL52", "EL53", "EL54",
        "EL61", "EL62", "EL63", "EL64", "EL65", "ELZZ",
    ]  # fmt: skip
    assert regions_of("el", 2) == regions_of("GR", 2)
    assert [r.code for r in regions_of("LU")] == [
        "LU0", "LU00", "LU000", "LUZ", "LUZZ", "LUZZZ",
    ]  # fmt: skip
    assert len(regions_of("DE", 1)) == 17  # 16 Länder and DEZ
    assert len(regions_of("de")) == 457
    assert sum(len(regions_of(code)) for code in COUNTRIES) == len(NUTS_REGIONS)


def test_regions_of_country_outside_nuts_is_empty() -> None:
    assert regions_of("US") == ()
    assert regions_of("JP", 2) == ()


@pytest.mark.parametrize("level", [0, 4, -1, True, 2.0, "2"])
def test_regions_of_rejects_bad_level(level: Any) -> None:
    with pytest.raises(InvalidValueError) as caught:
        regions_of("DE", level)
    assert caught.value.field == "level"
    assert caught.value.rule == "must be 1, 2 or 3"


def test_regions_of_rejects_unknown_country() -> None:
    with pytest.raises(InvalidValueError) as caught:
        regions_of("XX")
    assert caught.value.entity == "Country"


@given(st.sampled_from(sorted(NUTS_REGIONS)))
def test_nuts_lookup_ignores_case(code: str) -> None:
    assert nuts_region(code.lower()) == nuts_region(code)
    assert nuts_region(code.swapcase()) is NUTS_REGIONS[code]


@given(st.text())
def test_text_that_is_not_a_code_raises(text: str) -> None:
    if text.isascii() and text.upper() in NUTS_REGIONS:
        assert nuts_region(text).code == text.upper()
        return
    with pytest.raises(InvalidValueError) as caught:
        nuts_region(text)
    assert caught.value.field == "code"
    assert caught.value.rule.startswith(f"{echo(text)} is not a NUTS 2024 region code")


@given(
    st.from_regex(r"\A[A-Za-z]{2}[0-9A-Za-z]{0,4}\Z").filter(
        lambda s: s.upper() not in NUTS_REGIONS
    )
)
def test_code_shaped_text_that_is_not_a_code_raises(text: str) -> None:
    with pytest.raises(InvalidValueError):
        nuts_region(text)


# ---------------------------------------------------------------- EQF


def test_eqf_has_eight_levels() -> None:
    assert sorted(EQF_DESCRIPTORS) == list(range(1, 9))
    for level, descriptor in EQF_DESCRIPTORS.items():
        assert descriptor.level == level
        assert eqf_descriptor(level) is descriptor
        for text in (
            descriptor.knowledge,
            descriptor.skills,
            descriptor.responsibility_and_autonomy,
        ):
            assert text
            assert text == text.strip()
            assert text[0].isupper()


def test_eqf_official_wording() -> None:
    assert eqf_descriptor(1) == EqfDescriptor(
        1,
        "Basic general knowledge",
        "Basic skills required to carry out simple tasks",
        "Work or study under direct supervision in a structured context",
    )
    assert eqf_descriptor(4).knowledge == (
        "Factual and theoretical knowledge in broad contexts within a field of work"
        " or study"
    )
    assert eqf_descriptor(8).knowledge == (
        "Knowledge at the most advanced frontier of a field of work or study and at"
        " the interface between fields"
    )
    assert eqf_descriptor(5).responsibility_and_autonomy.endswith(
        "review and develop performance of self and others"
    )


@pytest.mark.parametrize("level", [0, 9, -1, True, False, 3.0, "3", None])
def test_bad_eqf_level_raises(level: Any) -> None:
    with pytest.raises(InvalidValueError) as caught:
        eqf_descriptor(level)
    error = caught.value
    assert error.entity == "EqfDescriptor"
    assert error.field == "level"
    assert error.rule == "must be an integer from 1 to 8"
    assert error.value is level


@given(st.integers().filter(lambda n: not 1 <= n <= 8))
def test_any_other_integer_is_not_an_eqf_level(level: int) -> None:
    with pytest.raises(InvalidValueError):
        eqf_descriptor(level)


# ---------------------------------------------------------------- purity


def test_import_is_lazy_and_pure() -> None:
    script = (
        "import sys\n"
        "import pact_domain.reference as reference\n"
        "assert reference._NUTS._regions is None, 'NUTS table read at import'\n"
        "assert 'pluggy' not in sys.modules\n"
        "assert not any(m.startswith('pact_adapters') for m in sys.modules)\n"
        "assert reference.nuts_region('DE21').name == 'Oberbayern'\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
