"""The library's own exception type for problems a user can cause and fix."""


class NewsbiasError(Exception):
    """A problem with the user's input or settings (a file, a manifest, a model name).

    The message names the file or value at fault and says what to do about it.
    """
