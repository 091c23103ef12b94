"""Words a person sends that answer no question: typed to the bot where a button was expected,
or sent outside any questionnaire. Never issued to anyone (no roles); registered so what is
kept of them reads like any answer."""

from __future__ import annotations

from service.questionnaires.schema import N_, Page, Question, Questionnaire, QuestionType

MESSAGE_QUESTION = Question(id="message", type=QuestionType.TEXT, text=N_("What you wrote to us"))

MESSAGE = Questionnaire(
    key="message",
    version=1,
    title=N_("A message"),
    intro="",
    roles=(),
    pages=(Page("message", N_("A message"), (MESSAGE_QUESTION,)),),
    anonymous=True,
)
