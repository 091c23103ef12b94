"""Worries told as over raise no alert but are marked for the reader, whether the rules or the
model would have raised them; anything saying the worry goes on, the child is unsafe now or a
new worry after it alerts. Sentences written for these tests (never taken from a blind set)."""

from __future__ import annotations

import pytest

from analysis.text.safety import SafetyFinding, rules_finding, screen_text

TOLD_AS_OVER = [
    "my stepdad used to hit me but that was ages ago and im fine",
    "i used to self harm but not any more",
    "my mums boyfriend used to hit us but social services sorted it and we live with my nan",
    "i used to get hit at my old foster home. i moved and im safe now",
    "the bullying at my old school stopped when i moved schools, its fine now",
    "when i was 12 i ran away loads but i dont do that any more",
    "i used to think about killing myself but i had help from camhs and im loads better",
    "my dad hit my mum when i was little but he went to prison and we are safe",
    "Back in year 7 some girls bullied me every day, it stopped when the head got involved.",
    # saying it ended is saying when it was; a life now; asylum journeys; the person locked away
    "the bullying stopped after the head teacher talked to their parents and now we are friends",
    "the man who groomed me got 6 years and ive moved on, im in a good place now",
    "in the camp in greece i wanted to die. now i am safe here and those thoughts have gone",
    "my dad was violent when i was a kid but hes in prison now and he cant get to us",
    "when i first came to the uk i slept on the street. now i live with a foster family",
    "i self harmed a lot in year 9 but i havent done it in over a year and im doing well",
    "a man online asked me for pics last year but my carer blocked him and reported it, im fine now",
]
STILL_GOING_ON = [
    "my stepdad used to hit me, we moved and im safe now but he still does it when i visit",
    "i used to self harm but i stopped. it started again last week",
    "my dad used to hit me but he went to prison. now my brother",
    "my dad used to hit me when i was little, it stopped, now my brother gets hit",
    "i used to cut myself and im ok now but i never told anyone",
    "i used to get bullied but it stopped and now they punch me after school",
    "my uncle used to touch me years ago but im fine now. please help me",
    "i used to sleep rough last year. im ok now but i have nowhere to sleep tonight",
    "my stepdad used to hurt me when i was small and im fine now but hes moving back in",
    "my mums ex used to hit us but hes in prison. he gets out next month",
    # back again, only someone else thinks it is over, hidden, a threat on a condition
    "my mum stopped drinking for a year but shes started drinking again and theres no food in",
    "i was 4 months clean from self harm but the urges are back",
    "my carers think my self harm is in the past but i just hide the cuts now",
    "my ex hit me when i was pregnant. we split up but he says if i dont let him see the baby"
    " hell finish me",
    "i got help from camhs last year for cutting but i keep thinking about the blade in my drawer",
    "the bullying at my old school stopped but the video is all over tiktok now and they say they"
    " will beat me up",
]


@pytest.mark.parametrize("text", TOLD_AS_OVER)
def test_a_worry_told_as_over_does_not_alert_and_is_marked_for_the_reader(text: str) -> None:
    finding = screen_text(text)
    assert not finding.flag and finding.urgency == "none" and finding.category is None
    assert finding.told_as_over and finding.matched  # what would have alerted, for the reader
    assert finding.to_dict()["told_as_over"] is True


@pytest.mark.parametrize("text", STILL_GOING_ON)
def test_a_worry_that_goes_on_or_a_new_one_after_it_alerts(text: str) -> None:
    finding = screen_text(text)
    assert finding.flag and finding.urgency == "urgent" and not finding.told_as_over, finding


def test_a_model_alert_told_as_over_is_held_back_too() -> None:
    worry = "two years ago my foster dad kept a knife under his bed and said he would use it on me"
    assert not rules_finding(worry).flag and screen_text(worry).flag  # the model's alert
    finding = screen_text(f"{worry} but he went to prison and im safe now")
    assert not finding.flag and finding.told_as_over
    assert finding.matched[0].startswith("model: ")


def test_the_model_reads_what_follows_a_worry_told_as_over() -> None:
    over = "i used to self harm but im fine now."
    knife = "my foster dad keeps a knife under his bed and said he will use it on me"
    assert not rules_finding(f"{over} {knife}").flag
    finding = screen_text(f"{over} {knife}")
    assert finding.flag and finding.matched[0].startswith("model: ")


def test_a_message_with_no_worry_is_not_marked_told_as_over() -> None:
    assert screen_text("i used to go to football but it stopped, now i do swimming") == (
        SafetyFinding(False, None, "none", ())
    )


def test_only_a_finding_told_as_over_says_so_when_stored() -> None:
    assert "told_as_over" not in screen_text("he hits me").to_dict()
    assert "told_as_over" not in screen_text("the meeting was fine").to_dict()
