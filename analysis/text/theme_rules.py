"""The themes' phrase rules and keywords, as data that reviewers can read.

Everything here is part of THEMES_VERSION's fingerprint (analysis.text.themes), so any change
gives a new version and stored answers can be re-analysed with it.
"""

from __future__ import annotations

BH, ME, PR, IRO, SW = (
    "being_heard",
    "meeting_experience",
    "preparation",
    "iro_relationship",
    "social_worker",
)
FC, PH, EW, HW = "family_contact", "placement_home", "education_work", "health_wellbeing"
LC, AC, RS = "leaving_care", "activities", "rights_support"

# ---------------------------------------------------------------------------------------------
# English phrase rules. Order matters only between alternatives that start at the same place:
# longer, more specific phrases first. An empty theme tuple consumes the words without a theme.
# ---------------------------------------------------------------------------------------------
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # words to swallow so that shorter rules below do not fire on them
    (r"social (?:media|life)|work(?:s|ed)? out|doesn't work|does not work|didn't work", ()),
    (r"feel(?:s|ing)? like|felt like", ()),
    # multi-theme and disambiguating phrases
    (r"staying put", (LC, PH)),
    (
        r"(?:meeting|meetings|review|reviews|having it|have it|hold it|held|do it) (?:at|in) "
        r"(?:my |the |our )?(?:foster )?(?:house|home|school|college|office|centre)",
        (ME,),
    ),
    (
        r"(?:don't|didn't|do not|did not) want (?:my |the |him |her |them )?(?:\w+ )?"
        r"(?:at|in|to come to) (?:my|the) (?:review|meeting)s?",
        (ME,),
    ),
    (r"(?:swimming|dance|music|guitar|piano|drum|boxing|singing|riding) lessons?", (AC,)),
    (r"bursary", (EW, LC)),
    (r"pep meetings?", (EW, ME)),
    (r"setting up home(?: grant)?|leaving care (?:grant|team|service)|care leavers?", (LC,)),
    (r"residential trip|school trip|day trip", (AC,)),
    (r"independent reviewing officers?|reviewing officers?|iros?|i\.r\.o", (IRO,)),
    (r"social workers?|social services|social work team|new worker|my worker|sws", (SW,)),
    (
        r"personal advis[eo]rs?|pathway plans?|after ?care|leaving care|leave care|semi[- ]independent",
        (LC,),
    ),
    (
        r"foster (?:mum|mam|mom|dad|mother|father|parents?|family|families|home|placement|brother|sister)s?",
        (PH,),
    ),
    (
        r"foster carers?|carers?|key ?workers?|children's home|care home|residential|placements?",
        (PH,),
    ),
    (r"pep|personal education plan|virtual school", (EW,)),
    (
        r"children in care council|cicc|young voices|youth council|awards? (?:night|evening|event)",
        (AC,),
    ),
    (r"mind of my own|momo|childline", (RS,)),
    # being heard
    (
        r"listen(?:ed|s|ing)?|not heard|being heard|felt heard|feel heard|taken seriously|"
        r"take (?:me|us|my views) seriously|talk(?:ed|s|ing)? (?:over|down to)|"
        r"talk(?:ed|s|ing)? about me|ignored|ignore me|ignores me|"
        r"(?:say|said|tell|told) (?:them )?what i (?:want|wanted|think|thought|felt|feel|mean)|"
        r"(?:asks?|asked) (?:me )?what i (?:want|wanted|think|thought)|what i (?:think|thought)|"
        r"nobody asks|no one asks|never asks?|had (?:my|his|her|their|a) say|have (?:my|a) say|"
        r"my (?:views|view|opinion|voice|wishes)|(?:his|her|their|our) views|views (?:were|are|was)|"
        r"speak for myself|get a word in|(?:couldn't|can't|able to|didn't feel able to) "
        r"(?:say|speak)|don't count|already decided|decided before|"
        r"without (?:anyone|anybody|being|somebody|someone) (?:asking|asked)",
        (BH,),
    ),
    # preparation
    (
        r"pre[- ]?meetings?|(?:little|short) meeting before|meeting before|before (?:the|my) "
        r"(?:review|meeting)|beforehand|told (?:me )?about the (?:meeting|review)|"
        r"reports?|minutes|agenda|paperwork|consultation (?:form|booklet)|"
        r"(?:day|night|morning) before|last minute|short notice|knew what was going to happen|"
        r"what the plan (?:was|is)|(?:the|my|care) plan|plan (?:is|was) (?:on hold|discussed)|"
        r"letter after|prepared|get ready|got ready",
        (PR,),
    ),
    # meeting experience
    (
        r"too many people|people (?:i|we) don't know|professionals|who (?:comes|came|attends|is "
        r"there|was there|is invited|gets invited)|choose who|invited|"
        r"meetings?|reviews?|too long|(?:went|goes|go) on (?:forever|and on)|took (?:forever|ages)|"
        r"(?:have|had|take|took|need) (?:a )?breaks?|time out|leave the room|put on the spot|"
        r"everyone (?:was )?(?:looking|staring|sitting)|sitting round|interpreter|jargon|"
        r"words i (?:don't|didn't) understand|(?:council )?office|tiny room|venue|"
        r"(?:on|over) (?:teams|zoom)|chair(?:ed)? (?:part of )?my own|police officer|"
        r"sent my views|didn't go|don't go to|cancelled twice|rearranged",
        (ME,),
    ),
    # family contact
    (
        r"mum|mam|mom|mummy|dad|daddy|father|mother|parents|brothers?|sisters?|siblings?|"
        r"nan|nana|nanny|gran|granny|grandma|grandad|grandpa|grandparents?|aunt|auntie|aunty|"
        r"uncles?|cousins?|family|families|friends?|sleepovers?|(?:my|our) (?:son|daughter|"
        r"children|kids|baby)|family centre|video call",
        (FC,),
    ),
    # placement and home
    (
        r"where i live|live here|living here|living with|live closer|live with|move back|"
        r"moved|moving|moves|move me|moving me|respite|bedroom|house rules|rules|curfew|"
        r"pets?|dogs?|cats?|"
        r"(?:like|love|happy|settled|safe) (?:it )?here|want to stay|wanted to stay|dinners?",
        (PH,),
    ),
    # education and work
    (
        r"schools?|college|uni|university|sixth form|teachers?|lessons?|class(?:es)?|gcses?|"
        r"a levels?|exams?|homework|maths|english|science|tutor|excluded|exclusions?|isolation|"
        r"apprenticeships?|traineeship|training|courses?|jobs?|part time|career|cv|grades|"
        r"work experience|"
        r"reading|education|nursery|laptop|want to (?:be|become) an? \w+",
        (EW,),
    ),
    # health and wellbeing
    (
        r"feelings?|mental health|health|anxious|anxiety|depress(?:ed|ion)?|sad|lonely|"
        r"worr(?:y|ied|ies)|stress(?:ed)?|sleep|tired|headaches?|doctors?|dentist|gp|hospital|"
        r"camhs|counsell?(?:ing|or)|therap(?:y|ist)|medication|poorly|ill|cried|crying|nervous|"
        r"panic|self[- ]esteem|self[- ]harm|hurt(?:ing)? myself|kill myself|suicid\w*|"
        r"want to die|i'm (?:fine|ok|okay|alright)|i feel (?:a lot )?(?:better|worse)|"
        r"feel(?:ing)? (?:a lot )?(?:better|worse|down|low)",
        (HW,),
    ),
    # leaving care
    (
        r"flat|housing|tenancy|rent|bills|council tax|universal credit|benefits|grants?|"
        r"budget(?:ing)?|cook|cooking|turning 18|turn 18|move out|moving out|somewhere to live|"
        r"independence|independent living|money",
        (LC,),
    ),
    # activities
    (
        r"clubs?|football|swimming|boxing|dance|dancing|sports?|gym|hobby|hobbies|trips?|"
        r"holidays?|activities|activity|events?|scouts|cadets|music|drama|guitar|"
        r"zoo|cinema|rugby|cricket|netball|gaming|xbox",
        (AC,),
    ),
    # rights and support
    (
        r"advocates?|advocacy|complain(?:t|ts|ed)?|rights|entitled|entitlements?|"
        r"who to (?:ring|call|contact|talk to|tell|ask)|how to complain|lawyer|solicitor|"
        r"independent visitor",
        (RS,),
    ),
)

# A respondent saying who they are ("As his mum ...", "Foster carer here:") is not a theme.
RESPONDENT_ROLES = (
    r"\b(?:as (?:a|an|his|her|their|the|our|my) ?|i'm (?:his|her|their|the) |"
    r"i am (?:his|her|their|the) |we are (?:his|her|their|the) )"
    r"(?:foster )?(?:parents?|mum|mom|dad|mother|father|carers?|foster carers?)\b"
    r"|\bas (?:foster )?carers\b|\bas parents\b|^(?:foster )?carer here\b"
)
SPEAK: dict[str, str] = {
    "sw": "social worker",
    "didnt": "didn't",
    "dont": "don't",
    "cant": "can't",
    "couldnt": "couldn't",
    "doesnt": "doesn't",
    "im": "i'm",
    "skool": "school",
    "coll": "college",
    "bro": "brother",
    "sis": "sister",
}

# Words that name a theme only as nouns ("my work", not "it doesn't work"). Looked up in the noun
# phrases found by the tagger and chunk grammar.
NOUN_HEADS: dict[str, tuple[str, ...]] = {
    "work": (EW,),
    "contact": (FC,),
    "home": (PH,),
    "house": (PH,),
    "room": (PH,),
    "plan": (PR,),
    "break": (ME,),
    "chair": (ME,),
    "visit": (SW,),
    "visits": (SW,),
    "art": (EW,),
    "play": (AC,),
    "game": (AC,),
    "games": (AC,),
    "match": (AC,),
    "area": (PH,),
    "letter": (PR,),
}

# ---------------------------------------------------------------------------------------------
# Arabic keywords (folded with fold_arabic; article and one-letter prefixes removed)
# ---------------------------------------------------------------------------------------------
AR_KEYWORDS: dict[str, tuple[str, ...]] = {
    BH: ("يستمع", "يسمعني", "تسمعني", "يسمع", "سمعني", "يستمعون", "رأيي", "صوتي", "يسمعوني"),
    ME: ("اجتماع", "اجتماعات", "مترجم", "مترجمة", "ناس كثير", "ناس كتير"),
    PR: ("خطة", "تقرير", "قبل اجتماع", "محضر"),
    IRO: ("مسؤول مستقل", "مسؤول مراجعة", "ضابط مستقل", "مسؤول مراجعة مستقل"),
    SW: (
        "أخصائي اجتماعي",
        "أخصائية اجتماعية",
        "اخصائي اجتماعي",
        "عامل اجتماعي",
        "عاملة اجتماعية",
        "سوشيال",
        "باحث اجتماعي",
        "باحثة اجتماعية",
    ),
    FC: (
        "أمي",
        "ماما",
        "أبي",
        "بابا",
        "أخي",
        "أختي",
        "إخوتي",
        "اخوتي",
        "أخواتي",
        "أهلي",
        "عائلتي",
        "عائلة",
        "جدتي",
        "جدي",
        "صديقي",
        "أصدقائي",
        "أصحابي",
        "خالتي",
        "عمتي",
        "عمي",
        "خالي",
    ),
    PH: (
        "بيت",
        "منزل",
        "عائلة حاضنة",
        "عائلتي حاضنة",
        "أسرة حاضنة",
        "حاضنة",
        "حاضن",
        "قواعد",
        "غرفتي",
        "سكن مشترك",
    ),
    EW: (
        "مدرسة",
        "كلية",
        "جامعة",
        "معلم",
        "معلمة",
        "مدرس",
        "مدرسة",
        "دراسة",
        "عمل",
        "شغل",
        "وظيفة",
        "إنجليزية",
        "انجليزي",
        "لغة",
        "دروس",
        "أتعلم",
        "امتحان",
    ),
    HW: ("أنام", "نوم", "طبيب", "دكتور", "صحتي", "صحة", "مريض", "مريضة", "تعبان", "مستشفى", "دواء"),
    LC: ("سكن", "مال", "فلوس", "شقة", "إيجار", "مغادرة رعاية", "راتب", "منحة"),
    AC: ("كرة قدم", "نادي", "رياضة", "سباحة", "رسم", "رحلة", "ملاكمة", "موسيقى"),
    RS: ("محامي", "محام", "شكوى", "حقوقي", "حقوق", "لجوء", "مدافع", "مناصر"),
}
AR_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")
# The foster family is the placement, not birth family.
AR_FOSTER_FAMILY = ("عائلتي حاضنة", "عائلة حاضنة", "أسرة حاضنة")
