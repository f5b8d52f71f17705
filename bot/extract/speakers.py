"""PURE. Whose word a sentence is.

Signal, strongest first:
1. a side's alias as the subject of a reporting verb or phrase: "Prigozhin said", "said
   Konashenkov", "according to the Luhansk authorities", "— сообщил глава республики Леонид
   Пасечник", "за словами Ліхового". The first such pair in the sentence wins, so a side that
   quotes or mocks another side's words keeps them ("Prigozhin said what Konashenkov described
   was a rout" is Wagner's);
2. a pronoun or stand-in ("it said", "the company said", "he added", "заявили в ведомстве")
   continues the last speaker of the same item;
3. a sentence that opens with an alias and has no reporting verb of anyone else
   ("Ліховий: Сили оборони утримують Авдіївку", "Syrskyi decided to withdraw ..."), except in
   another side's own feed, where it is what that side says about the one named;
4. otherwise the source's `side` (decided by the caller).

"According to unnamed sources / bloggers" and the like belong to no side, and so does a
reporting verb whose subject is someone we do not track ("Western governments describe ...").
Errs towards no speaker: a statement without a side moves no alert.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from enum import Enum

from bot.extract.terms import Hit

# Reporting words that are nouns as often as verbs ("Russian claims to have …", "reports of"):
# they cannot open a relay.
NOUN_LIKE_REPORTS = frozenset({"claims", "reports", "says"})

_WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
_THAT = {"that", "что", "що", "чтобы", "which", "who", "whom"}


class Voice(Enum):
    """How a sentence's speaker was decided when no side was named."""

    NOBODY = "nobody"  # an untracked or unnamed party: no side at all
    CONTINUES = "continues"  # a pronoun: the item's last speaker
    UNSAID = "unsaid"  # no reporting frame: the source's own voice


@dataclass(frozen=True)
class Frame:
    """The words of one folded sentence, with helpers to measure distances in words."""

    text: str
    starts: list[int]
    words: list[str]

    @classmethod
    def of(cls, folded: str) -> Frame:
        matches = list(_WORD.finditer(folded))
        return cls(folded, [m.start() for m in matches], [m.group() for m in matches])

    def index(self, offset: int) -> int:
        """The index of the word at or before a character offset."""
        return max(0, bisect.bisect_right(self.starts, offset) - 1)


# Adverbs that may stand between a pronoun and its reporting verb ("it now sees", "she also said").
_ADVERBS = {"now", "also", "still", "later", "then", "further", "again", "теперь", "также", "тепер", "також"}


def speaker(
    frame: Frame,
    aliases: list[Hit[str]],
    reporting: list[Hit[str]],
    according: list[Hit[str]],
    unnamed: list[Hit[str]],
    pronouns: list[str],
    others: list[str],
    source_side: str | None = None,
    alias_opens: bool = True,
) -> str | Voice:
    """The side a sentence speaks for, or how to decide it (see the module docstring).
    `alias_opens` says the first alias is the sentence's subject, not an object after its verb
    ("China grounds Boeing 737 MAX jets": Boeing is named, China acts)."""
    # "СМИ: Зеленский сообщил ...", "Sources: ...": a headline that opens with an unnamed source and a colon
    if any(frame.index(u.start) == 0 and frame.text[u.end :].lstrip().startswith(":") for u in unnamed):
        return Voice.NOBODY
    frames = sorted([(h.start, h.end, "verb") for h in reporting] + [(h.start, h.end, "according") for h in according])
    # «То, что Конашенков называет перегруппировкой, — бегство», — заявил Пригожин: the frame
    # outside the quotation names the speaker; a verb inside it is the quoted speaker's wording.
    quoted = quoted_spans(frame.text)
    outside = [f for f in frames if not any(a < f[0] < b for a, b in quoted)]
    if outside:
        frames = outside
    elif frames and quoted and aliases and aliases[0].end <= quoted[0][0] and frame.index(aliases[0].start) <= 5 \
            and frame.text[aliases[0].end : quoted[0][0]].strip() == ":":  # fmt: skip
        # "Геннадій Труханов: «... За даними ДСНС, ...»": the name before the colon speaks; a source
        # cited inside the quotation is his source
        return aliases[0].payload
    # "Зеленский сообщил Залужному об отставке, пишут западные издания": a reporting clause that
    # closes the sentence after a comma frames all of it, whatever verbs come before.
    if len(frames) > 1 and frames[-1][2] == "verb":
        start, end = frames[-1][0], frames[-1][1]
        verb = frame.index(max(start, end - 1))
        named_after = (_alias_after(frame, aliases, verb, 4) is not None
                       or any(0 <= frame.index(u.start) - verb <= 4 for u in unnamed)
                       or _others_after(frame, verb, others))  # fmt: skip
        if frame.text[:start].rstrip()[-1:] in ",—–" and len(frame.words) - verb <= 8 and named_after:
            frames = [frames[-1], *frames[:-1]]
    for start, end, kind in frames:
        first, last = frame.index(start), frame.index(max(start, end - 1))
        if kind == "according":
            side = _alias_after(frame, aliases, last, 4)
            if side and "," not in frame.text[end : next(h.start for h in aliases if h.payload == side)]:
                return side  # ("According to the report, Altman is ...": the report speaks, not Altman)
            if any(0 <= frame.index(u.start) - last <= 5 for u in unnamed):
                return Voice.NOBODY
            continue
        before = " ".join(frame.words[max(0, first - 3) : first])
        subject = first - 2 if first > 1 and frame.words[first - 1] in _ADVERBS else first - 1
        if subject >= 0 and frame.words[subject] in pronouns:
            # "…prosecute sub-postmasters,” he said", "it now sees 14%": the pronoun is the subject
            return Voice.CONTINUES
        # a name inside a quotation is not its speaker; a name in quotation marks («Хортиця») is
        unquoted = [a for a in aliases if not any(a_ < a.start < b and len(frame.text[a_:b].split()) > 3
                                                  for a_, b in quoted)]  # fmt: skip
        side = _alias_before(frame, unquoted, first, 4)
        if side:
            return side
        if any(before == p or before.endswith(" " + p) for p in pronouns):
            return Voice.CONTINUES
        if any(0 <= first - frame.index(u.end - 1) <= 4 for u in unnamed):
            return Voice.NOBODY
        inverted = first == 0 or frame.text[: frame.starts[first]].rstrip()[-1:] in ",—–-»\"”'“:"
        if inverted and first > 0 and frame.words[first].endswith("ing") and aliases \
                and frame.index(aliases[0].start) <= 5 and aliases[0].start < start:  # fmt: skip
            # "Iran's spokesman Kanaani dismissed the reports …, saying Iran was neutral": a participle
            # goes on with the subject the sentence opened with
            return aliases[0].payload
        side = _alias_after(frame, aliases, last, 6, speaking=True) if inverted else None
        if side:
            return side
        if inverted and (
            any(0 <= frame.index(u.start) - last <= 4 for u in unnamed) or _others_after(frame, last, others)
        ):
            return Voice.NOBODY  # "…, сообщили источники", "як повідомляють анонімні джерела", "пишут западные издания"
        after = " ".join(frame.words[last + 1 : last + 4])
        pronoun = next((p for p in pronouns if after == p or after.startswith(p + " ")), None)
        if pronoun is not None and inverted:
            # "…, it said." — the pronoun closes the clause; in "said it was not part of" it opens the
            # reported clause and is not the speaker.
            n_words = len(pronoun.split())
            end = (
                frame.starts[last + n_words] + len(frame.words[last + n_words])
                if last + n_words < len(frame.words)
                else len(frame.text)
            )
            if not re.match(r"\s*\w", frame.text[end:]):
                return Voice.CONTINUES
        if any(w.startswith(o) for w in frame.words[max(0, first - 3) : first] for o in others):
            return Voice.NOBODY
    if aliases and frame.index(aliases[0].start) <= 5 and not frames and alias_opens:
        opening = aliases[0]
        # In a side's own feed, another side named with no reporting verb is what the post is
        # about ("Xavi will continue as coach" in the club's news), unless a colon gives it the
        # word ("Ліховий: Сили оборони утримують Авдіївку").
        rest = frame.text[opening.end :]
        if _LABEL.match(rest):
            return Voice.UNSAID  # "Georgian Dream: 54.08%": a results line names what is counted, not who speaks
        if source_side is None or opening.payload == source_side or rest.lstrip().startswith(":"):
            return opening.payload
    return Voice.UNSAID


# A name, a colon and nothing but a figure ("Georgian Dream: 54.08%", "«Слуга народу»: 43,16%").
_LABEL = re.compile(r"[»\"”]?\s*:\s*[~≈]?\s*\d[\d\s.,]*(?:%|\s*[^\W\d_]{1,12}\.?)?\s*[.;,]?\s*$")


_QUOTES = {"«": "»", "“": "”", "„": "“", '"': '"'}


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each balanced quotation in a sentence; unbalanced quotes give none."""
    spans: list[tuple[int, int]] = []
    opened: tuple[int, str] | None = None
    for i, ch in enumerate(text):
        if opened is not None and ch == opened[1]:
            spans.append((opened[0], i))
            opened = None
        elif opened is None and ch in _QUOTES:
            opened = (i, _QUOTES[ch])
    return spans


def _alias_before(frame: Frame, aliases: list[Hit[str]], verb: int, window: int) -> str | None:
    best: tuple[int, str] | None = None
    for hit in aliases:
        end_word = frame.index(hit.end - 1)
        gap = verb - end_word - 1
        # "Зеленський звільнив Залужного, пишуть видання": a clause break stands between (but
        # "…, secretary-general of the Libyan Red Crescent, said" closes an apposition)
        between = frame.text[hit.end : frame.starts[verb]]
        clear = not any(w in _THAT for w in frame.words[end_word + 1 : verb]) and ("," not in between or gap == 0)
        if 0 <= gap <= window and clear and (best is None or gap < best[0]):
            best = (gap, hit.payload)
    if best:
        return best[1]
    # An alias opening the sentence before an apposition: "Concord, the company of ..., said".
    if aliases and frame.index(aliases[0].start) <= 1 and verb - frame.index(aliases[0].end - 1) <= 16:
        between = frame.text[aliases[0].end : frame.starts[verb]]
        # The apposition may hold a relative clause ("…, which has claimed …,"); after it, nothing may.
        tail = between.rsplit(",", 1)[-1]
        if between.count(",") >= 2 and not any(w in _THAT for w in tail.split()):
            return aliases[0].payload
    return None


# A name after one of these is an object ("saying in a letter to Truss"), not the speaker.
# ("заявили в Минобороны", "повідомили у Міноборони" name the speaker by its place: not objects.)
_OBJECT_PREPOSITIONS = {"to", "at", "for", "with", "about", "against", "on", "from", "of", "к", "о", "об", "про",
                        "против", "проти", "для", "до"}  # fmt: skip


def _others_after(frame: Frame, verb: int, others: list[str]) -> bool:
    return any(w.startswith(o) for w in frame.words[verb + 1 : verb + 4] for o in others)


_OPENS_CLAUSE = re.compile(
    r"(?:'s)?\s+(?:will|would|has|had|have|is|was|were|are|did|does|do|can|could|must|should|may|might|"
    r"had|not|never)\b"
)


def _alias_after(frame: Frame, aliases: list[Hit[str]], verb: int, window: int, speaking: bool = False) -> str | None:
    """The side named just after a word. With `speaking`, the name must close the clause or take
    a title ("…, said Konashenkov", "says Altman, adding"), not open a reported clause of its
    own ("says Altman will not return": Altman is what is said, not who says it)."""
    for hit in aliases:
        first = frame.index(hit.start)
        gap = first - verb - 1
        if gap > 0 and frame.words[first - 1] in _OBJECT_PREPOSITIONS:
            continue
        if speaking and _OPENS_CLAUSE.match(frame.text[hit.end :]):
            continue
        if 0 <= gap <= window and not any(w in _THAT for w in frame.words[verb + 1 : first]):
            return hit.payload
    return None


_CONJUNCTIONS = {"and", "but", "also", "а", "но", "и", "і", "та", "але", "й"}


def relays_another(frame: Frame, side: str, aliases: list[Hit[str]], reporting: list[Hit[str]],
                   others: list[str], naming: frozenset[str] = frozenset()) -> bool:  # fmt: skip
    """Does the speaker pass on someone else's claim? ("the ministry said Ukraine claimed the
    troops had retreated": what follows the second verb is not the ministry's own word.)

    True when a reporting verb after the first has, just before it, another side's alias or
    a party we do not track (OTHERS).
    """
    own = {
        n
        for alias in aliases
        if alias.payload == side
        for n in range(frame.index(alias.start), frame.index(alias.end - 1) + 1)
    }
    starts = sorted({h.start for h in reporting if h.term not in NOUN_LIKE_REPORTS and h.term not in naming})
    for start in starts[1:]:
        if frame.text[:start].rstrip()[-1:] in ",—–":
            continue  # "…, saying", "…, said Konashenkov": the speaker's own aside or its closing
        verb = frame.index(start)
        if verb > 0 and frame.words[verb - 1] in _CONJUNCTIONS:
            continue  # "acknowledged …, but said …": the same speaker goes on
        before = [frame.words[n] for n in range(max(0, verb - 3), verb) if n not in own]
        if any(w.startswith(o) for w in before for o in others):
            return True
        for alias in aliases:
            gap = verb - frame.index(alias.end - 1) - 1
            if alias.payload != side and 0 <= gap <= 3:
                return True
    return False
