"""One family of errors; the CLI turns each into a message and an exit code."""

from __future__ import annotations

from dataclasses import dataclass


class SibCaseError(Exception):
    """Any problem a user can fix: bad input, a file that cannot be read or written."""

    exit_code = 1

    def messages(self) -> list[str]:
        return [str(self)]


@dataclass(frozen=True)
class Problem:
    """One located problem in a case file: `file:line: path: message`."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class CaseFileError(SibCaseError):
    """A case file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]
