"""A use case: one command of an application, saved once.

Within a request (a command context, see command_context.py), what a use case saves is saved
when it returns, in one save per application, with the caller's receipt holding the use case's
result; a refusal raised on the way saves nothing. A retry of a command already recorded runs
its use case in name only: the recorded result comes back, nothing is loaded or saved, so the
interface builds the same answer again. Outside a request (the demo, the console, the review
process) a use case is a plain method.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from domain.command_context import Deferred, current_command

F = TypeVar("F", bound=Callable[..., Any])


def shown_once(result: Any) -> bool:
    """Whether a result holds a secret (a new token): shown in its answer, never kept."""
    return bool(getattr(result, "shown_once", False))


def use_case(method: F) -> F:
    @wraps(method)
    def run(application: Any, *args: Any, **kwargs: Any) -> Any:
        command = current_command()
        if command is None:
            return method(application, *args, **kwargs)
        if command.replaying is not None:
            return command.replaying.result
        if command.deferred is not None:  # called by another use case: saved with it
            return method(application, *args, **kwargs)
        command.deferred = Deferred()
        try:
            result = method(application, *args, **kwargs)
            deferred, command.deferred = command.deferred, None
            for saving, objs in deferred.saves.items():
                saving.save_now(objs, command, result)
        finally:
            command.deferred = None
        return result

    return run  # type: ignore[return-value]
