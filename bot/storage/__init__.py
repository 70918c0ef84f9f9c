"""What the bot remembers: the question log, 👍/👎 votes and the gap report (SQLite; no Discord import)."""

from bot.storage.question_log import (
    SCHEMA_VERSION,
    LoggedQuestion,
    QuestionLog,
    Vote,
    new_answer_id,
    scrub_question,
)
from bot.storage.report import Report, ReportError, build_report, format_report, load_report

__all__ = [
    "SCHEMA_VERSION",
    "LoggedQuestion",
    "QuestionLog",
    "Report",
    "ReportError",
    "Vote",
    "build_report",
    "format_report",
    "load_report",
    "new_answer_id",
    "scrub_question",
]
