"""PURE. The frame a sentence puts around a proposition: denied, admitted, hedged, retracted.

Stance is carried by the verb as often as by the claim's own words: "denied that", "rejected
reports that", "dismissed as fake", "заперечив", "спростував", "опроверг", "назвал фейком"
refute what follows; "admitted that", "acknowledged", "confirmed", "визнав", "признал",
"підтвердив" support it. One table per language, by lemma, plus the fixed phrases no single
lemma carries ("не соответствует действительности", "would not confirm or deny").

Each frame found has a kind and a place; a negator just before it turns it ("did not deny",
"хотя и не отрицал", "не підтвердили"): a negated denial or admission says nothing either way
(a hedge), as does a hedge phrase ("is looking into reports", "не подтверждает и не
опровергает", "neither admitted nor denied"). A retraction ("it was an error", "виявилося, що",
"contrary to earlier reports", "apologised for saying") marks the sentence as correcting an
earlier position: what it now asserts is the position. Errs towards hedging: a frame we cannot
place makes the sentence neutral rather than guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.extract.tokens import Token

__all__ = ["FrameKind", "Framing", "frames", "has_report_object"]


class FrameKind(StrEnum):
    DENY = "deny"
    ADMIT = "admit"
    HEDGE = "hedge"
    CORRECT = "correct"  # "it was an error", "apologised for": the position it names is withdrawn
    REVEAL = (
        "reveal"  # "turned out that", "виявилося, що", "contrary to earlier reports": what follows is the position now
    )


# Lemmas (as morph.analyse gives them) of verbs and nouns that frame a proposition.
_LEMMAS: dict[FrameKind, str] = {
    FrameKind.DENY: """deny reject dismiss refute rebut disprove denial rejection debunk
        отрицать опровергнуть опровергать отвергнуть отвергать опровержение отрицание
        заперечити заперечувати спростувати спростовувати відкинути відкидати спростування заперечення""",
    FrameKind.ADMIT: """admit acknowledge concede confess confirm recognise recognize admission acknowledgement
        confirmation
        признать признавать подтвердить подтверждать признание подтверждение констатировать
        визнати визнавати підтвердити підтверджувати визнання підтвердження констатувати""",
}
_BY_LEMMA = {lemma: kind for kind, lemmas in _LEMMAS.items() for lemma in lemmas.split()}
# Verbs that deny only with a report as their object ("rejected the accusations", "відкинув
# звинувачення"); "dismissed the minister" is a dismissal, not a denial.
_NEED_OBJECT = {"reject", "dismiss", "rebut", "rejection", "отвергнуть", "отвергать", "відкинути", "відкидати"}
_REPORT_NOUNS = {
    "report", "claim", "accusation", "allegation", "suggestion", "speculation", "rumour", "rumor", "information",
    "statement", "version", "story", "assertion", "charge", "notion", "idea", "as",
    "заявление", "обвинение", "информация", "сообщение", "слух", "версия", "утверждение", "предположение",
    "как", "звинувачення", "інформація", "повідомлення", "чутка", "версія", "твердження", "заява", "припущення",
    "як",
}  # fmt: skip


def has_report_object(tokens: Sequence[Token], index: int) -> bool:
    return any(t.kind == "word" and (t.word.lemma in _REPORT_NOUNS or t.lower in _REPORT_NOUNS)
               for t in tokens[index + 1 : index + 5])  # fmt: skip


# Fixed phrases, matched on the lower-cased sentence. Order matters: hedges that contain a
# denial or admission word ("would not confirm or deny") come first and win.
_PHRASES: list[tuple[FrameKind, re.Pattern[str]]] = [
    (
        FrameKind.HEDGE,
        re.compile(
            r"(?:would|will|could|did|does|do) not (?:confirm or deny|deny or confirm)|neither (?:confirm|admit|den)\w* "
            r"nor (?:den|confirm|admit)\w*|ни подтверд\w* ни опроверг\w*|не (?:подтвержда|подтверди)\w* и не "
            r"(?:опроверга|опроверг|отрица)\w*|ні підтверд\w* ні (?:спростув|запереч)\w*|не (?:підтверджу|підтверди)\w* "
            r"і не (?:спростову|спростува|запереч)\w*|(?:is|are|was|were) (?:looking into|investigating|checking|"
            r"examining|studying|clarifying|verifying) (?:the )?(?:reports?|claims?|allegations?|information)|(?:изучает|"
            r"проверяет|вивчає|перевіряє|перевіряють|проверяют|уточняет|уточняют|уточнює|уточнюють|уточнюємо|"
            r"уточняем) (?:эту |цю )?(?:информацию|інформацію|сообщени|повідомлен|данные|дані)\w*"
            r"|cannot be ruled out|could not be ruled out|can't be ruled out|not (?:be )?ruled out|"
            r"не (?:можна|можно) (?:виключати|исключать)|не исключ\w*|не виключ\w*|declined to (?:comment|confirm)|"
            r"refused to (?:comment|confirm)|отказал\w* (?:от )?коммент\w*|відмовил\w* (?:від )?комент\w*|"
            # "limited spread possible", "допускают передачу": a possibility allowed, not asserted
            # ("not possible", "wasn't possible" deny that possibility: no hedge)
            r"(?<!as soon as )(?<!where )(?<!if )(?<!not )(?<!n't )(?<!n’t )(?<!never )\bpossible\b|\bдопуска(?:ет|ют|є|ють)\b"
        ),
    ),
    (
        FrameKind.DENY,
        re.compile(
            r"не соответству\w* действительности|не відповіда\w* дійсності|do(?:es)? not correspond to reality|"
            r"\b(?:is|was|are|were) (?:false|fake|untrue|baseless|groundless|a lie|nonsense|fabricated|not true|"
            r"inaccurate|not accurate|misleading|unfounded)\b|"
            r"\bcall\w* (?:[\w'’]+ ){0,5}(?:false|fake|a lie|lies|untrue|baseless|nonsense|"
            r"a fabrication|a provocation|a hoax|fake news)|dismiss\w* (?:[\w'’]+ ){0,4}as (?:false|fake|baseless|groundless|"
            r"rumou?rs?|nonsense|propaganda|lies)|назва\w* (?:[\w«»']+ ){0,3}(?:фейком|ложью|вымыслом|провокацией|неправдой|"
            r"бредом|выдумкой|дезинформацией|неточн\w*|недостоверн\w*|ложн\w*|чушью|ерундой|нонсенсом)|назва\w* (?:[\w«»']+ ){0,3}(?:фейком|брехнею|вигадкою|провокацією|неправдою|"
            r"маячнею|дезінформацією|нісенітницею)|\bэто (?:фейк|ложь|неправда|вымысел|чушь|ерунда|бред)|"
            r"\bце (?:фейк|брехня|неправда|вигадка|нісенітниця|маячня)|"
            r"не имеет (?:ничего общего|отношения) с действительност|no (?:truth|basis) (?:to|in|for)|"
            # "found no clear evidence that ...", "явных признаков ... не обнаружено", "доказів немає"
            r"\bno (?:clear |credible |conclusive |direct |hard |real )?(?:evidence|signs?|indications?|proof)\b|"
            r"\bnothing to (?:suggest|indicate)\b|"
            # "исключил повышение налогов", "ruled out a hike" (a hedge when negated: "не исключил")
            r"(?<!не )(?<!ні )\b(?:исключил\w*|исключа\w*|виключи(?:в|ла|ли)\b|виключа\w*)|"
            r"(?<!not )(?<!n't )(?<!n’t )\brul(?:es|ed|ing) out\b|"
            r"\b(?:нет|никаких) (?:явных |достоверных |прямых |убедительных )?(?:доказательств|признаков|свидетельств)|"
            r"\b(?:доказательств|признаков|свидетельств)\b[^.;:]{0,80}?\bне (?:обнаружено|выявлено|найдено|установлено)|"
            r"\bне (?:обнаружено|выявлено|найдено|установлено) (?:никаких |явных )?(?:доказательств|признаков|свидетельств)|"
            r"\b(?:немає|нема|жодних) (?:явних |переконливих |прямих )?(?:доказів|ознак|свідчень)|"
            r"\b(?:доказів|ознак|свідчень)\b[^.;:]{0,80}?\b(?:не (?:виявлено|знайдено|встановлено)|немає|нема)\b|"
            r"\bне (?:виявлено|знайдено|встановлено) (?:жодних |явних )?(?:доказів|ознак|свідчень)"
        ),
    ),
    (
        FrameKind.CORRECT,
        re.compile(
            r"поторопил\w* с вывод|поспішил\w* з висновк|(?:were|was) (?:too )?(?:hasty|quick to conclude)|"
            r"jumped to conclusions|\bit (?:was|had been) (?:an? )?(?:error|mistake|wrong)|\b(?:was|were|had been) (?:incorrect|wrong|"
            r"mistaken|inaccurate|untrue|in error)\b|apologi[sz]\w* for|retract\w*|withdr[ae]w (?:its|his|her|their) "
            r"(?:claim|statement|remarks?)|извинил\w* (?:за|перед)|вибачи\w* (?:за|перед)|ошибочн\w*|помилков\w*|"
            r"было ошибкой|було помилкою|передчасн\w*|преждевременн\w*|premature"
        ),
    ),
    (
        FrameKind.REVEAL,
        re.compile(
            r"turned out|contrary to (?:its |their |his |her )?(?:earlier|previous|initial)|in fact|виявилося|"
            r"оказалось|вопреки (?:ранее|прежн|своим)|всупереч (?:раніше|попередн|своїм)|на самом деле|насправді"
        ),
    ),
]
_NEGATORS = {"not", "never", "n't", "no", "не", "ни", "ні", "нет", "ніколи", "никогда", "hasn't", "didn't",
             "doesn't", "haven't", "wouldn't", "won't", "cannot", "couldn't"}  # fmt: skip
_SOFT = {"yet", "still", "so", "far", "ещё", "еще", "пока", "ще", "поки", "also", "также", "також", "и", "й", "і",
         "хотя", "хоча", "хоть", "openly", "explicitly", "directly", "publicly", "прямо", "открыто", "відкрито"}  # fmt: skip


# Verbs that carry a negation on to the frame after them: "не стал отрицать", "не захотів визнати".
_AUXILIARY = {"стать", "стати", "мочь", "могти", "хотеть", "хотіти", "захотеть", "захотіти", "спешить", "поспішати",
              "решиться", "наважитися", "торопиться", "збиратися", "собираться", "want", "wish", "rush"}  # fmt: skip


@dataclass(frozen=True)
class Framing:
    kind: FrameKind
    start: int  # character offset in the sentence
    negated: bool  # "did not deny", "не подтвердили": says nothing either way
    words: str


def _negated(tokens: Sequence[Token], index: int) -> bool:
    """A negator among the (at most three, skipping adverbs) words before the frame word."""
    k = index - 1
    seen = 0
    while k >= 0 and seen < 4:
        t = tokens[k]
        if t.kind != "word":
            return False
        if t.lower in _NEGATORS:
            return True
        if t.lower in _SOFT or t.word.pos in ("AUX", "ADVB") or t.word.lemma in _AUXILIARY:
            k -= 1
            continue
        seen += 1
        k -= 1
        if t.word.pos not in ("AUX", "PRCL"):
            break
    return False


def frames(text: str, tokens: Sequence[Token]) -> list[Framing]:
    """Every frame in a sentence, in order of position (a phrase's words are one frame)."""
    lower = text.lower()
    found: list[Framing] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PHRASES:
        for m in pattern.finditer(lower):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            found.append(Framing(kind, m.start(), False, m.group()))
            taken.append(m.span())
    for index, token in enumerate(tokens):
        if token.kind != "word" or any(a <= token.start < b for a, b in taken):
            continue
        by_lemma = _BY_LEMMA.get(token.word.lemma) or _BY_LEMMA.get(token.lower)
        if by_lemma is None:
            continue
        if token.word.lemma in _NEED_OBJECT and not has_report_object(tokens, index):
            continue
        found.append(Framing(by_lemma, token.start, _negated(tokens, index), token.text))
    found.sort(key=lambda f: f.start)
    return found
