"""The combined safety screen: phrase rules OR the shipped model, urgent words in every form
language, worries told as over, and versions that follow the model file. Sentences written for
these tests (never taken from a blind set)."""

from __future__ import annotations

import pytest

from analysis.text import safety
from analysis.text.linear_model import load, model_path
from analysis.text.safety import CATEGORIES, covers, rules_finding, screen_text
from service.domain.reading_policy import needs_interpreter

KNIFE = "he keeps a knife under his bed and said tonight he will use it on me"


def test_model_only_alert_names_its_strongest_words() -> None:
    assert not rules_finding(KNIFE).flag
    finding = screen_text(KNIFE)
    assert finding.flag and finding.category in CATEGORIES
    assert finding.urgency == "urgent"
    (shown,) = finding.matched
    assert shown.startswith("model: ") and "knife" in shown


def test_a_rule_match_shows_the_phrase_not_the_model() -> None:
    finding = screen_text("my step dad hits me when mum is at work")
    assert finding.flag and finding.matched == ("hits me",)


@pytest.mark.parametrize(
    "text",
    [
        "he h\u0456ts me",  # Cyrillic i
        "he hits\U000e0020 me",  # invisible tag character
        "he h1ts me",  # leetspeak
        "he keeps a kn1fe under his bed and said t0night he will use it on me",
        "\uff48\uff45 \uff48\uff49\uff54\uff53 \uff4d\uff45",  # full-width letters
    ],
)
def test_disguised_concerns_alert(text: str) -> None:
    assert screen_text(text).flag


@pytest.mark.parametrize(
    "text",
    [
        "I used to cut myself but I had help from camhs and I'm fine now",
        "when I was little my dad used to hit me but he is not allowed near us and we are safe now",
    ],
)
def test_worries_told_as_over_do_not_alert(text: str) -> None:
    assert not screen_text(text).flag


@pytest.mark.parametrize(
    "text",
    [
        "I used to cut myself and I started again last night",
        "my dad used to hit me and he is back and still hits me",
    ],
)
def test_worries_that_are_back_still_alert(text: str) -> None:
    assert screen_text(text).flag


@pytest.mark.parametrize(
    "text",
    ["I am not scared of anyone here", "nobody hits me", "he beat me at fifa lol"],
)
def test_a_short_message_the_rules_saw_denied_is_not_sent_to_the_model(text: str) -> None:
    assert not screen_text(text).flag


# Urgent words (help, hurt, suicide or kill myself, danger or unsafe) and ordinary comments in
# each form language without full rules.
URGENT = {
    "fa": ["لطفا کمکم کنید", "پدرم منو میزنه", "میخوام خودمو بکشم", "اینجا امن نیست"],
    "prs": ["کمکم کنید", "کاکایم مرا لت و کوب میکند", "میخواهم بمیرم", "من در خطر هستم"],
    "ps": ["مهرباني وکړئ مرسته وکړئ", "پلار مې ما وهي", "غواړم ځان ووژنم", "زه خوندي نه یم"],
    "ckb": ["تکایە یارمەتیم بدەن", "باوکم لێم دەدات", "دەمەوێت خۆم بکوژم", "لێرە سەلامەت نیم"],
    "ti": ["በጃኹም ሓግዙኒ", "ኣቦይ ይወቕዓኒ", "ነብሰይ ክቐትል ደልየ", "ኣብ ሓደጋ እየ"],
    "am": ["እባካችሁ እርዱኝ", "አባቴ ይመታኛል", "ራሴን ማጥፋት እፈልጋለሁ", "አደጋ ላይ ነኝ"],
    "vi": ["cứu tôi với", "bố dượng đánh em", "em muốn chết", "ở đây không an toàn", "cuu em voi"],
    "sq": ["më ndihmoni ju lutem", "babai më rreh", "dua të vdes", "nuk ndihem i sigurt"],
}
ORDINARY = {
    "fa": ["معلمم در درس ها به من کمک میکند", "غذای خانه خوب است و من راضی هستم"],
    "prs": ["مددکار اجتماعی من خیلی خوب است", "مکتب را دوست دارم"],
    "ps": ["زما ښوونځی ښه دی", "ښوونکي له ما سره په کور دنده کې مرسته کوي"],
    "ckb": ["خێزانەکەم زۆر باشن", "مامۆستاکەم یارمەتی دەدات لە وانەکان"],
    "ti": ["ቤት ትምህርቲ ጽቡቕ እዩ", "ኣብዚ ገዛ ሕጉስ እየ"],
    "am": ["ትምህርት ቤቴን እወዳለሁ", "አሳዳጊዎቼ በጣም ጥሩ ናቸው"],
    "vi": [
        "em thích trường mới",
        "em được đánh giá tốt ở trường",
        "toi thich gia dinh nuoi cua toi",
    ],
    "sq": [
        "më pëlqen shkolla",
        "mësuesit më ndihmojnë me detyrat",
        "me pelqen familja ime e re, jane shume te mire",
    ],
}


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, text) for lang, texts in URGENT.items() for text in texts]
)
def test_urgent_words_alert_in_every_form_language(lang: str, text: str) -> None:
    finding = screen_text(text, lang)
    assert finding.flag and finding.urgency == "urgent", finding


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, text) for lang, texts in ORDINARY.items() for text in texts]
)
def test_ordinary_comments_in_those_languages_do_not_alert(lang: str, text: str) -> None:
    assert not screen_text(text, lang).flag


def test_a_denied_urgent_word_does_not_alert() -> None:
    assert not screen_text("tôi không muốn chết", "vi").flag
    assert not screen_text("ai nuk më rreh", "sq").flag


@pytest.mark.parametrize("lang", sorted(URGENT))
def test_urgent_words_do_not_make_a_language_covered(lang: str) -> None:
    assert not covers(lang)
    assert needs_interpreter(URGENT[lang][0], lang)


def test_full_rule_languages_are_covered() -> None:
    assert covers("en") and covers("ar")


def test_english_on_a_form_in_another_script_is_read_by_the_model() -> None:
    assert screen_text(KNIFE, "ar").flag
    assert screen_text(KNIFE, "ti").flag


def test_the_screen_uses_the_shipped_model_and_its_threshold() -> None:
    model = load("safety")
    assert model.task == "binary" and model_path("safety").exists()
    assert model.meta["threshold"] == safety.THRESHOLD
    assert model.version.startswith("safety-")
    assert load("safety_category").task == "multiclass"
    assert set(load("safety_category").classes) <= set(CATEGORIES)


def test_the_version_follows_the_model_file(monkeypatch: pytest.MonkeyPatch) -> None:
    assert safety.rules_version() == safety.SAFETY_VERSION
    monkeypatch.setattr(safety._MODEL, "version", "safety-00000000")
    assert safety.rules_version() != safety.SAFETY_VERSION
