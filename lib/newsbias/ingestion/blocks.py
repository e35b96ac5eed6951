"""Splitting an article's normalised text into typed blocks.

A block is a paragraph of the input: one line, or several hard-wrapped lines.
Each gets a kind (title, subtitle, subheading, caption, credit, body, boilerplate)
and the reason for it. The rules look at the shape and wording of web-page
furniture (share buttons, calls to follow, credits, syndication notes) that recurs
across outlets; none of them names an outlet or a string of one corpus.

Nothing is lost: every character of every input line lands in exactly one block,
and each block's text is the exact slice ``text[start_char:end_char]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

# A headline in the text counts as the manifest's title at this similarity (0-100)
# after case and punctuation are folded: it tolerates a changed word or two, not a
# different sentence (a lede that paraphrases the headline scores 70-80).
TITLE_SIMILARITY = 90
TITLE_MAX_WORDS = 25
SUBTITLE_MAX_WORDS = 40
SUBHEADING_MAX_WORDS = 12
FURNITURE_MAX_WORDS = 15
NOTE_MAX_WORDS = 30
# A credit cut off the caption it is glued to starts with a capital ("Credit: AFP", "Photo: Getty Images") and is short.
CREDIT_MAX_WORDS = 12
# Syndication and provenance notes sit at the ends of an article.
NOTE_WINDOW = 3

_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«("
_TERMINAL = ".!?…"

# "Credit: AFP", "Photo: Reuters", "Photograph by Jane Doe", "© 2020 Agency", "(Getty Images)".
_CREDIT = re.compile(
    r"(?:(?:photo|photograph|image|picture|illustration|video)s?\s*(?:credit)?\s*(?::|by\b)"
    r"|credits?\s*:|©|\(c\)\s*\d{4})\s*\S.*$",
    re.IGNORECASE,
)
# A photographer's credit written "Name/Agency" at the end of a caption ("... Dec. 9, 2019. Evan Vucci/AP",
# "(Joe Raedle/Getty Images)", "[File: Yves Herman/Reuters]", "...Capitol.CreditJoshua Roberts/Reuters"): a name of up
# to four capitalised words or initials, a slash, then only capitalised words (and "via") up to an agency's mark at
# the end (Images, Photo, Pool, Getty, Reuters, or initials such as AP or EPA).
_SLASH_CREDIT = re.compile(
    r"(?:[(\[|]\s*)?(?:File:\s*|Credit)?(?:(?:[A-Z][a-z'’-]+|[A-Z]\.)\s+){0,3}[A-Z][\w'’-]*\s*/\s*"
    r"(?:(?:[A-Z][\w&.'’-]*|via)[\s/]*){0,14}?"
    r"(?:Images|Photos?|Pool|Getty|Reuters|[A-Z]{2,4})(?:\s*\(\d+\))?\s*[)\]]?\.?\s*$"
)
# A credit not in brackets follows the end of its caption's sentence.
_CAPTION_ENDS = (".", "!", "?", ")", "”", '"', "’", ":", "|", "(", "[")
# What an image widget writes before its credit ("Enlarge this image toggle caption"), or a credit's label.
_IMAGE_LABEL = re.compile(r"^\W*(?:(?:enlarge\s+this\s+image|toggle\s+caption|hide\s+caption|photo(?:graph)?:?|image:?)\W*)*$",
                          re.IGNORECASE)
# "Image copyright Getty Images Image caption Both men represent the state": a credit, then the caption.
_COPYRIGHT_CAPTION = re.compile(r"^\s*Image copyright\s.{1,80}?\sImage caption\s+(?=\S)")
# A short block that only labels the article's genre ("ANALYSIS/OPINION:") or a gallery ("Slideshow (11 Images)").
_GENRE_LABEL = re.compile(
    r"^\W*(?:(?:news\s+)?analysis|opinion|commentary|editorial|slideshow(?:\s*\(\d+\s+images?\))?)"
    r"(?:\s*/\s*(?:analysis|opinion|commentary))?\W*$",
    re.IGNORECASE,
)
# Words that make up share and action buttons.
_BUTTON_WORDS = (
    r"share|send|e-?mail|mail|tweet|print|copy|link|whatsapp|facebook|twitter|x|linkedin|telegram|"
    r"reddit|pinterest|messenger|flipboard|save|gift|comment|comments|this|article|story|page|in|on|"
    r"via|by|to|with|a|friend|the|url"
)
_BUTTONS = re.compile(rf"^(?:[\s\W_]|{_BUTTON_WORDS})+$", re.IGNORECASE)
_BUTTON_ACTIONS = re.compile(r"share|send|e-?mail|tweet|print|copy|whatsapp", re.IGNORECASE)
_CALL_TO_ACTION = re.compile(
    r"^\W*(?:follow|subscribe|sign\s+up|click|tap|download|join|like|get|listen|watch|register|turn\s+on)\b",
    re.IGNORECASE,
)
_PLATFORM = re.compile(
    r"\b(?:facebook|twitter|instagram|telegram|youtube|linkedin|whatsapp|tiktok|threads|bluesky|"
    r"google\s+news|newsletters?|app|podcasts?|alerts?|notifications?|icon|topics|updates|channel|"
    r"rss|feed|us)\b",
    re.IGNORECASE,
)
_NOTE = re.compile(
    r"\b(?:originally|first)\s+(?:published|appeared|ran)\b"
    r"|\b(?:contributed|contributing)\s+to\s+(?:this|the)\s+(?:report|article|story)\b"
    r"|^\W*(?:additional\s+)?(?:reporting|writing|editing)\s+by\b|^\W*contributing\s*:"
    r"|\b(?:this|the)\s+(?:article|story|report)\s+(?:was|has\s+been)\s+(?:updated|corrected|amended|republished)\b"
    r"|^\W*(?:with\s+)?(?:agencies|wire\s+services|news\s+agencies)\W*$"
    r"|\ball\s+rights\s+reserved\b|^\W*copyright\b",
    re.IGNORECASE,
)
_RIGHTS = re.compile(r"\brights\s+reserved\b", re.IGNORECASE)
_WEB_LABEL = re.compile(
    r"^\W*(?:advertisement|sponsored(?:\s+content)?|read\s+more|read\s+also|also\s+read|related(?:\s+\w+)?|"
    r"recommended|most\s+read|comments?|loading|continue\s+reading(?:\s+the(?:\s+main)?\s+(?:story|article))?|"
    r"scroll\s+to\s+continue|click\s+here|read\s+or\s+share\s+this\s+(?:story|article))\b\W*(?::.*)?$",
    re.IGNORECASE,
)
# "Advertisement Continue reading the main story", "ADVERTISEMENT Thanks for watching!": a short block that opens with
# the label of an advertisement slot.
_ADVERTISEMENT = re.compile(r"^\W*advertisement\b", re.IGNORECASE)
ADVERTISEMENT_MAX_WORDS = 8
# A video or audio player: a title written twice (three words or more repeated), words of a player, then its running
# time at the end ("... MUST WATCH Mayor: NYC prepared to handle Ebola 01:36", "... Listen · 2:31 2:31").
_RUNNING_TIME = re.compile(r"\b\d{1,2}:\d{2}(?:\s+\d{1,2}:\d{2})?\s*$")
_PLAYER_WORDS = re.compile(r"\b(?:watch(?:ed)?|video|videos|replay|listen|play|playback)\b", re.IGNORECASE)
PLAYER_MAX_WORDS = 40
# A newsletter sign-up form: an offer to sign up or subscribe, with the form's own small print ("By signing up you
# agree to ...", "You can unsubscribe at any time", "Please verify you're not a robot").
_SIGN_UP = re.compile(r"\bsign[\s-]*up\b|\bsigning\s+up\b|\bsubscribe\b|\bnewsletters?\b|\bin\s+your\s+inbox\b", re.IGNORECASE)
_SMALL_PRINT = re.compile(
    r"\bby\s+signing\s+up\b|\bprivacy\s+policy\b|\bunsubscribe\b|\bopt\s+out\b|\bnot\s+a\s+robot\b"
    r"|\bemail\s+(?:address|sign[\s-]*up)\b|\bsign[\s-]*up\s+now\b|\bpromotional\s+offers\b"
    r"|\bthank\s+you\s+for\s+signing\s+up\b",
    re.IGNORECASE,
)
SIGN_UP_MAX_WORDS = 100
# A short block is one when it opens with the offer ("Newsletter Sign-up") or speaks of the reader's inbox.
_SHORT_SIGN_UP = re.compile(
    r"^\W*(?:\S+\s+){0,2}(?:newsletters?|sign[\s-]+up|subscribe)\b|\bin\s+your\s+inbox\b", re.IGNORECASE
)
# "Add Russia as an interest to stay up to date on the latest Russia news": an offer to follow a topic.
_STAY_UP_TO_DATE = re.compile(r"\bstay\s+up\s+to\s+date\s+(?:on|with)\s+the\s+latest\b", re.IGNORECASE)
# Share buttons run into the caption or paragraph that follows them ("Facebook Twitter Pinterest Kashmiri girls
# during a protest"): two button words or more at the start of a block, each capitalised.
_LEADING_BUTTONS = re.compile(
    r"^\s*(?:(?:Facebook|Twitter|Pinterest|LinkedIn|WhatsApp|Reddit|Flipboard|Email|E-mail|Share|Tweet)\s+){2,}"
)


@dataclass(frozen=True)
class Block:
    """A typed span ``text[start:end]`` of an article, starting on input line ``line`` (from 1)."""

    start: int
    end: int
    line: int
    text: str
    kind: str = "body"
    reason: str = ""


def _fold(text: str) -> str:
    """Case- and punctuation-insensitive form for comparing headlines and repeated captions."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+(?:[-'’]\w+)*", text))


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(stripped) and stripped[-1] in _TERMINAL


def _collapse_repeats(text: str) -> str:
    """'Send in e-mailSend in e-mail' -> 'Send in e-mail': buttons rendered twice as one line."""
    stripped = text.strip()
    for parts in (2, 3, 4):
        if len(stripped) % parts == 0:
            unit = stripped[: len(stripped) // parts]
            if unit * parts == stripped:
                return unit
    return stripped


def split_lines(text: str) -> list[Block]:
    """Cut the text into paragraph blocks: one per line, hard-wrapped lines joined.

    A line continues the previous one when the previous does not end a sentence and
    this one starts in lower case (a paragraph wrapped at a fixed width).
    Whitespace-only lines become blocks of their own so that no character is lost.
    """
    blocks: list[Block] = []
    offset = 0
    previous_blank = True
    for number, line in enumerate(text.split("\n"), start=1):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line:
            previous_blank = True
            continue
        if not line.strip():
            blocks.append(Block(start, end, number, line, "boilerplate", "whitespace-only line"))
            previous_blank = True
            continue
        last = blocks[-1] if blocks else None
        continues = (
            last is not None
            and not previous_blank
            and last.kind == "body"
            and not _ends_sentence(last.text)
            and line.lstrip()[:1].islower()
        )
        if continues:
            blocks[-1] = replace(last, end=end, text=text[last.start : end])
        else:
            blocks.append(Block(start, end, number, line))
        previous_blank = False
    return blocks


def split_credits(blocks: list[Block]) -> list[Block]:
    """Cut a trailing credit ('…2020.Credit: AFP') off the line it is glued to.

    The text before the credit is a caption; the credit is a block of kind credit.
    """
    result: list[Block] = []
    for block in blocks:
        copyright_caption = _COPYRIGHT_CAPTION.match(block.text) if block.kind == "body" else None
        if copyright_caption:
            cut = block.start + copyright_caption.end()
            result.append(Block(block.start, cut, block.line, block.text[: copyright_caption.end()], "credit", "photo credit"))
            block = Block(cut, block.end, block.line, block.text[copyright_caption.end():], "caption", "photo caption after its credit")
        match = _CREDIT.search(block.text)
        if match is not None and (match.group()[:1].islower() or _word_count(match.group()) > CREDIT_MAX_WORDS):
            match = None  # "taking credit: If and when ...", "his video by highlighting ...": the sentence goes on
        if match is None and block.kind in ("body", "caption") and _word_count(block.text) <= SUBTITLE_MAX_WORDS:
            match = _SLASH_CREDIT.search(block.text)
            before = block.text[: match.start()].rstrip() if match else ""
            if match is not None and _IMAGE_LABEL.match(before):
                result.append(replace(block, kind="credit", reason="photo credit (Name/Agency)"))
                continue
            if match is not None and not (before.endswith(_CAPTION_ENDS) or match.group().lstrip()[:1] in "([|"):
                match = None  # "... monitored advertising for Kantar Media/CMAG.": a sentence that goes on
        if block.kind not in ("body", "caption") or match is None or match.start() == 0 or _word_count(block.text) > SUBTITLE_MAX_WORDS:
            result.append(block)
            continue
        cut = block.start + match.start()
        result.append(replace(block, end=cut, text=block.text[: match.start()], kind="caption", reason="text before a photo credit"))
        result.append(Block(cut, block.end, block.line, block.text[match.start() :], "credit", "photo credit"))
    return result


def _repeats_words(text: str, size: int = 3) -> bool:
    """Whether some run of ``size`` words occurs twice in ``text`` (case and punctuation folded)."""
    words = _fold(text).split()
    runs = [tuple(words[i:i + size]) for i in range(len(words) - size + 1)]
    return len(set(runs)) < len(runs)


def split_leading_buttons(blocks: list[Block]) -> list[Block]:
    """Cut share buttons ('Facebook Twitter Pinterest ') off the start of the caption or paragraph they run into."""
    result: list[Block] = []
    for block in blocks:
        match = _LEADING_BUTTONS.match(block.text)
        if block.kind != "body" or match is None or not block.text[match.end():].strip():
            result.append(block)
            continue
        cut = block.start + match.end()
        result.append(Block(block.start, cut, block.line, block.text[: match.end()], "boilerplate", "share or e-mail buttons"))
        result.append(replace(block, start=cut, text=block.text[match.end():]))
    return result


def _furniture_reason(text: str) -> str | None:
    """Why a short block is web-page furniture rather than article text, or None."""
    words = _word_count(text)
    unit = _collapse_repeats(text)
    if words <= FURNITURE_MAX_WORDS and _BUTTONS.match(unit) and _BUTTON_ACTIONS.search(unit):
        return "share or e-mail buttons"
    if words <= FURNITURE_MAX_WORDS and _CALL_TO_ACTION.search(text) and _PLATFORM.search(text):
        return "call to follow, subscribe or click"
    if words <= FURNITURE_MAX_WORDS and _WEB_LABEL.match(text):
        return "web page label (advertisement, related links, read more)"
    if words <= ADVERTISEMENT_MAX_WORDS and _GENRE_LABEL.match(text):
        return "web page label (genre or gallery)"
    if words <= ADVERTISEMENT_MAX_WORDS and _ADVERTISEMENT.match(text):
        return "web page label (advertisement, related links, read more)"
    if words <= PLAYER_MAX_WORDS and _RUNNING_TIME.search(text) and _PLAYER_WORDS.search(text) and _repeats_words(text):
        return "video or audio player (a title and its running time)"
    if (words <= SIGN_UP_MAX_WORDS and _SIGN_UP.search(text) and _SMALL_PRINT.search(text)
            or words <= FURNITURE_MAX_WORDS and _SHORT_SIGN_UP.search(text)):
        return "newsletter sign-up form"
    if words <= PLAYER_MAX_WORDS and _STAY_UP_TO_DATE.search(text):
        return "call to follow, subscribe or click"
    return None


def classify(blocks: list[Block], manifest_title: str = "") -> list[Block]:
    """Give every block its kind and the reason for it. See the module docstring."""
    blocks = split_credits(split_leading_buttons(blocks))
    typed: list[Block] = []
    for block in blocks:
        if block.kind != "body":
            typed.append(block)
        elif _CREDIT.match(block.text.strip()) and not _RIGHTS.search(block.text):
            typed.append(replace(block, kind="credit", reason="photo credit"))
        elif (reason := _furniture_reason(block.text)) is not None:
            typed.append(replace(block, kind="boilerplate", reason=reason))
        else:
            typed.append(block)
    typed = _mark_repeats(typed)
    typed = _mark_notes(typed)
    typed = _mark_headline(typed, manifest_title)
    return _mark_subheadings(typed)


def _mark_repeats(blocks: list[Block]) -> list[Block]:
    """A block that repeats an earlier one is set aside; a caption repeated with its credit too.

    When the repeat is the caption glued to a credit, the first copy is the caption.
    """
    seen: dict[str, int] = {}
    result = list(blocks)
    for index, block in enumerate(result):
        if block.kind not in ("body", "caption"):
            continue
        key = _fold(block.text)
        if not key:
            continue
        if key in seen:
            first = seen[key]
            if block.kind == "caption":
                result[first] = replace(result[first], kind="caption", reason="photo caption (repeated with its credit)")
                result[index] = replace(block, kind="boilerplate", reason=f"caption repeated with its credit (copy of block {first})")
            else:
                result[index] = replace(block, kind="boilerplate", reason=f"repeats block {first}")
        else:
            seen[key] = index
    return result


def _mark_notes(blocks: list[Block]) -> list[Block]:
    """Syndication, reporting and copyright notes among the first or last few blocks."""
    result = list(blocks)
    body = [i for i, b in enumerate(result) if b.kind == "body"]
    ends = set(body[:NOTE_WINDOW] + body[-NOTE_WINDOW:])
    for index in sorted(ends):
        block = result[index]
        if _word_count(block.text) <= NOTE_MAX_WORDS and _NOTE.search(block.text):
            result[index] = replace(block, kind="boilerplate", reason="syndication, reporting or copyright note")
    return result


def _mark_headline(blocks: list[Block], manifest_title: str) -> list[Block]:
    """The first body block is the title if it matches the manifest's title or looks like a headline.

    The next body block is the subtitle if it is short and does not end like a sentence.
    """
    result = list(blocks)
    body = [i for i, b in enumerate(result) if b.kind == "body"]
    if len(body) < 2:
        return result
    first = result[body[0]]
    similarity = fuzz.ratio(_fold(first.text), _fold(manifest_title)) if manifest_title else 0.0
    if similarity >= TITLE_SIMILARITY:
        reason = f"first block matches the manifest title (similarity {similarity:.0f})"
    elif _word_count(first.text) <= TITLE_MAX_WORDS and not _ends_sentence(first.text) and not first.text.strip()[:1] in _OPENERS:
        reason = "first block is short and does not end like a sentence (headline shape)"
    else:
        return result
    result[body[0]] = replace(first, kind="title", reason=reason)
    second = result[body[1]]
    if len(body) > 2 and _word_count(second.text) <= SUBTITLE_MAX_WORDS and not _ends_sentence(second.text):
        result[body[1]] = replace(second, kind="subtitle", reason="follows the title, short, does not end like a sentence")
    return result


def _mark_subheadings(blocks: list[Block]) -> list[Block]:
    """A short line between body paragraphs that does not end like a sentence, or is a bare question."""
    result = list(blocks)
    body = [i for i, b in enumerate(result) if b.kind == "body"]
    for position, index in enumerate(body[1:-1], start=1):
        text = result[index].text.strip()
        if text[:1] in _OPENERS or text[-1:] in _CLOSERS or not text[:1].isupper():
            continue
        if _word_count(text) > SUBHEADING_MAX_WORDS or text[-1:] in ".,;:…":
            continue
        result[index] = replace(result[index], kind="subheading", reason="short line between body paragraphs, not a sentence")
    return result


def _with_body_reason(block: Block) -> Block:
    return replace(block, reason="article text") if block.kind == "body" and not block.reason else block


def segment(text: str, manifest_title: str = "") -> list[Block]:
    """Split a normalised article text into typed blocks (the public entry point)."""
    return [_with_body_reason(b) for b in classify(split_lines(text), manifest_title)]
