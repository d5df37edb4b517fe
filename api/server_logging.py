"""How `nishan serve` logs: uvicorn's own format, each line led by the request's id, so that the
id a person quotes from an answer (X-Request-ID, or a 500's body) finds its lines."""

import copy
import logging
from typing import Any

from uvicorn.config import LOGGING_CONFIG
from uvicorn.logging import AccessFormatter, DefaultFormatter

from api.request_id import OUTSIDE_A_REQUEST, current_request_id


def _stamp(record: logging.LogRecord) -> None:
    # Records made before the app installed its record factory (uvicorn's start-up lines, a
    # worker process's first) have no id yet.
    if not hasattr(record, "request_id"):
        record.request_id = current_request_id() or OUTSIDE_A_REQUEST


class DefaultWithRequestId(DefaultFormatter):
    def format(self, record: logging.LogRecord) -> str:
        _stamp(record)
        return super().format(record)


class AccessWithRequestId(AccessFormatter):
    def format(self, record: logging.LogRecord) -> str:
        _stamp(record)
        return super().format(record)


def log_config() -> dict[str, Any]:
    config = copy.deepcopy(LOGGING_CONFIG)
    formatters = config["formatters"]
    formatters["default"]["()"] = f"{__name__}.DefaultWithRequestId"
    formatters["default"]["fmt"] = "%(levelprefix)s [%(request_id)s] %(message)s"
    formatters["access"]["()"] = f"{__name__}.AccessWithRequestId"
    formatters["access"]["fmt"] = (
        '%(levelprefix)s [%(request_id)s] %(client_addr)s - "%(request_line)s" %(status_code)s'
    )
    # Nishan's own loggers go to the same handler, in the same format.
    for name in ("api", "domain", "projections"):
        config["loggers"][name] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
