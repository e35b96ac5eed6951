"""The suite's steps, declared once: each notebook, the question it answers, what it reads and what it writes.

The runner executes the notebooks in this order, notebooks read and write their tables through
:func:`read_inputs` and :func:`write_outputs` (which refuse anything undeclared), and ``python -m newsbias.docs``
writes the README's notebook table and each notebook's **Reads**/**Writes** lines from here, so that none of
them can drift from the others (a test checks).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from newsbias import paths
from newsbias.errors import NewsbiasError
from newsbias.tables import TABLES, read_table, write_table


@dataclass(frozen=True)
class Step:
    """One notebook: its name (``NN_name``), title, question, inputs and outputs.

    ``reads`` and ``writes`` are tables (:data:`newsbias.tables.TABLES`) in the processed folder; ``inputs`` are
    other files or folders it reads, relative to the project root; ``figures`` are figure names (``<outlet>`` in a
    name stands for each comparison unit's file-name-safe name).
    """

    name: str
    title: str
    question: str
    reads: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()

    @property
    def notebook(self) -> Path:
        return paths.NOTEBOOKS / f"{self.name}.ipynb"


STEPS: tuple[Step, ...] = (
    Step("01_ingestion", "Ingestion", "What is in each article, and what of it is the outlet's own text?",
         inputs=("the corpus: `data/raw/soleimani-2020/manifest.csv` and the files it lists, or a JSON-lines or CSV "
                 "table of articles",),
         writes=("articles", "texts", "normalisation", "blocks", "sentences", "ingestion_report", "article_metadata"),
         figures=("01_article_structure",)),
    Step("02_entities", "Entity frequency", "Who does each outlet talk about, how much, and who is left out?",
         reads=("blocks", "sentences", "texts", "articles", "article_metadata"), inputs=("data/aliases.csv",),
         writes=("entity_mentions", "actor_frequency", "events", "attention"),
         figures=("02_top_actors", "02_actor_heatmap", "02_attention_over_time")),
    Step("03_quotes", "Quotations and who speaks", "Who gets to speak in each outlet, how often and at what length?",
         reads=("blocks", "sentences", "texts", "articles", "article_metadata", "entity_mentions"),
         inputs=("data/gold/quotes/",),
         writes=("quotes", "mentions"), figures=("03_who_speaks",)),
    Step("04_sentiment", "Sentiment per actor",
         "How does each outlet's text treat each actor, in its own voice and in the voices it quotes?",
         reads=("mentions", "sentences", "blocks", "articles", "article_metadata", "texts", "quotes"),
         inputs=("data/newsmtsc/", "data/models/"), writes=("references", "actor_sentiment", "actor_tone", "tone_over_time"),
         figures=("04_tone_heatmap", "04_tone_dots", "04_tone_over_time")),
    Step("05_comparison", "Source-bias comparison",
         "What sets each outlet apart (coverage, voices, tone, word choice, labels), and how sure can we be?",
         reads=("articles", "article_metadata", "events", "blocks", "sentences", "mentions", "actor_frequency", "quotes",
                "actor_sentiment", "actor_tone"),
         inputs=("data/newsmtsc/",),
         writes=("speakers", "distinctive_terms", "outlet_summary", "paired_tone", "self_references"),
         figures=("05_coverage", "05_card_<outlet>")),
    Step("06_explore", "Explore",
         "Every mention of an actor in context, an article with its actors highlighted, a speaker's quotations, "
         "the evidence behind any tone-heatmap cell, one event's articles side by side (ipywidgets)",
         reads=("articles", "article_metadata", "events", "texts", "sentences", "mentions", "quotes", "actor_sentiment")),
)


def step(name: str) -> Step:
    """The step called ``name`` (a notebook's ``NN_name``)."""
    for candidate in STEPS:
        if candidate.name == name:
            return candidate
    raise NewsbiasError(f"no step {name!r}; the steps are {[s.name for s in STEPS]}.")


def read_inputs(name: str, processed: Path) -> SimpleNamespace:
    """The tables step ``name`` reads, from ``processed``, as attributes (``inputs.sentences``)."""
    return SimpleNamespace(**{table: read_table(table, processed) for table in step(name).reads})


def write_outputs(name: str, processed: Path, **frames: pd.DataFrame) -> list[Path]:
    """Write the tables step ``name`` declares, exactly those; return the parquet paths in declared order."""
    declared = step(name).writes
    if set(frames) != set(declared):
        raise NewsbiasError(f"step {name} writes {list(declared)}, not {sorted(frames)}: declare a new output in "
                            "newsbias.steps.STEPS first.")
    return [write_table(frames[table], table, processed) for table in declared]


def reads_line(entry: Step) -> str:
    """The **Reads** line of the step's notebook (its first cell)."""
    parts = [_tables(entry.reads)] if entry.reads else []
    parts += [f"`{i}`" if not i.startswith("the corpus") else i for i in entry.inputs]
    return "**Reads** " + (" and ".join(parts) if len(parts) <= 2 else ", ".join(parts[:-1]) + " and " + parts[-1]) + "."


def writes_line(entry: Step) -> str:
    """The **Writes** line of the step's notebook (its first cell)."""
    parts = [_tables(entry.writes, suffix=".{parquet,csv}")] if entry.writes else []
    parts += [f"`figures/{f}.png`" for f in entry.figures]
    return "**Writes** " + (", ".join(parts) if parts else "nothing") + "."


def _tables(names: tuple[str, ...], suffix: str = "") -> str:
    unknown = [n for n in names if n not in TABLES]
    if unknown:
        raise NewsbiasError(f"undeclared table(s) {unknown} in newsbias.steps; declare them in newsbias.tables.TABLES.")
    inner = names[0] if len(names) == 1 else "{" + ",".join(names) + "}"
    return f"`data/processed/{inner}{suffix}`"
