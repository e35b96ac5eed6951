"""The suite's tables: their documented columns, and writing and reading them.

Every table a stage writes is declared in :data:`TABLES` with one line per column.
``docs/tables.md`` is written from it (``python -m newsbias.docs``; a test keeps the two identical), and
:func:`write_table` refuses a DataFrame whose columns differ from the declaration.
Tables go to ``data/processed/`` (or a corpus's own folder) as parquet, the typed
original, plus a CSV copy for spreadsheets, R and other tools.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from newsbias.errors import NewsbiasError

# The kinds of block an article is split into (the ``kind`` column of ``blocks``), in reading order, and the
# kinds that hold the article's own text and go on to the analysis (sentences are cut from these only).
BLOCK_KINDS = ("title", "subtitle", "subheading", "caption", "credit", "body", "boilerplate")
CONTENT_KINDS = ("title", "subtitle", "subheading", "caption", "body")

# What the comparisons compare (newsbias.units): outlets, groups of outlets (GROUP_BY), or smaller outlets pooled.
UNIT = "the comparison unit: the publishing outlet, or the group (GROUP_BY), or 'other outlets' pooling the smaller ones"

TABLES: dict[str, dict[str, str]] = {
    "articles": {
        "article_id": "identifier from the manifest",
        "outlet": "publishing outlet, from the manifest",
        "date": "publication date (ISO 8601 text, as in the manifest; empty when unknown)",
        "title": "headline from the manifest",
        "url": "address of the published article, from the manifest",
        "path": "file the text was read from, relative to the corpus folder",
        "encoding": "encoding the file was decoded with (utf-8 unless a fallback was needed)",
        "language": "language the text is written in (ISO 639-1, identified by py3langid); other languages than the "
                    "pipeline's are set aside",
        "n_chars": "characters in the normalised text",
        "n_blocks": "blocks of all kinds",
        "n_body_blocks": "blocks of kind body",
        "n_words": "words in body sentences (spaCy tokens that are not punctuation or space)",
        "n_sentences": "sentences in body blocks",
    },
    "article_metadata": {
        "article_id": "identifier from the manifest",
        "*": "one column per field of the corpus beyond the known ones (a table's other columns, a manifest's extra "
             "columns), typed from its values: whole numbers, decimals, dates, true/false or text",
    },
    "texts": {
        "article_id": "identifier from the manifest",
        "text": "the article's normalised text; every start_char/end_char in the suite points into it",
    },
    "normalisation": {
        "article_id": "identifier from the manifest",
        "start_char": "start of the replacement in the normalised text",
        "end_char": "end (exclusive) of the replacement in the normalised text",
        "original": "the characters the input had there",
        "replacement": "what the normalised text has there",
        "reason": "which normalisation rule applied",
    },
    "blocks": {
        "article_id": "identifier from the manifest",
        "block_id": "position of the block in the article, from 0",
        "kind": "title, subtitle, subheading, caption, credit, body or boilerplate",
        "text": "the block's exact text (a slice of the normalised text)",
        "start_char": "start of the block in the normalised text",
        "end_char": "end (exclusive) of the block in the normalised text",
        "line": "line of the input file the block starts on, from 1",
        "reason": "the rule that gave the block its kind (why it was set aside, for boilerplate)",
    },
    "sentences": {
        "article_id": "identifier from the manifest",
        "sentence_id": "position of the sentence in the article, from 0",
        "block_id": "block the sentence belongs to",
        "block_kind": "kind of that block (body, title, subtitle, subheading or caption)",
        "text": "the sentence, without surrounding whitespace",
        "start_char": "start of the sentence in the normalised text",
        "end_char": "end (exclusive) of the sentence in the normalised text",
        "n_words": "spaCy tokens that are not punctuation or space",
    },
    "mentions": {
        "article_id": "identifier from the manifest",
        "sentence_id": "sentence the mention is in (sentences table)",
        "block_kind": "kind of block the sentence is in: body, or title, subtitle, subheading, caption (kept apart)",
        "start_char": "start of the mention in the article's normalised text",
        "end_char": "end (exclusive) of the mention in the article's normalised text",
        "text": "the mention as written",
        "label": "spaCy entity label (PERSON, ORG, GPE, NORP, DATE, ...), or HANDLE for a social-media handle",
        "found_by": "spaCy NER; handle; title and name (a name after a personal title, 'Mr. Trump'); name and its acronym (an organisation's name the recogniser missed, with its acronym in brackets after it, 'the Falah-e-Insaniat Foundation (FIF)'); repeat of a recognised name (another use, in the same article, of a name the "
                    "recogniser found there); name recognised elsewhere in the corpus (an organisation's or person's "
                    "name the recogniser found in other articles); or spaCy NER, relabelled as the corpus labels the name (a "
                    "name the recogniser took for a building, product or work here and for an actor in most of its uses); or "
                    "spaCy NER, relabelled: a medium (a one-word name taken for a person but written after 'on' or "
                    "'via' in a third of its uses or more: 'on Twitter'); or spaCy NER, a describing word (an adjective taken "
                    "for a one-word name, 'a Black man': no actor); or spaCy NER, relabelled: a surname the article names "
                    "(one word taken for a building, place, product, event, work or law that is the surname of a person "
                    "the article names in full: 'said Pelosi')",
        "actor_id": "the actor the mention refers to (type:name); empty for entity types that are not actors",
        "actor_name": "the actor's readable name",
        "actor_type": "person, organisation, place (countries, cities) or group (other NORP)",
        "form": "name, demonym (\"Iranian\" for Iran, counted apart) or handle",
        "link_rule": "the rule that tied this form to its actor (exact, name, country, state abbreviation, word order, country name left out, formal name, hyphen, acronym, short name, surname, first name, family name written first, fuzzy, handle, plural, adjective, demonym, capital, alias file; docs/entities.md lists them all); for a mention that is no actor, why: not an actor type, or not an actor: a word made of a person's surname ('Obamacare'), a court case's name, a law's name ('the Budget Control Act', 'NAFTA'), a describing word ('a Black man'), an English word in capitals ('LISTEN') a place's name ('Capitol Hill', 'Petrified Forest') or a title without a name ('the President' alone)",
        "in_quote": "whether the mention sits inside quotation marks (the source's voice, not the outlet's)",
        "quote_id": "the innermost quotation (quotes table) the mention sits in, direct or partial before reported; empty in the author's own voice",
        "voice": "whose voice the mention is in: author, or the quoted speaker's actor_id(s), or 'unresolved speaker'",
    },
    "entity_mentions": {},  # filled below: the mentions table before the quotation stage adds quote_id and voice
    "references": {
        "article_id": "identifier from the manifest",
        "sentence_id": "sentence the reference is in (sentences table)",
        "block_kind": "body (references are resolved in body text only)",
        "start_char": "start of the reference in the article's normalised text",
        "end_char": "end (exclusive) of the reference in the article's normalised text",
        "text": "the reference as written: a pronoun (he, his, she, her) or a role noun (senator, president)",
        "actor_id": "the person it refers to (see mentions)",
        "actor_name": "that person's readable name",
        "actor_type": "person (references resolve to people only)",
        "reference": ("the rule that resolved it: pronoun: one person before, pronoun: one person of its gender before, "
                      "pronoun: subject before, or role"),
        "in_quote": "whether the reference sits inside quotation marks",
        "quote_id": "the quotation (quotes table) the reference sits in; empty in the author's own voice",
        "voice": "whose voice the reference is in: author, or the quoted speaker's actor_id(s), or 'unresolved speaker'",
    },
    "events": {
        "article_id": "identifier from the manifest",
        "event": "the event the article covers: the value of the EVENTS column, or e1, e2, ... as grouped (EVENTS=auto)",
        "n_articles": "articles of that event",
        "label": "the event's most distinctive words (grouped), or its name in the column",
        "closeness": "mean similarity of the article to the other articles of its event (grouped; empty otherwise)",
        "grouped_by": "how: column <name>, grouped from the articles, or override file",
    },
    "actor_frequency": {
        "outlet": UNIT,
        "actor_id": "the actor (see mentions)",
        "actor_name": "the actor's readable name",
        "actor_type": "person, organisation, place or group",
        "form": "name (names and handles) or demonym, counted apart",
        "n_mentions": "mentions in the outlet's body text",
        "n_in_quote": "of those, mentions inside quotations",
        "n_words": "words in the outlet's body text (all its articles)",
        "mentions_per_1000_words": "n_mentions per 1,000 body words",
        "share_of_actor_mentions": "n_mentions over all actor mentions in the outlet's body text",
        "rank": "rank by n_mentions within the outlet (1 = most mentioned; ties share a rank)",
    },
    "quotes": {
        "article_id": "identifier from the manifest",
        "quote_id": "article_id:qN, N counting the article's quotations in text order",
        "kind": "direct (a quoted utterance), partial (quoted words inside the author's sentence, including scare quotes) or reported (indirect speech, 'according to')",
        "text": "the quoted words without the marks, or the reported clause without a leading 'that'",
        "start_char": "start of text in the article's normalised text",
        "end_char": "end (exclusive) of text in the article's normalised text",
        "speaker_text": "the speaker as written where it is attributed ('he', 'the bloc', 'Johnson'); empty when no speaker was found",
        "speaker_actor_id": "the actor(s) the speaker resolves to, ';'-separated for joint statements; empty when unresolved",
        "speaker_name": "readable name(s) of those actors, '; '-separated; for a pronoun that carries on an unnamed speaker ('It said' after 'the ministry said'), that speaker's phrase",
        "speaker_rule": "how the speaker was found: name, pronoun, role, collective noun, affiliation, document issuer, continued quotation, unresolved, or none; \", introduced before\" when the paragraph before named the speaker",
        "speech_verb": "lemma of the speech verb ('say', 'tell', 'warn', ...), 'according to', or empty",
        "sentence_ids": "the sentences (sentences table) the quotation overlaps, ';'-separated",
        "n_words": "words in text (whitespace-separated)",
    },
    "actor_sentiment": {
        "article_id": "identifier from the manifest",
        "sentence_id": "sentence the mention is in (sentences table)",
        "actor_id": "the actor mentioned (mentions table)",
        "actor_name": "the actor's readable name",
        "mention_start": "start of the mention in the article's normalised text (tells apart two mentions in one sentence)",
        "method": "sentiment method (textblob, vader, scoped_vader, classifier, transformer; see newsbias.sentiment)",
        "score": "tone toward the actor from -1 (negative) to +1 (positive): the method's score",
        "label": "negative, neutral or positive",
        "voice": "author (the outlet's own voice), or the actor_id(s) of the quoted speaker, or 'unresolved speaker'",
        "in_quote": "whether the mention sits inside quotation marks",
        "quote_id": "the quotation (quotes table) the mention sits in; empty in the author's voice",
        "subjectivity": "TextBlob's subjectivity of the whole sentence, 0 (factual) to 1 (subjective)",
        "reference": "how the sentence refers to the actor: name (a mention), or the rule of a pronoun or role (references table)",
    },
    "actor_tone": {
        "outlet": UNIT,
        "actor_id": "the actor (see mentions)",
        "actor_name": "the actor's readable name",
        "method": "sentiment method",
        "voice_scope": "author (only the outlet's own voice) or all (quoted and reported voices too)",
        "n_mentions": "scored mentions behind the mean",
        "n_sentences": "distinct sentences behind the mean",
        "n_articles": "distinct articles behind the mean",
        "mean_score": "mean score over the mentions",
        "ci_low": "lower end of the bootstrap 95% interval of the mean (empty with a single sentence)",
        "ci_high": "upper end of the bootstrap 95% interval of the mean",
        "share_negative": "share of the mentions labelled negative",
        "share_positive": "share of the mentions labelled positive",
        "resampled": "what the bootstrap resampled: sentences, or whole articles when several articles are behind the "
                     "mean, or whole outlets in a GROUP_BY group or in the pooled 'other outlets' (an outlet shown "
                     "on its own resamples its articles)",
        "small_sample": "fewer than 5 sentences behind the mean: read as an anecdote, not a pattern",
        "corrected_tone": "mean of each mention's expected true label value (-1, 0, +1) given the method's predicted "
                          "label, from its confusion matrix on NewsMTSC dev_rw (empty without one)",
        "ci_low_with_method_error": "lower end of a 95% interval of corrected_tone that adds the method's label errors "
                                    "to the sampling variation (normal approximation, clipped to -1..+1)",
        "ci_high_with_method_error": "upper end of that interval",
    },
    "attention": {
        "period_start": "first day of the period (a day, a week from Monday, a month or a quarter, chosen from the span of the dates)",
        "period": "the periods' length: day, week, month or quarter (the same in every row)",
        "outlet": UNIT,
        "actor_name": "one of the most mentioned actors",
        "n_mentions": "its mentions in the unit's body text of that period's articles",
        "n_articles": "the unit's dated articles in that period (with or without the actor)",
        "mentions_per_article": "n_mentions over n_articles",
    },
    "tone_over_time": {
        "period_start": "first day of the period (as in attention)",
        "period": "the periods' length (as in attention)",
        "outlet": UNIT,
        "actor_name": "one of the most mentioned actors",
        "n_mentions": "scored mentions in the author's voice behind the point (at least 5; fewer are left out)",
        "n_articles": "articles those mentions are in",
        "mean_score": "mean tone toward the actor under the figure's method",
    },
    "paired_tone": {
        "actor_name": "the actor's readable name",
        "first": "one comparison unit",
        "second": "the other comparison unit",
        "n_events": "events in which both units mention the actor in their own voice",
        "mean_difference": "mean over those events of (first's mean tone - second's mean tone), each event weighing the same",
        "p_value": "sign-flip permutation p-value (the two units' labels shuffled within each event)",
        "q_value": "Benjamini-Hochberg false discovery rate across the table's tests",
        "events": "the events compared, '; '-separated",
    },
    "self_references": {
        "outlet": "the outlet (the article's own, also when outlets are grouped or pooled)",
        "name": "a capitalised name in the outlet's own body text that refers to the outlet itself",
        "n": "its occurrences, left out of the outlet's word-choice statistics",
        "labels": "what the rule matched against: words of the outlet's name and its web address",
    },
    "speakers": {
        "speaker": "the speaker's readable name (actor name, or the phrase as written when unresolved)",
        "speaker_actor_id": "the actor(s) speaking, ';'-separated; empty when unresolved",
        "speaker_type": "government, international organisation, party, media, other (an actor of none of these kinds) or unknown (unresolved)",
        "country": "the speaker's country when the text says it: named in a quarter of its titles, appositions and speaker phrases and more often than any other, or starting an organisation's name; places: themselves; else empty",
        "evidence": "the words the type and country were read from: name, speaker phrases, titles and appositions",
    },
    "distinctive_terms": {
        "outlet": UNIT,
        "term": "word or two-word phrase (lowercase; stop words only inside phrases)",
        "count": "uses in the outlet's body text",
        "count_others": "uses in the other outlets' body text",
        "log_odds": "log-odds ratio of the term, outlet against the others, with the informative Dirichlet prior",
        "z": "log_odds over its standard error; above 1.96 the outlet uses the term distinctively often",
        "n_outlets": "how many of the unit's outlets use the term (its 50 highest-z terms; empty beyond): with groups, "
                     "a term only one outlet uses is that outlet's house style, and the findings leave it out",
    },
    "outlet_summary": {
        "outlet": UNIT,
        "articles": "articles from the outlet",
        "body_words": "words in its body text",
        "most_covered": "its most mentioned actors with their share of its actor mentions",
        "quotations": "quotations (direct, partial, reported) in its body text",
        "most_quoted": "its most quoted speakers with their quotations",
        "voices_by_type": "its quotations by speaker type",
        "tone_author_voice": "mean tone toward its most mentioned actors in its own voice, with n mentions",
        "distinctive_words": "its most distinctive words and phrases (highest z)",
    },
    "ingestion_report": {
        "source": "file or manifest row, relative to the corpus folder",
        "article_id": "identifier from the manifest (empty for files the manifest does not list)",
        "status": "ingested, set_aside (a manifest row that could not be used) or unlisted (a file the manifest does not name)",
        "reason": "why, for anything not plainly ingested; notes such as an encoding fallback for ingested files",
    },
}


TABLES["entity_mentions"] = {column: meaning for column, meaning in TABLES["mentions"].items()
                              if column not in ("quote_id", "voice")}

# What each table holds, one row per what (the table reference in docs/ leads with it).
DESCRIPTIONS: dict[str, str] = {
    "articles": "one row per ingested article: its manifest fields, how it was decoded and its size",
    "texts": "one row per article: its normalised text, which every character offset in the suite points into",
    "normalisation": "one row per normalisation edit (Unicode, and hover cards of related headlines removed from "
                     "inside paragraphs), so that the input can be restored exactly",
    "blocks": "one row per block (paragraph) of an article, typed title, body, caption, boilerplate, ...",
    "sentences": "one row per sentence of the content blocks (body, and flagged headline and caption text)",
    "mentions": "one row per entity mention, with the actor it refers to and whose voice it is in",
    "entity_mentions": "the entity stage's mentions: `mentions` before the quotation stage adds `quote_id` and `voice`",
    "references": "one row per pronoun or role noun in body text resolved to a person, for tone (never for counts)",
    "events": "one row per article: the event it covers (a column of the corpus, or grouped from the articles)",
    "actor_frequency": "one row per unit (outlet or group), actor and form (name or demonym): mentions in body text",
    "quotes": "one row per quotation (direct, partial or reported) with its speaker",
    "actor_sentiment": "one row per actor mention in body text and sentiment method: the tone toward that actor",
    "actor_tone": "one row per unit (outlet or group), actor, method and voice scope: the mean tone with a bootstrap interval",
    "attention": "one row per period, unit and top actor: how much each unit mentions the actor over time",
    "tone_over_time": "one row per period, unit and top actor with enough mentions: the mean author-voice tone",
    "paired_tone": "one row per actor and pair of units: their difference in tone within the events both cover",
    "self_references": "one row per outlet and name by which it refers to itself (left out of word choice)",
    "speakers": "one row per speaker: its type (government, party, media, ...) and country",
    "distinctive_terms": "one row per unit (outlet or group) and word or phrase: how distinctive of the unit it is",
    "outlet_summary": "one row per unit (outlet or group): the comparison's results side by side",
    "article_metadata": "one row per article: the corpus's own fields (leaning, event, topic, ...), typed",
    "ingestion_report": "one row per input record or unlisted file: ingested, set aside or unlisted, and why",
}


def check_columns(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Return ``frame`` if its columns are exactly those declared for table ``name`` (a declared ``*`` stands for
    any further columns: the corpus's own fields)."""
    expected = list(TABLES[name])
    fixed = [c for c in expected if c != "*"]
    columns = list(frame.columns)
    if columns != fixed and not ("*" in expected and columns[:len(fixed)] == fixed):
        raise ValueError(f"table '{name}' has columns {columns}, expected {expected}")
    return frame


def write_table(frame: pd.DataFrame, name: str, out_dir: Path) -> Path:
    """Write ``frame`` as ``out_dir/name.parquet`` and ``out_dir/name.csv``; return the parquet path."""
    check_columns(frame, name)
    out_dir.mkdir(parents=True, exist_ok=True)
    parquet = out_dir / f"{name}.parquet"
    frame.to_parquet(parquet, index=False)
    spreadsheet_safe(frame).to_csv(out_dir / f"{name}.csv", index=False, lineterminator="\n")
    return parquet


# A cell a spreadsheet would run as a formula (=HYPERLINK(...), +1, -1, @SUM): its CSV copy gets a leading
# apostrophe, which spreadsheets take as "this is text". The Parquet table keeps the exact value.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell that starts like a spreadsheet formula prefixed with an apostrophe."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            values = safe[column]
            risky = values.map(lambda v: isinstance(v, str) and v.startswith(_FORMULA_START))
            if risky.any():
                safe[column] = values.where(~risky, "'" + values.astype(str))
    return safe


def read_table(name: str, in_dir: Path) -> pd.DataFrame:
    """Read table ``name`` written by an earlier stage, with a clear error if that stage has not run."""
    path = in_dir / f"{name}.parquet"
    if not path.exists():
        raise NewsbiasError(f"{path} does not exist: run the notebook that writes the '{name}' table first.")
    return check_columns(pd.read_parquet(path), name)


def describe(name: str) -> pd.DataFrame:
    """The documented columns of table ``name`` as a DataFrame (for notebooks)."""
    return pd.DataFrame({"column": list(TABLES[name]), "meaning": list(TABLES[name].values())})
