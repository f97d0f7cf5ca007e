"""Domain errors. Front ends (CLI, HTTP API) map these to their own error forms."""


class MarsadError(Exception):
    """Base class for errors a user can act on."""


class ConfigError(MarsadError):
    """Contradictory or invalid settings."""


class MissingExtra(MarsadError):
    """An optional dependency is missing; the message carries the pip command."""


class NotFound(MarsadError):
    """A requested article, entity or story does not exist."""


class InputError(MarsadError):
    """An input could not be read at all (used inside readers, reported as a Failure)."""


class StoreError(MarsadError):
    """The database could not be opened or migrated."""


def require(module: str, extra: str, feature: str) -> None:
    """Fail early, with the pip command, when an optional dependency is absent."""
    from importlib.util import find_spec

    if find_spec(module) is None:
        raise MissingExtra(f"{feature} needs {module}: pip install 'marsad[{extra}]'")


def first_line(exc: object, *, with_type: bool = False) -> str:
    """One line describing an exception, for a failure reason (never a traceback)."""
    name = type(exc).__name__ if exc is not None else "error"
    lines = str(exc if exc is not None else "unknown error").strip().splitlines()
    if not lines:
        return name
    return f"{name}: {lines[0]}" if with_type else lines[0]
