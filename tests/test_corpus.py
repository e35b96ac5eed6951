"""Bring your own corpus: tables of articles (JSON lines, CSV), HTML pages, and every bad record accounted for."""

from __future__ import annotations

import json

import pytest
from newsbias import ingestion
from newsbias.errors import NewsbiasError

ARTICLE = "Mayor Anna Berg opened the new library on Monday.\n\n“Books are for everyone,” Berg said."
PAGE = """<!DOCTYPE html><html><head><title>Library opens | City News</title>
<meta property="article:published_time" content="2024-03-05">
<script>window.tracking = "SECRET-TRACKER";</script><style>.ad { color: red } /* STYLE-RULE */</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> NAV-LINKS</nav>
<article><h1>Library opens</h1><p>Mayor Anna Berg opened the new library on Monday.</p>
<p>"Books are for everyone," Berg said at the ceremony.</p></article>
<footer>FOOTER-TEXT Copyright 2024 City News</footer></body></html>"""


def jsonl(tmp_path, lines, name="articles.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_table_with_default_columns(tmp_path):
    path = jsonl(tmp_path, [{"article_id": "a", "outlet": "Daily", "text": ARTICLE, "date": "2024-01-02", "title": "T"},
                            {"article_id": "b", "outlet": "Weekly", "text": ARTICLE.replace("Monday", "Friday")}])
    result = ingestion.ingest(path, progress=False)
    assert list(result.articles["article_id"]) == ["a", "b"]
    assert list(result.articles["path"]) == ["articles.jsonl:line 1", "articles.jsonl:line 2"]
    assert set(result.ingestion_report["status"]) == {"ingested"}


def test_a_line_separator_inside_an_articles_text_does_not_cut_its_json_line(tmp_path):
    # JSON written without ASCII escapes keeps U+2028 raw in a string; only a newline ends a record. Windows line ends too.
    path = tmp_path / "articles.jsonl"
    records = [{"article_id": "a", "outlet": "Daily", "text": ARTICLE.replace("Monday.", "Monday.\u2028Crowds came.")},
               {"article_id": "b", "outlet": "Weekly", "text": ARTICLE}]
    path.write_text("\r\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\r\n", encoding="utf-8")
    result = ingestion.ingest(path, progress=False)
    assert list(result.articles["article_id"]) == ["a", "b"]
    assert list(result.articles["path"]) == ["articles.jsonl:line 1", "articles.jsonl:line 2"]
    assert "Crowds came." in result.texts.set_index("article_id").loc["a", "text"]


def test_malformed_jsonl_lines_are_reported_by_line_and_the_good_rows_kept(tmp_path):
    path = jsonl(tmp_path, [{"article_id": "a", "outlet": "Daily", "text": ARTICLE},
                            "{broken json",
                            "[1, 2]",
                            {"article_id": "d", "outlet": "Daily", "text": "   "},
                            {"article_id": "e", "outlet": "", "text": ARTICLE + " More."},
                            {"article_id": "f", "outlet": "Weekly", "text": ARTICLE + " Again."}])
    with pytest.raises(NewsbiasError, match=r"articles.jsonl:line 2: not a JSON object .*on_bad_record='set_aside'.*4 record"):
        ingestion.ingest(path, progress=False)
    result = ingestion.ingest(path, on_bad_record="set_aside", progress=False)
    assert list(result.articles["article_id"]) == ["a", "f"]
    report = result.ingestion_report.set_index("source")
    assert report.loc["articles.jsonl:line 2", "reason"].startswith("not a JSON object")
    assert "not an object" in report.loc["articles.jsonl:line 3", "reason"]
    assert report.loc["articles.jsonl:line 4", "reason"] == "the text ('text') is empty"
    assert report.loc["articles.jsonl:line 5", "reason"] == "the outlet ('outlet') is empty"
    assert len(report) == 6  # every input line accounted for


def test_csv_table_with_renamed_columns(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('id,source,body,published\nx1,Daily,"' + ARTICLE.replace('"', '""') + '",2024-02-03\n', encoding="utf-8")
    with pytest.raises(NewsbiasError, match=r"no column 'text' \(text\), 'outlet' \(outlet\) in any row; it has \['id', 'source', 'body', 'published'\]"):
        ingestion.ingest(path, progress=False)
    result = ingestion.ingest(path, columns={"article_id": "id", "outlet": "source", "text": "body", "date": "published"}, progress=False)
    assert result.articles.loc[0, ["article_id", "outlet", "date"]].tolist() == ["x1", "Daily", "2024-02-03"]
    with pytest.raises(NewsbiasError, match=r"unknown field\(s\) \['headline'\]"):
        ingestion.ingest(path, columns={"headline": "h"}, progress=False)


def test_missing_ids_are_made_from_the_line(tmp_path):
    path = jsonl(tmp_path, [{"outlet": "Daily", "text": ARTICLE}], name="feed.jsonl")
    assert ingestion.ingest(path, progress=False).articles.loc[0, "article_id"] == "feed-00001"


def test_duplicates_within_an_outlet_are_set_aside_and_syndicated_copies_flagged(tmp_path):
    path = jsonl(tmp_path, [{"article_id": "a", "outlet": "Daily", "text": ARTICLE},
                            {"article_id": "b", "outlet": "Daily", "text": ARTICLE + "\n"},
                            {"article_id": "c", "outlet": "Wire Weekly", "text": ARTICLE},
                            {"article_id": "a", "outlet": "Daily", "text": "Another text about Anna Berg."}])
    result = ingestion.ingest(path, on_bad_record="set_aside", progress=False)
    assert list(result.articles["article_id"]) == ["a", "c"]
    report = result.ingestion_report.set_index("source")
    assert report.loc["articles.jsonl:line 2", "reason"] == "duplicate: same text as article 'a' of the same outlet"
    assert "syndicated copy" in report.loc["articles.jsonl:line 3", "reason"]
    assert report.loc["articles.jsonl:line 4", "reason"] == "article_id 'a' repeats articles.jsonl:line 1"


def test_size_limit_names_the_limit_and_how_to_raise_it(tmp_path):
    path = jsonl(tmp_path, [{"article_id": "big", "outlet": "Daily", "text": "word " * 300}, {"article_id": "ok", "outlet": "Daily", "text": ARTICLE}])
    result = ingestion.ingest(path, on_bad_record="set_aside", max_file_bytes=1000, progress=False)
    reason = result.ingestion_report.set_index("source").loc["articles.jsonl:line 1", "reason"]
    assert reason == "the text is 1,500 bytes, over the limit of 1,000; raise it with max_file_bytes=..."


def test_html_keeps_only_the_article_text_and_picks_up_title_and_date(corpus):
    manifest = corpus({"page.html": PAGE}, rows=[{"article_id": "p", "outlet": "City News", "date": "", "title": "", "url": "",
                                                  "path": "page.html"}])
    result = ingestion.ingest(manifest, progress=False)
    text = result.texts.loc[0, "text"]
    assert "Books are for everyone" in text and "Mayor Anna Berg" in text
    for junk in ("SECRET-TRACKER", "STYLE-RULE", "NAV-LINKS", "FOOTER-TEXT", "<p>", "window."):
        assert junk not in text
    assert result.articles.loc[0, ["title", "date"]].tolist() == ["Library opens", "2024-03-05"]
    assert "trafilatura" in result.ingestion_report.loc[0, "reason"]


def test_html_inside_a_table_is_extracted_too(tmp_path):
    path = jsonl(tmp_path, [{"article_id": "h", "outlet": "City News", "text": PAGE}])
    result = ingestion.ingest(path, progress=False)
    assert "SECRET-TRACKER" not in result.texts.loc[0, "text"] and result.articles.loc[0, "title"] == "Library opens"


def test_folder_with_mixed_encodings_and_markdown(corpus):
    manifest = corpus({"a.txt": "Café owner José Ruiz said prices would rise.".encode("cp1252"),
                       "b.md": "# Prices\n\nThe Berlin bakery raised its prices, owner Jörg Weiß said.",
                       "c.txt": "Владелец кафе сказал, что цены вырастут. Он добавил, что это неизбежно.".encode("cp1251")})
    result = ingestion.ingest(manifest, progress=False, other_languages="keep")
    encodings = dict(zip(result.articles["article_id"], result.articles["encoding"]))
    assert encodings == {"a": "cp1252", "b": "utf-8", "c": "cp1251"}
    assert "José Ruiz" in result.texts.set_index("article_id").loc["a", "text"]
    assert "Jörg Weiß" in result.texts.set_index("article_id").loc["b", "text"]
