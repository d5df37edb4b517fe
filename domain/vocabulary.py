"""A closed list of codes that a person picks from, with "other" and a note for what the list
does not have yet. Pages name the codes in the reader's language (api/wording/vocabularies.py);
a note is free text a person typed, shown as typed."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from domain.errors import DomainError

OTHER = "other"


@dataclass(frozen=True)
class Vocabulary:
    kind: str  # "sector", "stage": in error codes and sentences
    codes: tuple[str, ...]  # "other" last
    # What earlier releases stored as free text, lower-cased, for the codes it meant: the
    # upcasters read old events with it.
    earlier_words: Mapping[str, str] = field(default_factory=dict)

    def known(self, code: str) -> str:
        """`code` if the vocabulary has it (as a filter asks for one), else a DomainError."""
        if code not in self.codes:
            raise DomainError(
                f"'{code}' is not a {self.kind} code Nishan knows. GET /vocabularies lists them; "
                f"where none fits, give '{OTHER}' and say what it is in {self.kind}_note.",
                code=f"unknown_{self.kind}",
            )
        return code

    def checked(self, code: str, note: str) -> tuple[str, str]:
        """The code and note trimmed, or a DomainError that says what is wrong with them."""
        code, note = code.strip().lower(), " ".join(note.split())  # "Stitching" is stitching
        if not code:
            raise DomainError(
                f"Give the {self.kind}: one of the codes that GET /vocabularies lists.",
                code=f"{self.kind}_required",
            )
        self.known(code)
        if code == OTHER and not note:
            raise DomainError(
                f"With the {self.kind} '{OTHER}', say in {self.kind}_note what it is.",
                code=f"{self.kind}_note_required",
            )
        if code != OTHER and note:
            raise DomainError(
                f"A {self.kind}_note goes only with the {self.kind} '{OTHER}': '{code}' says "
                "it all.",
                code=f"{self.kind}_note_not_needed",
            )
        return code, note

    def from_earlier_words(self, text: str) -> tuple[str, str]:
        """Free text an earlier release stored, as a code and note: the code it meant, or
        "other" with the text as typed."""
        text = text.strip()
        word = " ".join(text.lower().replace("-", " ").replace("_", " ").split())
        as_code = word.replace(" ", "_")  # "Leather Finishing" is leather_finishing
        if as_code in self.codes and as_code != OTHER:
            return as_code, ""
        if word in self.earlier_words:
            return self.earlier_words[word], ""
        return OTHER, text
