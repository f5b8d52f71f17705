"""The multilingual cue words extraction uses, in one place (English, Russian, Ukrainian).

Every entry is a term in the sense of `terms.py`: matched at a word start, folded, and cut
short on purpose ("заяв" is заявил, заявила, заявили, заявив, заявляет, заявляють). Keep
them conservative: each one here can move an alert.
"""

from __future__ import annotations

import re

# Someone says something: the subject of these is the speaker. Verb forms only: the nouns
# ("заявление", "сообщения", "statement") do not make a speaker.
REPORTING = """
said says say told tells telling claimed claims stated announced announces reported reports
confirmed confirms insisted insists admitted admits acknowledged acknowledges denied denies deny
dismissed dismisses rejected rejects added adds wrote writes noted warned warns accused accuses
declared declares explained explains conceded concedes maintained maintains argued argues
assured assures estimated estimates stressed stresses disclosed discloses revealed reveals sees expects forecasts projects
ruled rules
заявил заявля заявит сообщил сообща сообщит отметил отмеча подчеркнул подчеркива признал признаё
признае опроверг добавил добавля написал пишет рассказал рассказыва уточнил уточня доложил доклады
пояснил поясня утвержда указал пишут пишуть объявил объявля передает передаёт цитиру отрицает отрицают отрицал
сказал говорит говорят заверил предупредил констатировал
заявив заявила заявили заявило повідомив повідомила повідомили повідомило повідомля зазначив
зазначила зазначили зазнача наголосив наголосила наголоси наголошу визнав визнала визнали визнає
спростував спростовує додав додала додали додає написав написала пише розповів розповіла розповіда
уточнив доповів доповіла пояснив пояснила пояснює каже кажуть сказав сказала стверджу заперечу
заперечив заперечила оголосив оголосила
call calls called calling describe describes described mocked mocks ridiculed ridicules branded brands
labelled labeled posted tweeted reminded
назвал назвала назвали называет называют описал описала описали высмеял высмеяла раскритиковал
назвав назвала назвали називає називають описав описала висміяв висміяла розкритикував підкресли
запевни відзначи уверя уверил запевня
напомнил напомнила напомнили напоминал нагадав нагадала нагадали нагадував нагадувала
""".split()

# Recalling what was said before: "Песков напомнил, что Лукашенко говорил …", "Нагадаємо, напередодні …".
RECALLING = ["reminded", "напомнил", "напомнила", "напомнили", "напоминал", "напомним", "напомню", "нагадав",
             "нагадала", "нагадали", "нагадував", "нагадувала", "нагадаємо", "нагадаю"]  # fmt: skip

# The same verbs by lemma, for Russian and Ukrainian, so that every person, number and gender
# form is one ("заперечили", "заявила", "повідомляють"); verb forms only, never the nouns.
REPORTING_LEMMAS = frozenset(
    """постановить постановлять постановити ухвалити заявить заявлять сообщить сообщать отметить отмечать
    подчеркнуть подчёркивать подчеркивать признать признавать опровергнуть опровергать добавить добавлять написать писать рассказать рассказывать уточнить
    уточнять доложить докладывать пояснить пояснять утверждать указать указывать объявить объявлять передать
    передавать цитировать отрицать сказать говорить заверить заверять предупредить предупреждать
    констатировать уверять уверить назвать называть описать описывать высмеять раскритиковать настаивать
    заявити заявляти повідомити повідомляти зазначити зазначати наголосити наголошувати визнати визнавати
    спростувати спростовувати додати додавати написати писати розповісти розповідати уточнити уточнювати
    доповісти доповідати пояснити пояснювати казати сказати стверджувати заперечити заперечувати оголосити
    оголошувати назвати називати описати описувати висміяти розкритикувати запевнити запевняти підкреслити
    підкреслювати відзначити відзначати наполягати напомнить нагадати""".split()
)

# Reporting verbs that name or describe rather than pass on a proposition: "what Konashenkov
# described as regrouping", "то, что Конашенков называет перегруппировкой". They find a speaker
# but never make the sentence a relay of someone else's claim.
NAMING = set(
    """call calls called calling describe describes described mocked mocks ridiculed ridicules branded brands
    labelled labeled назвал назвала назвали называет называют описал описала описали высмеял высмеяла
    раскритиковал назвав називає називають описав висміяв висміяла розкритикував
    назвать называть описать описывать высмеять раскритиковать назвати називати описати описувати висміяти
    розкритикувати""".split()
)

# Phrases that introduce whose word a sentence is: "according to X", "по словам X".
ACCORDING_TO = [
    "according to", "citing", "по словам", "по данным", "по информации", "по сообщению", "как сообщает",
    "как сообщил", "как заявил", "как заявили", "как сообщили", "за словами", "за даними", "за інформацією",
    "як повідомляє", "як повідомив", "як повідомили", "як заявив", "як заявили", "как сообщают", "как пишут",
    "как утверждают", "как пишет", "як повідомляють", "як пишуть", "як пише", "як стверджують", "as reported by",
]  # fmt: skip

# Sources that belong to no side: their word is nobody's we track.
UNNAMED = [
    "unnamed", "anonymous", "bloggers", "blogger", "military bloggers", "sources said", "sources say",
    "a source", "sources close", "media reports", "reports said", "social media", "блогер", "военкор",
    "источник", "источники", "сми ", "анонимн", "неназванн", "джерел", "джерело", "блогер", "анонімн",
    "військкор", "пабліки", "паблики", "telegram channels", "телеграм-канал", "телеграм-каналы",
]  # fmt: skip

# Words that stand for the last named speaker: "It said ...", "the company said ...".
PRONOUNS = [
    "he", "she", "it", "they", "we", "i", "the company", "the ministry", "the group", "the insurer",
    "the businessman", "the governor", "the spokesman", "the spokeswoman", "the official", "the agency",
    "the department", "the administration", "the president", "the statement", "the authorities",
    "the regulator", "the firm", "the bank", "the minister", "the commander", "он", "она", "оно", "они", "мы",
    "ведомство", "министерство", "в ведомстве", "в министерстве", "пресс-служба", "спикер", "он же",
    "він", "вона", "воно", "вони", "ми", "відомство", "міністерство", "у відомстві", "пресслужба",
    "речник", "в ова", "в ОВА",
]  # fmt: skip

# Subjects that are someone else: a verb with one of these before it is not the source's word.
OTHERS = [
    "enemy", "media", "governments", "analysts", "experts", "observers", "critics", "western", "kyiv",
    "moscow", "ukraine", "russia", "hackers", "hacker", "group", "противник", "враг", "сми", "эксперт",
    "аналитик", "киев", "запад", "украин", "росси", "ворог", "експерт", "аналітик", "москв", "кремл",
    "україн", "росі", "західн", "видання", "издани", "outlets", "newspaper", "газет",
]  # fmt: skip

# Background: a report of what was said before, not the side's word now.
PAST_MARKERS = [
    "had said", "had denied", "had insisted", "had claimed", "had maintained", "had dismissed",
    "had rejected", "had repeatedly", "had for years", "had long", "had earlier", "had previously",
    "had stated", "had reported", "had announced", "earlier in the day", "earlier this", "previously said",
    "ранее заявля", "ранее сообща", "ранее отрица", "ранее утвержда", "ранее заявил", "ранее сообщил",
    "раніше заявля", "раніше повідомля", "раніше заперечу", "раніше стверджу", "раніше заявив",
    "раніше повідомив", "прежде заявля", "до этого заявля", "до цього заявля",
    # "a month after assuring customers ...", "having earlier denied ...": an earlier position
    # recalled inside today's sentence
    "after assuring", "after insisting", "after saying", "after denying", "after claiming",
    "after maintaining", "after promising", "after telling", "after vowing", "after pledging", "after dismissing", "after rejecting", "after repeatedly",
    "having said", "having denied", "having insisted", "having claimed", "having earlier",
    "having previously", "having repeatedly", "после заверений", "после того как заверя",
    "после того как утвержда", "после того как отрица", "после того как заявля", "після запевнень",
    "після того як запевня", "після того як заперечу", "після того як стверджу", "після того як заявля",
]  # fmt: skip

# Earlier words, when they open a sentence or come before its reporting verb ("Ранее
# Минобороны отрицало …", "Previously the company said …"): background, not today's word.
EARLIER = [
    "earlier", "previously", "in the past", "for years", "for months", "ранее", "прежде", "до этого",
    "в прошлом", "годами", "раніше", "до цього", "у минулому", "в минулому", "роками",
]  # fmt: skip
# "a week ago", "неделю назад", "тиждень тому": background only in a sentence that reports what
# was said then ("Ещё неделю назад власти уверяли, что ..."); a strike a week ago is an incident.
AGO = ["ago", "накануне", "напередодні", "the day before", "a day earlier", "назад", "тому назад", "тиждень тому", "тижні тому", "тижнів тому", "місяць тому", "місяці тому",
       "місяців тому", "день тому", "дні тому", "днів тому", "рік тому", "роки тому", "років тому"]  # fmt: skip

# Hedges, conditionals and someone else's unproven claim: no stance can be read.
HEDGES = [
    "if confirmed", "if true", "unverified", "could not be verified", "could not be independently",
    "not independently verified", "cannot be verified", "has not been verified", "unconfirmed",
    "reportedly", "allegedly", "alleged", "purportedly", "purported", "so-called", "whether", "may have",
    "might have", "could have", "possibly", "it is unclear", "it was unclear", "not clear whether",
    "якобы", "так называем", "предположительно", "возможно", "вероятно", "не исключ", "если подтверд",
    "неподтвержд", "не подтвержд", "не удалось проверить", "нібито", "начебто", "так зван", "можливо", "ймовірно",
    "імовірно", "якщо підтверд", "не виключ", "непідтвердж", "не підтвердж",
    # declining to say, or not confirming, is not saying
    "declined to comment", "refused to comment", "would not comment", "did not comment", "no comment",
    "not confirm", "did not confirm", "has not confirmed", "could not confirm", "no information",
    "нет информации", "не располага", "немає інформації", "не має інформації", "отказался коммент",
    "отказались коммент", "не стал коммент", "воздержал", "не подтверд", "відмовився комент",
    "відмовилися комент", "не став комент", "утримався від комент", "не підтверд",
]  # fmt: skip

# Someone's report or claim named as such ("reports that", "сообщения о"): the proposition in
# it is theirs, so the sentence takes no stance unless it denies or confirms them.
ATTRIBUTED = [
    "reports that", "reports of", "claims that", "claims of", "claims to", "rumours", "rumors", "allegations",
    "сообщения о", "сообщения об", "сообщений о", "информацию о", "информация о", "заявления о", "слухи",
    "повідомлення про", "повідомлень про", "інформацію про", "заяви про", "заяв про", "чутки",
]  # fmt: skip
CONFIRMS = ["confirmed reports", "confirmed the reports", "подтвердил информацию", "подтвердили информацию",
            "підтвердив інформацію", "підтвердили інформацію"]  # fmt: skip

# Conditional openers and question particles that make a sentence hypothetical.
CONDITIONALS = ["if ", "unless ", "если ", "ли ", "чи ", "якщо ", "коли б", "если бы"]

# Denial and falsity: the proposition in the sentence is being called untrue.
DENIALS = [
    "denied", "denies", "deny", "denying", "dismissed", "dismisses", "dismissing", "rejected", "rejects",
    "refuted", "refutes", "false", "fake", "untrue", "not true", "baseless", "groundless", "fabricat",
    "a lie", "lies", "lying",
    "не соответству", "не соответствует действительности", "фейк", "неправда", "ложь", "ложн",
    "опроверг", "опровергл", "отрица", "спростов", "заперечу", "заперечив", "заперечил",
    "не відповіда", "брехн", "неправдив", "хибн", "вигадк", "выдумк", "дезинформац", "дезінформац",
]  # fmt: skip

# Denials of a link (used for claims that name two parties, "X founded Y").
RELATION_DENIALS = [
    "no connection", "no link", "no links", "no ties", "nothing to do with", "never owned", "not linked",
    "no relation", "не имеет отношения", "никакого отношения", "не связан", "никак не связан",
    "не має стосунку", "жодного стосунку", "не пов'язан", "denies links", "denied links", "denies any link",
    "denied any link", "denied any connection", "denies any connection",
]  # fmt: skip

NEGATORS = {
    "not", "no", "never", "n't", "without", "neither", "nor", "none", "nobody", "nothing", "cannot", "didn't",
    "don't", "doesn't", "wasn't", "weren't", "isn't", "aren't", "hasn't", "haven't", "hadn't",
    "не", "нет", "ни", "никаких", "никакого", "никакой", "никогда", "без", "ні", "немає", "нема",
    "жодних", "жодного", "жодної", "ніколи",
}  # fmt: skip
NEGATION_AFTER = {"нет", "немає", "нема", "не"}  # "прорыва нет", "прориву немає", "прорыва не было"
# "… нет", "… не было" closing a clause whose subject is the cue, a few words on.
ABSENCE = {"нет", "немає", "нема"}
ABSENT_PHRASES = [
    "не было", "не был", "не была", "не будет", "не допущено", "не допущен", "не произошло", "не зафиксировано",
    "не отмечено", "не наблюдается", "не було", "не буде", "не відбулося", "не сталося", "не зафіксовано",
    "не допущено", "не спостерігається",
    # what is not planned or foreseen: "Делать вакцинацию обязательной ... не планируется"
    "не планируется", "не планується", "не предусмотрено", "не передбачено", "не ожидается", "не очікується",
]  # fmt: skip
# Words that widen a statement past the claim ("всеобщей обязательной вакцинации не будет", "nationwide"):
# about everyone, it says nothing either way of the group a claim names.
BROADER = [
    "всеобщ", "повсеместн", "загальнообов", "всенародн", "universal", "nationwide", "across the country",
    "в масштабах всей страны", "по всей стране", "по всій країні", "для всех", "для всіх",
]  # fmt: skip
# Auxiliaries that put a verb in the future: "will stay on", "буде підписано", "будет выплачивать".
FUTURE_AUXILIARIES = frozenset({"will", "would", "shall", "'ll", "буде", "будет", "будут", "будуть"})
NO_LONGER = ["no longer", "больше не", "більше не", "уже не", "вже не"]

# Inability negates what follows it: "у нас не хватает сил, чтобы вернуть Крым", "lacks the
# troops to retake", "не в состоянии удержать" (matched against the folded text before a cue).
UNABLE = re.compile(
    r"(?:\b(?:не хватает|не хватило|не хватит|недостаточно|не вистачає|не вистачило|не вистачить|недостатньо|"
    r"бракує|lacks?|lacked|lacking|not enough|insufficient)\s+(?:[\w'’]+\s+){0,3}?(?:сил\w*|ресурс\w*|войск\w*|"
    r"військ\w*|оружия|зброї|forces|strength|troops|resources|means|weapons)\b"
    r"|\b(?:не в состоянии|не в силах|не в змозі|неспособн\w*|нездатн\w*|unable|incapable of|not able"
    # "failed to capture", "не смогли взять", "не вдалося звільнити": what was tried and not done
    r"|fail(?:s|ed|ing)? to|не (?:смог|смогли|смогла|змог|змогли|змогла|зміг|удало?сь|удалось|вдало?ся)"
    # a refusal of what the claim says: "refused to sell", "walked away from the rescue", "отказалась
    # покупать", "відмовилася купувати" (but "declined to comment on reports that ..." is a hedge)
    r"|(?:refus|declin)\w* to (?!comment|confirm|say|discuss|elaborate|answer|specify)"
    r"|abandon\w* (?:its |the |their |his |her )?(?:plans?|bid|deal|offer|attempt|idea)(?: to)?"
    r"|walk\w* away from|pull\w* out of (?:the |its |their )?(?:deal|plan|bid|agreement|talks)"
    r"|back\w* out of|(?:will|would) not go ahead with"
    r"|отказал\w*|отказыва\w*|відмовил\w*|відмовля\w*))"
    r"[^.;:!?]{0,40}$"
)
# A halt to what would be done: "suspended preparations for the signing", "призупинити процес підготовки
# до укладення", "приостановила поставки", "put the deal on hold" (matched against the folded text before a cue).
HALTED = re.compile(
    r"\b(?:suspend\w*|halt\w*|freez\w*|froze|frozen|put on hold|shelv\w*|call\w* off|cancel\w*"
    r"|призупин\w*|зупин\w*|заморо\w*|скасува\w*|скасув\w*|приостанов\w*|останов\w*|отмен\w*)"
    r"\s+(?:[\w'’]+\s+){0,4}$"
)
# A plan or a preparation is not the fact: "правительство готовится начать контрнаступление",
# "plans to retake the city" (matched against the folded text before a cue).
INTENT = re.compile(
    r"\b(?:готов(?:ит|ят|ится|ятся|ились|ился|илась)|готу(?:є|ють|ється|ються)|планиру\w*|план(?:ує|ують)|"
    r"намерен\w*|наме(?:рен|ре)\w*|збира(?:є|ю)ться|собира(?:ет|ют)ся|prepar(?:es|ing|ed) (?:to|for)|"
    r"plans? to|planning to|plann?ed to|intends? to|intending to|intended to|aims? to|"
    # an attempt is not the fact either: "were trying to capture", "пытаются прорваться", "намагаються взяти"
    r"try(?:ing)? to|tries to|tried to|attempt(?:s|ed|ing)? to|seek(?:s|ing)? to|sought to|"
    # an offer is not the fact: "is ready to agree if ...", "готова погодитися"
    r"ready to|willing to|prepared to|готов(?:а|ы|о)?|готові|готовий|готова|"
    r"пыта(?:ются|ется|лись|лся|лась)|попыта(?:ются|ется|лись|лся|лась)|намага(?:ються|ється|лися|вся|лася)|"
    r"попытк\w*|спроб\w*)\s+(?:[\w'’]+\s+){0,2}$"
)

# Scope words that move a negation to another event: "no further drones will be sent", "none
# has been shipped since", "will not be fined again", "с начала войны не поставлялись".
SCOPE = [
    "since ", "again ", "any more", "anymore", "no further", "no more", "further", "any further", "from now on",
    "in future", "in the future", "с тех пор", "с начала", "снова", "повторно", "ещё раз", "еще раз", "впредь",
    "в дальнейшем", "больше", "відтоді", "з початку", "знову", "ще раз", "надалі", "в майбутньому", "більше",
    "дальнейш", "подальш", "новых ограничений", "нових обмежень",
    # "тримають оборону на нових рубежах за Мар'їнкою": holding other lines, after leaving
    "new lines", "new positions", "нових рубеж", "новых рубеж", "нових позиці", "новых позици",
]  # fmt: skip

# Contrast: the clause after these carries the sentence's point.
CONTRAST = [  # whole words (a trailing space): "а " is not "армии", "проте " is not "противник"
    "but ", "however", "yet ", "although", "though ", "но ", "однако", "а ", "зато ", "але ", "проте ", "втім ",
    "однак ",
]  # fmt: skip

# Common claim predicates and the words that state them, for claims given only as text.
# diplomatic recognition ("will recognise the republics", "признает независимость", "визнає"): any of
# its stems in a claim's text states it in all three languages
_RECOGNISE = ["recogni", "призна", "визна"]
PREDICATES: dict[str, list[str]] = {
    **dict.fromkeys(_RECOGNISE, _RECOGNISE),
    "found": [
        "found",
        "founder",
        "founding",
        "co-found",
        "creat",
        "set up",
        "set it up",
        "establish",
        "основа",
        "основател",
        "созда",
        "заснува",
        "засновни",
        "створи",
    ],
    "withdr": [
        "withdr",
        "retreat",
        "pull out",
        "pulled out",
        "pullout",
        "fell back",
        "отступ",
        "отошл",
        "отвод",
        "вывод",
        "відступ",
        "відійш",
        "вихід",
        "виведен",
    ],
    "retreat": ["retreat", "withdr", "fell back", "pulled back", "отступ", "отошл", "відступ", "відійш"],
    "sank": ["sank", "sunk", "sink", "went down", "затонул", "затонув", "пошел ко дну", "пішов на дно"],
    "sink": ["sank", "sunk", "sink", "went down", "затонул", "затонув"],
    "stole": ["stole", "stolen", "theft", "exfiltrat", "украд", "похищ", "викрад", "вкрад"],
    "stol": ["stole", "stolen", "theft", "exfiltrat", "украд", "похищ", "викрад", "вкрад"],
    "captur": ["captur", "took control", "taken control", "seized", "захват", "взял", "взят", "захопи", "взяли"],
    "struck": ["struck", "strike", "hit", "удар", "поразил", "влучан", "уражен"],
    "strik": ["struck", "strike", "hit", "удар", "поразил", "влучан", "уражен"],
    "hit": ["hit", "struck", "strike", "удар", "попадан", "влучан"],
    "kill": ["kill", "dead", "died", "погиб", "убит", "загин", "вбит"],
    "destroy": ["destroy", "уничтож", "знищ", "зруйн", "разруш"],
    "hold": ["hold", "holding", "held", "удерживa", "удержива", "утримуют", "утриму", "закрепил", "закріпил"],
    "liberat": ["liberat", "освобод", "звільн"],
    "shot": ["shot down", "downed", "сбит", "сбил", "збит", "збил"],
}

STOPWORDS = set(
    """a an the of in on at to from for by with and or was were is are be been has have had that this
    these those its it as into near than about over after before during under against between
    и в во на с со к по из за от до о об что это как для при а но или был была были было
    і й в у на з зі до від за про що це як для при або але був була були було""".split()
)
