"""Stage 1, ingestion: a corpus in (a folder with a manifest, or a table of articles); articles, typed blocks
and sentences out, with every input record accounted for.

- :mod:`~newsbias.ingestion.articles`: :func:`ingest`, the stage, and :func:`write_ingestion`;
- :mod:`~newsbias.ingestion.manifest` and :mod:`~newsbias.ingestion.corpus`: reading the two shapes of corpus;
- :mod:`~newsbias.ingestion.decoding`: bytes to text;
- :mod:`~newsbias.ingestion.normalise`: reversible Unicode normalisation;
- :mod:`~newsbias.ingestion.blocks`: typed blocks (title, body, caption, boilerplate, ...);
- :mod:`~newsbias.ingestion.reports`: what was set aside, what changed, and that nothing was lost.
"""

from newsbias.ingestion.articles import Ingested, ingest, paragraphs_as_blocks, split_sentences, write_ingestion
from newsbias.ingestion.reports import cleaning_summary, coverage_check, normalisation_summary

__all__ = ["Ingested", "ingest", "paragraphs_as_blocks", "split_sentences", "write_ingestion", "cleaning_summary",
           "coverage_check", "normalisation_summary"]
