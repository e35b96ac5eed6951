"""A small example corpus in the three supported formats, built by the tests (and shown in the README's tutorial).

Four invented articles from two invented outlets on an invented event: a dock strike in the port of
Valmora. One article carries markup in its title and text, to check that notebooks show it as text.
:func:`write_multi_event` writes a second corpus of several events, outlets and leanings.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

ARTICLES = [
    {"id": "harbour-1", "source": "Harbour Times", "published": "2024-04-02", "headline": "Dock strike halts Valmora port",
     "link": "https://example.org/harbour-1",
     "body": "Dock workers in Valmora walked out on Monday, halting the port.\n\n"
             "Union leader Rosa Lind said the strike would continue until wages rose. "
             "“We have waited three years for a fair offer,” Lind told reporters.\n\n"
             "Port director Karl Ostrand called the walkout “irresponsible” and warned that shipping companies "
             "would move their cargo to Brenport."},
    {"id": "harbour-2", "source": "Harbour Times", "published": "2024-04-04", "headline": "Talks resume in port dispute",
     "link": "https://example.org/harbour-2",
     "body": "Talks between the dockers' union and Valmora Port Authority resumed on Wednesday.\n\n"
             "Rosa Lind said the union was ready to compromise. Karl Ostrand said the authority had made a generous offer.\n\n"
             "The government of Norland urged both sides to reach a deal quickly."},
    {"id": "ledger-1", "source": "Business Ledger", "published": "2024-04-02", "headline": "Strike costs <script>alert('x')</script> millions",
     "link": "https://example.org/ledger-1",
     "body": "The illegal strike at Valmora cost exporters millions of euros, according to the Norland Chamber of Commerce.\n\n"
             "“This strike is a disaster for our economy,” said Karl Ostrand, the port director. "
             "He said militant union leaders were holding the country hostage.\n\n"
             "An analyst noted that <script>alert('x')</script> and <b>bold</b> claims about losses were exaggerated."},
    {"id": "ledger-2", "source": "Business Ledger", "published": "2024-04-05", "headline": "Exporters count the cost",
     "link": "https://example.org/ledger-2",
     "body": "Exporters warned that the dispute at Valmora would damage Norland's reputation.\n\n"
             "Karl Ostrand said the union's demands were unrealistic. Rosa Lind did not respond to a request for comment.\n\n"
             "The Norland Chamber of Commerce said the strike had already cost 40 million euros."},
]
COLUMNS = {"article_id": "id", "outlet": "source", "date": "published", "title": "headline", "url": "link", "text": "body"}


def write_csv(folder: Path) -> Path:
    """The corpus as a CSV table with its own column names (see :data:`COLUMNS`)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "valmora_strike.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ARTICLES[0]))
        writer.writeheader()
        writer.writerows(ARTICLES)
    return path


def write_jsonl(folder: Path) -> Path:
    """The corpus as JSON lines with the default field names."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "valmora_jsonl.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for article in ARTICLES:
            handle.write(json.dumps({field: article[column] for field, column in COLUMNS.items()}) + "\n")
    return path


def write_folder(folder: Path) -> Path:
    """The corpus as a folder: one article as HTML, one as Markdown, two as plain text, with a manifest."""
    corpus = folder / "valmora_folder"
    corpus.mkdir(parents=True, exist_ok=True)
    rows = []
    for number, article in enumerate(ARTICLES):
        if number == 0:
            name = f"{article['id']}.html"
            paragraphs = "".join(f"<p>{p}</p>" for p in article["body"].split("\n\n"))
            (corpus / name).write_text(
                f"<html><head><title>{article['headline']}</title><script>var tracker = 1;</script></head><body>"
                f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{article['headline']}</h1>{paragraphs}"
                f"</article><footer>© Harbour Times</footer></body></html>", encoding="utf-8")
        elif number == 1:
            name = f"{article['id']}.md"
            (corpus / name).write_text(f"# {article['headline']}\n\n{article['body']}\n", encoding="utf-8")
        else:
            name = f"{article['id']}.txt"
            (corpus / name).write_text(article["body"] + "\n", encoding="utf-8")
        rows.append({"article_id": article["id"], "outlet": article["source"], "date": article["published"],
                     "title": "" if number == 0 else article["headline"], "url": article["link"], "path": name})
    manifest = corpus / "manifest.csv"
    with manifest.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return manifest


# A second invented corpus: three outlets in two leanings covering two invented events (the Valmora dock strike
# and a Brenport mayoral election three weeks later), with the researcher's own columns: ``leaning`` and ``event``.
# One outlet refers to itself ("told the Coastal Courier"), as real outlets do.
_STORIES = {
    "strike": ("2024-04-02", "Dock strike halts Valmora port",
               "Dock workers in Valmora walked out on Monday, halting the port. Union leader Rosa Lind said the strike "
               "would continue until wages rose. Port director Karl Ostrand {verdict} the walkout.\n\n"
               "Rosa Lind said the dockers had waited three years for a fair offer. Karl Ostrand said shipping "
               "companies would move their cargo to Brenport if the strike went on."),
    "election": ("2024-04-23", "Brenport elects a new mayor",
                 "Voters in Brenport chose Mara Quill as mayor on Sunday, ending a bitter campaign against Tomas Berg. "
                 "Mara Quill {verdict} the result as a mandate for new housing.\n\n"
                 "Tomas Berg conceded on Monday. Mara Quill said the city council would vote on her housing plan "
                 "within a month."),
}
_OUTLETS = [("Coastal Courier", "left", "https://www.coastalcourier.example/", "praised"),
            ("Daily Anchor", "right", "https://dailyanchor.example/", "condemned"),
            ("Harbour Times", "left", "https://example.org/", "welcomed")]


def multi_event_articles() -> list[dict]:
    """Six articles: each of three outlets covers each of two events; dates, leaning and event as columns."""
    rows = []
    for outlet, leaning, site, verdict in _OUTLETS:
        for number, (event, (date, title, body)) in enumerate(_STORIES.items()):
            text = body.format(verdict=verdict)
            if outlet == "Coastal Courier":
                text += f"\n\n“We will not give up,” a dock worker told the Coastal Courier. {outlet} readers wrote in."
            rows.append({"article_id": f"{outlet.split()[0].lower()}-{number + 1}", "outlet": outlet, "date": date,
                         "title": title, "url": f"{site}{event}", "text": text, "leaning": leaning, "event": event})
    return rows


def write_multi_event(folder: Path) -> Path:
    """:func:`multi_event_articles` as JSON lines (extra columns ``leaning`` and ``event``)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "two_events.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in multi_event_articles()), encoding="utf-8")
    return path
