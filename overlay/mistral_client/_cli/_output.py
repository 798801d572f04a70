"""How the command line prints: text for people, `--output json` for programs, and one
line with an exit code for every error."""

from __future__ import annotations

import json
from typing import Any

import click

from .. import errors

# Exit codes (README "Command line"): 0 ok, 1 the API refused or failed, 2 bad usage or
# input caught before sending, 3 authentication, 4 not found, 5 no connection, 6 rate
# limited, 130 interrupted.
EXIT_API = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_NOT_FOUND = 4
EXIT_CONNECTION = 5
EXIT_RATE_LIMITED = 6
EXIT_INTERRUPTED = 130


def exit_code(error: errors.MistralError) -> int:
    if isinstance(error, errors.RequestValidationError | errors.ConfigurationError):
        return EXIT_USAGE
    if isinstance(error, errors.AuthenticationError | errors.PermissionDeniedError):
        return EXIT_AUTH
    if isinstance(error, errors.NotFoundError):
        return EXIT_NOT_FOUND
    if isinstance(error, errors.APIConnectionError):
        return EXIT_CONNECTION
    if isinstance(error, errors.RateLimitError):
        return EXIT_RATE_LIMITED
    return EXIT_API


def error_fields(error: errors.MistralError) -> dict[str, Any]:
    """The facts of an error, for one line of text or a JSON object."""
    fields: dict[str, Any] = {"type": type(error).__name__, "message": str(error)}
    if isinstance(error, errors.APIStatusError):
        fields.update(
            message=error.message,
            status_code=error.status_code,
            request_id=error.request_id,
            param=error.param,
        )
    if isinstance(error, errors.BatchInputError):
        fields.update(line=error.line, custom_id=error.custom_id)
    return {key: value for key, value in fields.items() if value is not None}


def error_line(error: errors.MistralError) -> str:
    fields = error_fields(error)
    status = f" {fields['status_code']}" if "status_code" in fields else ""
    line = f"error: {fields['type']}{status}: {fields['message']}"
    if "param" in fields:
        line += f" (param {fields['param']})"
    if "request_id" in fields:
        line += f" [request id {fields['request_id']}]"
    return line


def report_error(error: errors.MistralError, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({"error": error_fields(error)}), err=True)
    else:
        click.echo(" ".join(error_line(error).split()), err=True)


def plain(value: Any) -> Any:
    """A generated model (or a list of them) as JSON-ready data."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def emit_json(value: Any) -> None:
    click.echo(json.dumps(plain(value), indent=2, default=str))


def table(rows: list[list[str]], headers: list[str]) -> None:
    """Aligned columns on stdout (plain text: greps and pipes well)."""
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    for row in [headers, *rows]:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
