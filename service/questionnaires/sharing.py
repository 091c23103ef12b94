"""Whether a person's words may be quoted: one plain question, asked by the web form and the bot
alike after the free-text questions of every form whose words might be quoted.

A comment is quoted in anything published only when its author said yes. The consultation
before a review is never quoted, so it never asks: children are told only their IRO sees it.
"""

from __future__ import annotations

from dataclasses import replace

from service.questionnaires.schema import N_, Choice, Page, Question, Questionnaire, QuestionType

SHARE_WORDS_QUESTION_ID = "share_words"
AGREED = "yes"

SHARE_WORDS = Question(
    id=SHARE_WORDS_QUESTION_ID,
    type=QuestionType.YES_NO,
    # One line, no hint: it follows a box of words and must not push "Send" down the screen.
    text=N_("Can we put what you wrote in our reports? Nobody will know it was you."),
    # No pictures: the question follows a box of words, and the form must stay light.
    choices=(
        Choice("yes", N_("Yes, you can share it"), "👍"),
        Choice("no", N_("No, keep it private"), "🔒"),
    ),
    prefer_not_say=False,
)


def has_free_text(questionnaire: Questionnaire) -> bool:
    return any(q.type is QuestionType.TEXT for q in questionnaire.questions)


def asking_to_share(
    questionnaire: Questionnaire, *, new_page_from: str | None = None
) -> Questionnaire:
    """The next version of `questionnaire`, asking about sharing right after its last free-text
    question (so before the safety question, which stays last).

    `new_page_from` names a question that starts a page of its own from then on: a one-page
    form that the added question would make too heavy for an old phone becomes two screens.
    """
    if new_page_from is not None:
        questionnaire = _split_at(questionnaire, new_page_from)
    last_page = max(
        i
        for i, page in enumerate(questionnaire.pages)
        if any(q.type is QuestionType.TEXT for q in page.questions)
    )
    page = questionnaire.pages[last_page]
    after = max(i for i, q in enumerate(page.questions) if q.type is QuestionType.TEXT) + 1
    questions = (*page.questions[:after], SHARE_WORDS, *page.questions[after:])
    pages = list(questionnaire.pages)
    pages[last_page] = Page(page.id, page.title, questions)
    return replace(questionnaire, version=questionnaire.version + 1, pages=tuple(pages))


def _split_at(questionnaire: Questionnaire, question_id: str) -> Questionnaire:
    pages: list[Page] = []
    for page in questionnaire.pages:
        ids = [q.id for q in page.questions]
        if question_id in ids and ids.index(question_id) > 0:
            cut = ids.index(question_id)
            pages.append(Page(page.id, page.title, page.questions[:cut]))
            pages.append(Page(f"{page.id}_words", page.title, page.questions[cut:]))
        else:
            pages.append(page)
    return replace(questionnaire, pages=tuple(pages))


def asks_to_share(questionnaire: Questionnaire) -> bool:
    return questionnaire.question(SHARE_WORDS_QUESTION_ID) is not None
