"""Urgent words for the form languages that have no full phrase rules: ps, prs, fa, ckb, ti, vi,
sq, am. Someone asking for help, saying they are hurt or harmed, in danger or not safe, or that
they want to kill themselves must raise an alert in every language the forms offer.

NEEDS A NATIVE SPEAKER'S REVIEW: these lists were written without one. They are short on
purpose (the words a child in trouble is most likely to use, in the forms a child types:
with and without Vietnamese and Albanian accents), and they avoid words ordinary feedback uses
("they help me with homework" is not "help me!"). They do not make a language "covered": the
reading queue still sends every message in these languages to an interpreter
(analysis.text.safety.covers is True only for the full-rule languages in safety_rules.CONCERNS).

Same pattern language as safety_rules ("~" up to three filler words, "%" the rest of a word);
text and patterns are normalised alike first (Arabic-script letter variants folded: Persian
and Arabic yeh and kaf, Kurdish and Pashto letters, heh forms; zero-width non-joiners dropped;
Ethiopic letters that sound alike in Amharic folded). Part of SAFETY_VERSION's fingerprint.
"""

from __future__ import annotations

# Category of each kind of urgent word, as the screen's CATEGORIES.
_HELP = "urgent_contact"
_HURT = "hurt_abuse"
_SUICIDE = "self_harm_suicide"
_DANGER = "unsafe_scared"

URGENT_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    # Farsi (Iran)
    "fa": {
        _HELP: ("کمکم کن", "کمکم کنید", "به دادم برس%", "نجاتم بد%", "کمک میخوام", "کمک لازم دارم"),
        _HURT: ("کتکم میزن%", "منو میزن%", "مرا میزن%", "کتک میخور%", "به من آسیب میزن%"),
        _SUICIDE: ("خودکشی", "خودم را بکشم", "خودمو بکشم", "میخوام بمیرم", "میخواهم بمیرم", "خودزنی"),
        _DANGER: ("در خطر", "امن نیست", "احساس امنیت نمیکنم", "جام امن نیست"),
    },
    # Dari (Afghanistan): Farsi's words and the Dari ways of saying them
    "prs": {
        _HELP: ("کمکم کن", "کمکم کنید", "مرا کمک کنید", "مرا نجات بد%", "کمک کار دارم"),
        _HURT: ("لت و کوب", "لتم میکن%", "مرا میزن%", "کتکم میزن%", "آزارم مید%"),
        _SUICIDE: ("خودکشی", "خود را بکشم", "خودمه بکشم", "میخواهم بمیرم", "میخایم بمیرم"),
        _DANGER: ("در خطر", "امن نیست", "مصئون نیستم", "امنیت ندارم"),
    },
    # Pashto
    "ps": {
        _HELP: ("مرسته وکړئ", "مرسته وکړه", "مرسته غواړم", "راسره مرسته وکړ%", "وژغور%"),
        _HURT: ("ما وهي", "ما ووهل", "وهل ټکول", "ټپي یم", "ځوروي مې"),
        _SUICIDE: ("ځان وژن%", "ځان ووژنم", "غواړم مړ شم", "ځان ته زیان"),
        _DANGER: ("په خطر کې", "خوندي نه یم", "خطر کې یم"),
    },
    # Central Kurdish (Sorani)
    "ckb": {
        _HELP: ("یارمەتیم بدە%", "فریام بکەو%", "فریام کەو%", "یارمەتیم دەوێت", "ڕزگارم بکە%"),
        _HURT: ("لێم دەدا%", "لێیدام", "ئازارم دەدا%", "دەمکوتێ%", "لێدانم"),
        _SUICIDE: ("خۆکوشتن", "خۆم بکوژم", "خۆم دەکوژم", "دەمەوێت بمرم", "حەز دەکەم بمرم"),
        _DANGER: ("لە مەترسیدام", "مەترسیدام", "سەلامەت نیم", "هەست بە سەلامەتی ناکەم"),
    },
    # Tigrinya
    "ti": {
        _HELP: ("ሓግዙኒ", "ሓግዘኒ", "ርድኡኒ", "ኣድሕኑኒ", "ሓገዝ የድልየኒ"),
        _HURT: ("ይወቕዓኒ", "ይሃርመኒ", "ወቒዑኒ", "ሃሪሙኒ", "ይጎድኣኒ"),
        _SUICIDE: ("ነብሰይ ክቐትል", "ርእሰ ቕትለት", "ክመውት ደልየ", "ክሞት ደልየ"),
        _DANGER: ("ኣብ ሓደጋ", "ውሑስ ኣይኮንኩን", "ድሕንነት የብለይን"),
    },
    # Amharic
    "am": {
        _HELP: ("እርዱኝ", "እርዳኝ", "አድኑኝ", "አድነኝ", "እርዳታ እፈልጋለሁ"),
        _HURT: ("ይመታኛል", "ይደበድበኛል", "ደበደበኝ", "መታኝ", "ይጎዳኛል", "ጎዳኝ"),
        _SUICIDE: ("ራሴን ማጥፋት", "ራሴን ላጠፋ", "ራሴን ልገድል", "ራስን ማጥፋት", "መሞት እፈልጋለሁ"),
        _DANGER: ("አደጋ ላይ ነኝ", "በአደጋ ላይ", "ደህንነት አይሰማኝም"),
    },
    # Vietnamese, with and without accents (many children type without them)
    "vi": {
        _HELP: ("cứu tôi", "cứu em", "cứu con", "cứu với", "giúp tôi với", "giúp em với", "giúp con với",
                "cuu toi", "cuu em", "cuu con", "cuu voi", "giup toi voi", "giup em voi", "giup con voi"),
        _HURT: ("bị đánh(?! giá)", "đánh tôi", "đánh em", "đánh con", "bị đập", "bị hành hạ", "bị xâm hại",
                "bi danh(?! gia)", "danh toi", "danh em", "danh con", "bi hanh ha", "bi xam hai"),
        _SUICIDE: ("tự tử", "tự sát", "muốn chết", "tự làm hại", "tự hại",
                   "tu sat", "muon chet", "tu lam hai"),
        _DANGER: ("nguy hiểm", "không an toàn", "nguy hiem", "khong an toan"),
    },
    # Albanian, with and without ë and ç
    "sq": {
        _HELP: ("më ndihmoni", "më ndihmo", "ndihmë ju lutem", "kam nevojë për ndihmë", "më shpëto%",
                "me ndihmoni", "me ndihmo", "ndihme ju lutem", "kam nevoje per ndihme", "me shpeto%"),
        _HURT: ("më rreh", "më rrah", "më godet", "më godasin", "më lëndo%", "dhunë", "abuzim", "abuzon",
                "me rreh", "me rrah", "me godet", "me godasin", "me lendo%", "dhune"),
        _SUICIDE: ("vetëvras%", "të vras veten", "dua të vdes", "vetelendim", "vetëlëndim",
                   "vetevras%", "te vras veten", "dua te vdes"),
        _DANGER: ("në rrezik", "nuk ndihem i sigurt", "nuk ndihem e sigurt",
                  "ne rrezik", "nuk jam i sigurt ketu", "nuk jam e sigurt ketu"),
    },
}  # fmt: skip

# Which script each language's words are in: a language's list runs when its script is there.
SCRIPT_OF: dict[str, str] = {
    "fa": "arabic",
    "prs": "arabic",
    "ps": "arabic",
    "ckb": "arabic",
    "ti": "ethiopic",
    "am": "ethiopic",
    "vi": "latin",
    "sq": "latin",
}
