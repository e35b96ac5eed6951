"""The library's own exception types for problems a user can cause and fix."""


class NewsbiasError(Exception):
    """A problem with the user's input or settings (a file, a manifest, a model name).

    The message names the file or value at fault and says what to do about it.
    """


class BadRecord(NewsbiasError):
    """One record of a corpus that cannot be used (a manifest row, a line of a table, a file), with where it is and why."""

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem
