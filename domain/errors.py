"""Errors that the domain raises, each with a stable code and a sentence a person understands.

The API maps the classes onto HTTP statuses; the domain knows nothing of HTTP.
"""


class DomainError(Exception):
    """A business rule refused the command. Nothing was recorded."""

    code = "rule_broken"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class NotFound(DomainError):
    code = "not_found"


class AlreadyExists(DomainError):
    """The thing to be created is there already; `existing_id` says which one."""

    code = "already_exists"

    def __init__(self, message: str, *, existing_id: object, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.existing_id = existing_id


class NotAllowed(DomainError):
    """The actor may not make this command on this object."""

    code = "not_allowed"
