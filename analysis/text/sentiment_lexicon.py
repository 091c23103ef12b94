"""Sentiment's lexicons and cue phrases, as data that reviewers can read.

Everything here is part of SENTIMENT_VERSION's fingerprint (analysis.text.sentiment), so any
change gives a new version and stored answers can be re-analysed with it.
"""

from __future__ import annotations

# English text-speak and spellings, replaced word by word before scoring.
TEXT_SPEAK: dict[str, str] = {
    "gr8": "great",
    "gr8t": "great",
    "grt": "great",
    "luv": "love",
    "luvd": "loved",
    "luvs": "loves",
    "lv": "love",
    "rly": "really",
    "rlly": "really",
    "realy": "really",
    "sooo": "so",
    "soooo": "so",
    "soo": "so",
    "v": "very",
    "vry": "very",
    "gd": "good",
    "gud": "good",
    "gooood": "good",
    "goood": "good",
    "awsome": "awesome",
    "awsum": "awesome",
    "brill": "brilliant",
    "fab": "fabulous",
    "kk": "ok",
    "k": "ok",
    "okey": "ok",
    "okk": "ok",
    "oky": "ok",
    "alrite": "alright",
    "aight": "alright",
    "thx": "thanks",
    "thnx": "thanks",
    "thanx": "thanks",
    "ty": "thanks",
    "tnx": "thanks",
    "sux": "sucks",
    "h8": "hate",
    "nvr": "never",
    "dnt": "don't",
    "dont": "don't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "cant": "can't",
    "couldnt": "couldn't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "isnt": "isn't",
    "arent": "aren't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
    "havent": "haven't",
    "hasnt": "hasn't",
    "wont": "won't",
    "aint": "ain't",
    "im": "i'm",
    "ive": "i've",
    "u": "you",
    "ur": "your",
    "b4": "before",
    "bc": "because",
    "cos": "because",
    "coz": "because",
    "tbh": "",
    "lol": "",
    "lmao": "",
    "idk": "i don't know",
    "dunno": "don't know",
    "sw": "social worker",
    "nobody's": "nobody",
}

# Clause boundaries: one of these contrast words, a run of these marks, or a dash between spaces.
# "and" is not a boundary.
CLAUSE_WORDS = (
    "but",
    "though",
    "although",
    "however",
    "except",
    "apart from",
    "only thing",
    "other than that",
    "then again",
)
CLAUSE_MARKS = ",;:.!?\n()"
CLAUSE_DASHES = "-–—"

NEGATORS = frozenset(
    {"not", "no", "never", "nobody", "noone", "nothing", "without", "hardly", "cannot", "nor"}
)
INTENSIFIERS = frozenset(
    {
        "really",
        "very",
        "so",
        "well",
        "proper",
        "super",
        "totally",
        "absolutely",
        "extremely",
        "dead",
        "such",
        "incredibly",
        "massively",
        "genuinely",
    }
)
DIMINISHERS = frozenset({"bit", "slightly", "kinda", "somewhat", "fairly", "abit"})
DIMINISHING = ("kind of ", "sort of ", "a little ", "a tiny bit ")

# (pattern, weight, negatable). Alternatives are tried left to right at each position, so
# the longer/more specific phrases come first. Patterns are written against lower-cased text
# after text-speak expansion. Weight 0.0 entries only mask words from textblob.
CUES: tuple[tuple[str, float, bool], ...] = (
    # --- phrases that already carry their negation ---------------------------------------
    (r"not too bad|not that bad|not bad|not awful|not terrible", 0.3, False),
    (r"could (?:be|have been) better|not (?:ok|okay|fine|alright|great)", -0.45, False),
    (r"no point|pointless|waste of (?:time|space)|what's the point", -0.55, False),
    (
        r"(?:didn't|did not|don't|do not|doesn't|does not|never|not) "
        r"(?:turn|turned|come|came|show|showed) up",
        -0.5,
        False,
    ),
    (
        r"(?:didn't|did not|don't|do not|never) (?:come|came|attend|attended|visit|visited)",
        -0.4,
        False,
    ),
    (
        r"(?:couldn't|could not|can't|cannot|wasn't able to|not able to|didn't get to|"
        r"don't get to|never get to|didn't feel able to|didn't feel i could) "
        r"(?:say|speak|talk|get a word|have my say|say what)",
        -0.55,
        False,
    ),
    (
        r"(?:didn't|did not|don't|do not|couldn't|could not|can't) "
        r"(?:understand|get what|follow)",
        -0.5,
        False,
    ),
    (
        r"(?:didn't|did not|don't|do not|never|nobody|no one) "
        r"(?:know|knew|tell|told|tells|explain|explained|ask|asked)\b"
        r"(?: me)? ?(?:who|what|how|when|where|why|about|until|if|anything|half|that)",
        -0.4,
        False,
    ),
    (r"still (?:haven't|hasn't|not|don't|no|waiting)|haven't got|heard nothing", -0.45, False),
    (r"(?:no|never any) (?:answer|reply|response|one answers|call back)", -0.5, False),
    (r"(?:can't|cannot|can not|not allowed to|never|don't get to) see", -0.4, False),
    (r"not allowed|won't let me|don't let me|doesn't let me", -0.4, False),
    (r"(?:can't|cannot|couldn't|don't|do not) (?:get to )?sleep", -0.5, False),
    (
        r"without (?:anyone|anybody|somebody|someone|being) (?:asking|asked|telling|told)",
        -0.5,
        False,
    ),
    (r"against my (?:wishes|will)", -0.55, False),
    (r"(?:didn't|did not|don't|do not) (?:want|wanna) to (?:be there|go|come)", -0.35, False),
    (
        r"(?:don't|doesn't|didn't|do not|does not|did not|never) (?:count|matter|mattered)",
        -0.5,
        False,
    ),
    (r"(?:already|had) decided|decided (?:before|without)", -0.45, False),
    (
        r"(?:couldn't|could not|didn't|did not|wasn't able to|no time to) "
        r"(?:read|see) (?:it|the|them)",
        -0.4,
        False,
    ),
    (r"(?:didn't|did not|don't|do not|never) know (?:that )?(?:i|we|there)", -0.4, False),
    (
        r"(?:the )?(?:day|night|morning) before|last minute|short notice|far (?:from|away)",
        -0.4,
        False,
    ),
    (
        r"(?:feel|feels|felt|look|looks|looked|seem|seems|seemed|sounds|would|i'd|we'd|just) like",
        0.0,
        False,
    ),
    (r"nothing really|really(?=\s*$)|not the worst", 0.0, False),
    # --- care-specific negative cues -----------------------------------------------------
    (
        r"kill myself|want to die|wanna die|hurt(?:ing)? myself|cut(?:ting)? myself|self[- ]harm|"
        r"(?:hits|hit|hurts|hurt|beats|kicks|touches|touched) me|abus(?:e|ed|ing|ive)",
        -0.7,
        True,
    ),
    (
        r"talk(?:ed|s|ing)? (?:over|down to) (?:me|us|him|her|them)|talk(?:ed|s|ing)? over",
        -0.6,
        True,
    ),
    (r"talk(?:ed|s|ing)? about me(?: and)? not to me", -0.55, True),
    (r"put on the spot|on the spot", -0.6, True),
    (
        r"like (?:i'm|i am|im|i was|we're|we are) (?:a )?(?:baby|babies|child|kid|stupid|thick)",
        -0.55,
        False,
    ),
    (
        r"like (?:a )?(?:baby|child|kid|little kid)|like i wasn't there|like i'm not there",
        -0.55,
        False,
    ),
    (
        r"too (?:many|much|long|short|big|small|hot|cold|strict|early|late|far|busy|loud|noisy|"
        r"expensive|hard|difficult|scary|formal|serious|personal|awkward|crowded|quick|slow|"
        r"boring|stressful|full)",
        -0.55,
        False,
    ),
    (r"(?:a )?(?:bit|quite|very|really|so|way) (?:long|lengthy)", -0.35, False),
    (
        r"(?:went|goes|go|dragged|drags) on (?:forever|and on|for ages)|took (?:forever|ages)",
        -0.5,
        True,
    ),
    (
        r"(?:keeps?|kept) (?:changing|leaving|cancelling|moving)|changed again|changes again",
        -0.5,
        True,
    ),
    (
        r"(?:\d+|loads of|so many|lots of|too many) (?:different )?"
        r"(?:social workers|workers|iros|placements|carers|schools|moves|homes)",
        -0.4,
        False,
    ),
    (r"(?:moved|changed) (?:\d+|three|four|five|six|lots of|loads of) times", -0.4, False),
    (r"(?:been )?waiting (?:for )?(?:months|ages|weeks|years|so long)", -0.45, True),
    (r"on hold|delayed|cancel+ed|rearranged|drifted|rushed", -0.4, True),
    (r"fed up|sick of|had enough", -0.6, True),
    (
        r"rubbish|crap|pants|naff|sucks|trash|shit|useless|a joke|nightmare|horrible|awful",
        -0.7,
        True,
    ),
    (r"boring|bored|booring|dull", -0.6, True),
    (r"hate|hated|hates|can't stand|cannot stand", -0.8, True),
    (r"scared|scary|frightened|afraid|terrified|unsafe|petrified", -0.6, True),
    (r"anxious|anxiety|nervous|worr(?:y|ied|ies|ying)|stress(?:ed|ful)?|panic", -0.45, True),
    (r"upset|cried|crying|sad|unhappy|miserable|depressed|lonely|alone", -0.6, True),
    (
        r"embarrass(?:ing|ed)|intimidat(?:ing|ed)|awkward|uncomfortable|patronis(?:ing|ed)",
        -0.6,
        True,
    ),
    (r"ignored|ignore me|ignores me|jargon|confusing|confused", -0.5, True),
    (r"excluded|isolation|bullied|bullying|picked on|laugh(?:ed|ing)? at me", -0.5, True),
    (r"damp|mould|mouldy|noisy|strict|annoying|late", -0.4, True),
    (r"miss(?:ing)? (?:my|him|her|them|you|home|it)|missed (?:my|him|her|them)", -0.4, True),
    (r"only (?:see|saw|get|got|have|had|once|twice)", -0.3, True),
    (r"nobody|no one|noone|no-one", -0.4, False),
    (r"never", -0.3, False),
    # --- care-specific positive cues (negatable) -----------------------------------------
    (r"taken seriously|take me seriously|took me seriously", 0.55, True),
    (r"(?:had|have|has|got to have) (?:my|his|her|their|our|a) say", 0.55, True),
    (r"at ease|felt welcome|feel welcome|made me feel", 0.5, True),
    (r"listen(?:ed|s|ing)?(?: to)?", 0.5, True),
    (
        r"(?:able to|got to|get to|could|can|allowed to) (?:say|speak|talk|take time|"
        r"take a break|have a break|leave|chair|choose|stay)",
        0.4,
        True,
    ),
    (r"well organised|organised|prepared|thorough|child centred|child-centred", 0.5, True),
    (r"help(?:ed|s|ing|ful)|supportive|support(?:ed|s) me", 0.5, True),
    (r"thank(?:s| you)|cheers|grateful|appreciate(?:d)?", 0.45, True),
    (
        r"sorted|settled|relaxed|calm|comfortable|safe|secure|"
        r"feel at home|felt at home|feels like home",
        0.4,
        True,
    ),
    (r"explained|made sure|knows me|remembers|fought for me|stood up for me|on my side", 0.4, True),
    (r"(?:going|went|doing|did|gone) (?:really )?well|better", 0.5, True),
    (
        r"(?:rings|rang|calls|called|texts|texted|gets) (?:me )?back|repl(?:y|ies|ied)|answers?",
        0.3,
        True,
    ),
    (r"enjoy(?:ed|s|ing)?|fun|cool|proud|excited|exciting|treat me like family", 0.5, True),
    (r"love|loved|loves|lovely|amazing|brilliant|awesome|fabulous|the best", 0.7, True),
    (
        r"liked|likes|(?:i|we|he|she|they|really|do|does|also|still) like|"
        r"like it|like that|like my|like the|like having|like going",
        0.5,
        True,
    ),
    (
        r"got (?:a|my|an|the|into|onto) (?:\w+ ){0,2}(?:job|place|apprenticeship|flat|offer|"
        r"interview|grades|results|award|certificate|course)",
        0.5,
        True,
    ),
    (
        r"help (?:me|us|him|her|them)|i knew what|knew what (?:was|is) (?:going to|gonna) happen",
        0.45,
        True,
    ),
    (r"fine|ok|okay|alright|all right|decent|meh|so-so", 0.1, True),
    # --- words textblob reads as sentiment but that are not, here -------------------------
    (
        r"more|many|much|own|first|sure|real|old|new|full|free|little|special|social|other|"
        r"half|least|young|early|right|kind of|sort of|like|last|big|small|short|long|close|"
        r"closer|only|high|low|open|public|just|whole",
        0.0,
        False,
    ),
)

# Emoji and emoticons, scored in the clause where they sit.
EMOJI: dict[str, float] = {
    "🙂": 0.5,
    "😀": 0.7,
    "😃": 0.7,
    "😄": 0.7,
    "😁": 0.7,
    "😊": 0.6,
    "☺": 0.5,
    "😍": 0.8,
    "🥰": 0.8,
    "👍": 0.5,
    "👏": 0.5,
    "💕": 0.6,
    "❤": 0.6,
    "💖": 0.6,
    "😎": 0.4,
    "🎉": 0.6,
    "😐": 0.0,
    "🤷": 0.0,
    "🙁": -0.5,
    "☹": -0.5,
    "😞": -0.5,
    "😔": -0.5,
    "😟": -0.5,
    "😕": -0.3,
    "😢": -0.6,
    "😭": -0.7,
    "😡": -0.7,
    "😠": -0.7,
    "🤬": -0.8,
    "👎": -0.6,
    "💔": -0.6,
    "😩": -0.5,
    "😫": -0.5,
    "🥱": -0.4,
    "😴": -0.3,
    ":)": 0.5,
    ":-)": 0.5,
    ":d": 0.6,
    ":(": -0.5,
    ":-(": -0.5,
    ":'(": -0.6,
}

# ---------------------------------------------------------------------------------------------
# Arabic: written as children spell it; the code folds spelling variants (fold_arabic) first.
# ---------------------------------------------------------------------------------------------
AR_LEXICON: dict[str, float] = {
    # positive
    "جيد": 0.6,
    "جيدة": 0.6,
    "ممتاز": 0.8,
    "ممتازة": 0.8,
    "سعيد": 0.7,
    "سعيدة": 0.7,
    "مبسوط": 0.6,
    "مبسوطة": 0.6,
    "فرحان": 0.6,
    "فرحانة": 0.6,
    "مرتاح": 0.5,
    "مرتاحة": 0.5,
    "حلو": 0.5,
    "حلوة": 0.5,
    "جميل": 0.6,
    "جميلة": 0.6,
    "رائع": 0.8,
    "رائعة": 0.8,
    "لطيف": 0.6,
    "لطيفة": 0.6,
    "طيب": 0.5,
    "طيبة": 0.5,
    "كويس": 0.5,
    "كويسة": 0.5,
    "منيح": 0.5,
    "منيحة": 0.5,
    "زين": 0.5,
    "أحب": 0.6,
    "احب": 0.6,
    "بحب": 0.6,
    "نحب": 0.6,
    "يعجبني": 0.5,
    "شكرا": 0.5,
    "ممتع": 0.6,
    "ممتعة": 0.6,
    "مفيد": 0.5,
    "مفيدة": 0.5,
    "ساعدني": 0.5,
    "ساعدتني": 0.5,
    "يساعدني": 0.5,
    "تساعدني": 0.5,
    "يسمعني": 0.5,
    "تسمعني": 0.5,
    "سمعني": 0.5,
    "يستمع": 0.5,
    "تستمع": 0.5,
    "استمع": 0.4,
    "يستمعون": 0.5,
    "أمان": 0.4,
    "آمن": 0.4,
    "أفضل": 0.5,
    "احسن": 0.5,
    "أحسن": 0.5,
    "تمام": 0.1,
    "عادي": 0.0,
    "يرد": 0.3,
    "ترد": 0.3,
    "موجود": 0.2,
    "موجودة": 0.2,
    "أفهم": 0.3,
    "فهمت": 0.3,
    "أعرف": 0.2,
    "اعرف": 0.2,
    # negative
    "سيء": -0.7,
    "سيئ": -0.7,
    "سيئة": -0.7,
    "وحش": -0.6,
    "زعلان": -0.6,
    "زعلانة": -0.6,
    "حزين": -0.7,
    "حزينة": -0.7,
    "تعبان": -0.5,
    "تعبانة": -0.5,
    "ممل": -0.6,
    "مملة": -0.6,
    "طويل": -0.3,
    "خائف": -0.6,
    "خائفة": -0.6,
    "خايف": -0.6,
    "خايفة": -0.6,
    "خوف": -0.5,
    "قلق": -0.5,
    "قلقة": -0.5,
    "وحيد": -0.6,
    "وحيدة": -0.6,
    "صعب": -0.4,
    "صعبة": -0.4,
    "مشكلة": -0.2,
    "مشاكل": -0.3,
    "أكره": -0.8,
    "اكره": -0.8,
    "بكره": -0.8,
    "مزعج": -0.5,
    "مزعجة": -0.5,
    "غاضب": -0.6,
    "غاضبة": -0.6,
    "يضحكون": -0.4,
    "أشتاق": -0.4,
    "اشتاق": -0.4,
    "مشتاق": -0.4,
    "يؤذيني": -0.7,
    "متضايق": -0.5,
    "ضايقني": -0.5,
    "تعيس": -0.7,
}
AR_NEGATORS = ("لا", "ما", "مش", "مو", "ليس", "ليست", "غير", "لم", "لن", "مب")
AR_INTENSIFIERS = ("جدا", "كثير", "كثيرا", "كتير", "مره", "جداً")
AR_TOO_MANY = ("كثير", "كثيرة", "كثيرون", "كتير")
AR_CLAUSE_BREAKS = r"\s(?:لكن|ولكن|بس|لكنه|لكنها)\s|[،,.!?؟؛\n]+"
AR_PREFIXES = ("وال", "بال", "فال", "لل", "ال", "و", "ف", "ب")
