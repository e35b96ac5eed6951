"""newsbias: compare how news outlets cover the same event.

The library feeds pandas DataFrames to the numbered notebooks in ``notebooks/``.
One module per stage: :mod:`newsbias.ingestion` (articles in, typed blocks and
sentences out), with :mod:`newsbias.paths` for every location and
:mod:`newsbias.tables` for the documented columns of every table.
"""

from newsbias.errors import NewsbiasError

__all__ = ["NewsbiasError"]
__version__ = "0.1.0"
