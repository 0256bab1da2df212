"""One finding of the editors' quality panel: a code for tests and a plain message with its fix."""

from dataclasses import dataclass


@dataclass(frozen=True)
class QualityWarning:
    code: str
    message: str

    def __str__(self):
        return self.message
