"""The record's facts put into words, in the reader's language. Views keep facts, never
sentences, so every page can be read in English, Urdu, German or French."""


def N_(message: str) -> str:
    """Marks a message for the catalogs where it is defined; it is translated where it is used."""
    return message
