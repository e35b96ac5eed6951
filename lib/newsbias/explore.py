"""Exploration views for JupyterLab: every mention of an actor in context, an article with its entities
highlighted, the quotations of a speaker, the evidence behind any cell of the tone heatmap, and one event's
articles side by side.

Each view is a function returning a DataFrame or HTML (the static, citable form the notebook shows by
default) plus a small ipywidgets browser around it for interactive use. Article text is untrusted:
everything shown as HTML is escaped, so markup in an article displays as literal text.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from newsbias.errors import NewsbiasError

# Colours of the entity highlight per actor type (others: grey).
TYPE_COLOURS = {"person": "#aed6f1", "organisation": "#a3e4d7", "place": "#f9e79f", "group": "#d7bde2"}
CONTEXT_CHARS = 70


@dataclass
class Tables:
    """The processed tables the views read (notebooks 01-03)."""

    articles: pd.DataFrame
    texts: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    quotes: pd.DataFrame
    scored: pd.DataFrame
    method: str

    def __post_init__(self):
        if self.method not in set(self.scored["method"]):
            raise NewsbiasError(f"method {self.method!r} has no scores; the scored methods are {sorted(set(self.scored['method']))}.")


def actors(tables: Tables) -> list[str]:
    """Actor names with body-text mentions, most mentioned first."""
    counts = tables.mentions[(tables.mentions["actor_id"] != "") & (tables.mentions["block_kind"] == "body")]["actor_name"].value_counts()
    return sorted(counts.index, key=lambda a: (-counts[a], a))


def keyword_in_context(tables: Tables, actor_name: str, width: int = CONTEXT_CHARS) -> pd.DataFrame:
    """Every mention of ``actor_name`` with the text around it, its tone (``tables.method``) and whose voice it is in."""
    mentions = tables.mentions[(tables.mentions["actor_name"] == actor_name) & (tables.mentions["block_kind"] == "body")]
    if mentions.empty:
        raise NewsbiasError(f"no actor named {actor_name!r} in the body text; choose one of {actors(tables)[:10]} ...")
    text_of = tables.texts.set_index("article_id")["text"]
    outlet_of = tables.articles.set_index("article_id")["outlet"]
    scores = tables.scored[tables.scored["method"] == tables.method].set_index(["article_id", "mention_start"])
    rows = []
    for row in mentions.sort_values(["article_id", "start_char"]).itertuples(index=False):
        text = text_of[row.article_id]
        left = " ".join(text[max(0, row.start_char - width):row.start_char].split())
        right = " ".join(text[row.end_char:row.end_char + width].split())
        scored = scores.loc[(row.article_id, row.start_char)] if (row.article_id, row.start_char) in scores.index else None
        rows.append({"outlet": outlet_of[row.article_id], "article_id": row.article_id, "sentence_id": row.sentence_id,
                     "left": left, "mention": row.text, "right": right,
                     "tone": None if scored is None else float(scored["score"]), "label": "" if scored is None else scored["label"],
                     "voice": row.voice, "in_quote": bool(row.in_quote)})
    return pd.DataFrame(rows)


def entity_html(tables: Tables, article_id: str) -> str:
    """The article's body text with its actor mentions highlighted (spaCy's displaCy), escaped for safe display."""
    from spacy import displacy

    blocks_text = tables.texts.set_index("article_id")
    if article_id not in blocks_text.index:
        raise NewsbiasError(f"no article {article_id!r}; the articles are {list(blocks_text.index)}.")
    body = tables.sentences[(tables.sentences["article_id"] == article_id) & (tables.sentences["block_kind"] == "body")]
    if body.empty:
        return "<p><em>This article has no body text.</em></p>"
    start, end = int(body["start_char"].min()), int(body["end_char"].max())
    text = blocks_text.at[article_id, "text"][start:end]
    found = tables.mentions[(tables.mentions["article_id"] == article_id) & (tables.mentions["actor_id"] != "")
                            & (tables.mentions["start_char"] >= start) & (tables.mentions["end_char"] <= end)]
    ents, colours = [], {}
    for row in found.sort_values("start_char").itertuples(index=False):
        # displaCy escapes the text but not labels: labels carry actor names from the article, so escape them here.
        label = html.escape(f"{row.actor_type}: {row.actor_name}" + (" (quoted)" if row.in_quote else ""))
        ents.append({"start": row.start_char - start, "end": row.end_char - start, "label": label})
        colours[label] = TYPE_COLOURS.get(row.actor_type, "#ddd")
    outlet = tables.articles.set_index("article_id").at[article_id, "outlet"]
    title = html.escape(f"{outlet} · {article_id}")
    rendered = displacy.render({"text": text, "ents": ents, "title": None}, style="ent", manual=True, jupyter=False,
                               options={"colors": colours})
    return f"<h4>{title}</h4>{rendered}"


def speakers(tables: Tables) -> list[str]:
    """Speakers with quotations, most quoted first (actor name, or the phrase as written)."""
    spoken = tables.quotes[tables.quotes["speaker_text"] != ""]
    names = spoken["speaker_name"].where(spoken["speaker_name"] != "", spoken["speaker_text"]).value_counts()
    return sorted(names.index, key=lambda s: (-names[s], s))


def speaker_quotes(tables: Tables, speaker: str) -> pd.DataFrame:
    """Every quotation of a speaker, per outlet, with its kind, verb and how the speaker was found."""
    named = tables.quotes["speaker_name"].where(tables.quotes["speaker_name"] != "", tables.quotes["speaker_text"])
    chosen = tables.quotes[named == speaker]
    if chosen.empty:
        raise NewsbiasError(f"no quotations by {speaker!r}; the speakers are {speakers(tables)[:10]} ...")
    outlet_of = tables.articles.set_index("article_id")["outlet"]
    return chosen.assign(outlet=chosen["article_id"].map(outlet_of))[
        ["outlet", "quote_id", "kind", "speech_verb", "text", "speaker_text", "speaker_rule"]].reset_index(drop=True)


def cell_evidence(tables: Tables, actor_name: str, outlet: str, voice_scope: str = "all") -> pd.DataFrame:
    """The sentences behind one cell of the tone heatmap (actor x outlet), most negative first."""
    if voice_scope not in ("author", "all"):
        raise NewsbiasError(f"voice_scope must be 'author' or 'all', not {voice_scope!r}.")
    outlet_of = tables.articles.set_index("article_id")["outlet"]
    scored = tables.scored[(tables.scored["method"] == tables.method) & (tables.scored["actor_name"] == actor_name)]
    scored = scored[scored["article_id"].map(outlet_of) == outlet]
    if voice_scope == "author":
        scored = scored[scored["voice"] == "author"]
    joined = scored.merge(tables.sentences[["article_id", "sentence_id", "text"]], on=["article_id", "sentence_id"])
    return joined.sort_values(["score", "article_id", "mention_start"])[
        ["article_id", "sentence_id", "score", "label", "voice", "text"]].reset_index(drop=True)


def event_list(events: pd.DataFrame) -> list[str]:
    """The events (``events`` table of notebook 02), those with the most articles first."""
    sizes = events.groupby("event")["article_id"].size()
    return sorted(sizes.index, key=lambda e: (-sizes[e], e))


def event_view(tables: Tables, events: pd.DataFrame, event: str, top: int = 3) -> pd.DataFrame:
    """One event side by side: each of its articles with its unit, date and title, the actors it names most, and
    its own-voice mean tone (the method's) toward the actor the event's articles name most, with the n behind it."""
    ids = events.loc[events["event"] == event, "article_id"]
    if ids.empty:
        raise NewsbiasError(f"no event {event!r}; the events are {event_list(events)[:10]} ...")
    chosen = tables.articles[tables.articles["article_id"].isin(set(ids))]
    named = tables.mentions[(tables.mentions["actor_id"] != "") & (tables.mentions["block_kind"] == "body")
                            & tables.mentions["article_id"].isin(set(ids))]
    counts = named.groupby(["article_id", "actor_name"]).size()
    totals = named["actor_name"].value_counts()
    main = sorted(totals.index, key=lambda a: (-totals[a], a))[0] if len(totals) else ""
    scored = tables.scored[(tables.scored["method"] == tables.method) & (tables.scored["voice"] == "author")
                           & (tables.scored["actor_name"] == main) & tables.scored["article_id"].isin(set(ids))]
    tone = scored.groupby("article_id")["score"].agg(["mean", "size"])
    rows = []
    for article in chosen.sort_values(["outlet", "date", "article_id"]).itertuples(index=False):
        own = counts.loc[article.article_id].sort_values(ascending=False) if article.article_id in counts.index else []
        rows.append({"outlet": article.outlet, "date": article.date, "title": article.title,
                     "most named": ", ".join(f"{name} ({n})" for name, n in list(own.items())[:top]) if len(own) else "",
                     f"tone toward {main}": round(float(tone.at[article.article_id, "mean"]), 3)
                     if article.article_id in tone.index else None,
                     "n scored": int(tone.at[article.article_id, "size"]) if article.article_id in tone.index else 0})
    return pd.DataFrame(rows)


# --- Widgets ---------------------------------------------------------------------------------------


def _browser(controls: list, render) -> "object":
    """Controls above an output area that ``render(*values)`` refills whenever a control changes."""
    import ipywidgets as widgets
    from IPython.display import display

    output = widgets.Output()

    def refresh(_change=None):
        with output:
            output.clear_output(wait=True)
            try:
                display(render(*[c.value for c in controls]))
            except NewsbiasError as problem:
                print(problem)

    for control in controls:
        control.observe(refresh, names="value")
    refresh()
    return widgets.VBox([widgets.HBox(controls), output])


def actor_browser(tables: Tables):
    """Choose an actor ("Actor" dropdown): every mention across outlets in context, with tone and voice."""
    import ipywidgets as widgets

    choice = widgets.Dropdown(options=actors(tables), description="Actor")
    return _browser([choice], lambda actor: keyword_in_context(tables, actor))


def article_browser(tables: Tables):
    """Choose an article: its body text with the actor mentions highlighted."""
    import ipywidgets as widgets
    from IPython.display import HTML

    options = [(f"{o} · {a}", a) for a, o in zip(tables.articles["article_id"], tables.articles["outlet"])]
    choice = widgets.Dropdown(options=options, description="Article")
    return _browser([choice], lambda article_id: HTML(entity_html(tables, article_id)))


def speaker_browser(tables: Tables):
    """Choose a speaker: their quotations in every outlet."""
    import ipywidgets as widgets

    choice = widgets.Dropdown(options=speakers(tables), description="Speaker")
    return _browser([choice], lambda speaker: speaker_quotes(tables, speaker))


def event_browser(tables: Tables, events: pd.DataFrame):
    """Choose an event: its articles side by side (:func:`event_view`)."""
    import ipywidgets as widgets

    choice = widgets.Dropdown(options=event_list(events), description="Event")
    return _browser([choice], lambda event: event_view(tables, events, event))


def cell_browser(tables: Tables):
    """Choose a heatmap cell (actor, outlet, voice): the sentences behind its mean tone."""
    import ipywidgets as widgets

    actor = widgets.Dropdown(options=actors(tables), description="Cell actor")
    outlet = widgets.Dropdown(options=sorted(tables.articles["outlet"].unique()), description="Outlet")
    voice = widgets.ToggleButtons(options=["all", "author"], description="Voice")
    return _browser([actor, outlet, voice], lambda a, o, v: cell_evidence(tables, a, o, v))
