"""What every route shares: where the page's files are, and the one shape of an error answer."""
from __future__ import annotations

from pathlib import Path

from starlette.responses import JSONResponse

HERE = Path(__file__).resolve().parent


def error_response(status: int, message: str, problems=(), warnings=()) -> JSONResponse:
    def rows(items, severity):
        return [{"severity": severity, "text": p.format(), "location": p.location} for p in items]

    return JSONResponse({"ok": False, "message": message, "problems": rows(problems, "error"),
                         "warnings": rows(warnings, "warning")}, status_code=status)
