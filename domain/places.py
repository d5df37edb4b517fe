"""Pakistan's provinces and territories, where factories and inspectors are."""

from domain.errors import DomainError

PROVINCES = (
    "Punjab",
    "Sindh",
    "Khyber Pakhtunkhwa",
    "Balochistan",
    "Islamabad Capital Territory",
    "Gilgit-Baltistan",
    "Azad Jammu and Kashmir",
)


def require_province(name: str) -> str:
    """`name` if it is one of PROVINCES, as written there; else a DomainError listing them."""
    if name not in PROVINCES:
        raise DomainError(
            f"'{name}' is not a province or territory of Pakistan; use one of: "
            f"{', '.join(PROVINCES)}.",
            code="unknown_province",
        )
    return name


def province_asked(name: str) -> str:
    """The province a search names, in any case and trimmed, as PROVINCES writes it; else the
    DomainError of require_province."""
    wanted = name.strip().casefold()
    return next((p for p in PROVINCES if p.casefold() == wanted), None) or require_province(name)
