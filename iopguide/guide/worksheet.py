"""The call worksheet: questions to ask a program, each with what a good answer sounds like."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .tool_sources import Cited, Source, number_citations


@dataclass(frozen=True)
class WorksheetQuestion:
    question: str
    good_answer: Cited


WORKSHEET_QUESTIONS = [
    WorksheetQuestion(
        _("Can I start soon? If I have to wait, what help can I get while I wait?"),
        Cited(
            _(
                "They give you a start date. If there is a wait, they offer help until then, such "
                "as calls with a counselor or naloxone, and they put pregnant people first."
            ),
            ("pregnancy-priority",),
        ),
    ),
    WorksheetQuestion(
        _("Do you take my insurance? What will I pay each week, and in all?"),
        Cited(
            _(
                "They check your plan with you and give you a clear price. If money is tight, they "
                "tell you about a sliding fee or other help."
            ),
        ),
    ),
    WorksheetQuestion(
        _("How many hours a week is it, and on which days and times?"),
        Cited(
            _(
                "Clear days and times. For adults, an IOP is most often 9 or more hours a week. "
                "They say if they have evening, weekend or online groups."
            ),
            ("asam", "tip47"),
        ),
    ),
    WorksheetQuestion(
        _("How will you know if an IOP is right for me?"),
        Cited(
            _(
                "“We start with an assessment.” If you need more care or less, they help you find "
                "it, even somewhere else."
            ),
            ("asam",),
        ),
    ),
    WorksheetQuestion(
        _("Do you offer medicine for opioid or alcohol use, or work with my doctor?"),
        Cited(
            _(
                "Yes. They give these medicines or work with the doctor who does. They never make "
                "you stop a medicine that is working to join."
            ),
            ("opioid-medicines",),
        ),
    ),
    WorksheetQuestion(
        _("What kinds of therapy do you use? Who leads the groups?"),
        Cited(
            _(
                "They name methods with research behind them, such as cognitive behavioral therapy "
                "(CBT), and explain them in plain words. Licensed or certified staff lead groups."
            ),
            ("nida-principles",),
        ),
    ),
    WorksheetQuestion(
        _("Can you help with mental health too, like depression or anxiety?"),
        Cited(
            _("Yes, in the same program, or with a care team they work with closely."),
            ("nida-principles",),
        ),
    ),
    WorksheetQuestion(
        _("What happens if I use while I'm in the program?"),
        Cited(
            _(
                "They talk it through with you and change your plan if needed. A slip does not "
                "mean you are sent away."
            ),
        ),
    ),
    WorksheetQuestion(
        _("Who will know I'm in treatment?"),
        Cited(
            _(
                "Federal law keeps your treatment records private. They explain it and ask for "
                "your written OK before they share your records, except in a few cases such as an "
                "emergency."
            ),
            ("part2",),
        ),
    ),
    WorksheetQuestion(
        _("What happens when the program ends?"),
        Cited(
            _(
                "You make a plan together before you finish: ongoing counseling, support groups, "
                "and who to call if things get hard."
            ),
            ("nida-principles",),
        ),
    ),
]


def call_worksheet() -> tuple[list[tuple[WorksheetQuestion, list[int]]], list[tuple[int, Source]]]:
    """The worksheet's questions, each with its footnote numbers, and the numbered sources."""
    sources, marks = number_citations(question.good_answer for question in WORKSHEET_QUESTIONS)
    return list(zip(WORKSHEET_QUESTIONS, marks, strict=True)), sources
