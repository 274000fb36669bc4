"""Numbers, money and dates written the way each language writes them."""

from __future__ import annotations

import datetime as dt

__all__ = ["format_date", "format_money", "format_number", "format_percent"]


def format_number(value: float, lang: str, spec: str | None = None) -> str:
    """Format with the language's separators: ``1.234,5`` (pt-BR, es) or ``1,234.5`` (en).

    ``spec`` is a Python format spec written in English convention (``",.2f"``); grouping and the decimal
    mark are then swapped for pt-BR and es. Without a spec, integers are grouped and floats get up to
    two decimals.
    """
    if spec is None:
        spec = ",d" if isinstance(value, int) or float(value).is_integer() else ",.2f"
        if spec == ",d":
            value = int(value)
    text = format(value, spec)
    if lang in ("pt-BR", "es"):
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_money(value: float, lang: str, currency: str = "R$") -> str:
    """Money with two decimals and the currency symbol before the amount (``R$ 1.234,50``)."""
    sign = "-" if value < 0 else ""
    return f"{sign}{currency} {format_number(abs(value), lang, ',.2f')}"


def format_percent(share: float, lang: str, decimals: int = 1) -> str:
    """A share in [0, 1] as a percentage (``42,5%``)."""
    return format_number(share * 100, lang, f",.{decimals}f") + "%"


def format_date(value: dt.date, lang: str) -> str:
    """``dd/mm/yyyy`` in pt-BR and es, ISO ``yyyy-mm-dd`` in en (unambiguous for every English reader)."""
    if lang == "en":
        return value.isoformat()
    return value.strftime("%d/%m/%Y")
