"""Privacy before publishing: find personal data in a table, mask it, aggregate it safely.

Brazil's data protection law (LGPD, Lei 13.709/2018) binds public bodies too (Chapter IV, arts. 23-32):
a city that publishes an open dataset must not publish its residents' personal data along with it. Names
and CPFs are the obvious part; the subtle part is *re-identification*: a table without names can still
point at one person when a few ordinary columns (district, birth year, gender) are unique together.

Public API
----------
- :func:`scan` -- look through every column of a DataFrame for CPFs (valid check digits, with or
  without punctuation), CNPJs (companies: not personal, flagged for review), e-mails, Brazilian phone
  numbers, CEPs and people's names; returns a :class:`PrivacyReport` of :class:`~civic_kit.problems.Issue`
  with column, count and *masked* examples.
- :func:`is_valid_cpf`, :func:`is_valid_cnpj` -- check digits (modulo 11).
- :func:`mask_cpf`, :func:`mask_value`, :func:`mask_columns` -- hide all but a harmless part.
- :func:`k_anonymity`, :func:`groups_below_k` -- how many people share each combination of
  quasi-identifiers, and which combinations are too rare to publish.
- :func:`suppress_small_cells` -- blank out small counts in a table before publishing it, including the
  extra cells that would let a reader recover them from totals.
- :func:`fake_requesters` -- a seeded, clearly fictional list of people who filed requests, for lessons.

Detection is heuristic: it finds what it is told to look for, in the formats Brazilian systems use. A
clean report does not prove a table is anonymous; it means the obvious identifiers are gone. The k of
:func:`k_anonymity` is what measures the rest.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from civic_kit.i18n import get_language, normalize_language, t
from civic_kit.i18n.numbers import format_percent
from civic_kit.problems import CivicKitError, Issue

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FIRST_NAMES",
    "KINDS",
    "Finding",
    "Kind",
    "PrivacyReport",
    "fake_requesters",
    "groups_below_k",
    "is_valid_cnpj",
    "is_valid_cpf",
    "k_anonymity",
    "mask_columns",
    "mask_cpf",
    "mask_value",
    "scan",
    "suppress_small_cells",
]

Kind = Literal["cpf", "cnpj", "email", "phone", "cep", "name"]
KINDS: tuple[str, ...] = ("cpf", "cnpj", "email", "phone", "cep", "name")
#: Kinds that are *not* personal data (a company's CNPJ is public), reported for review only.
_NOT_PERSONAL = frozenset({"cnpj"})

#: Common first names in Brazil and Spanish-speaking Latin America, accent-free and lower-case, used to
#: recognise a column of people's names. Written for civic-kit; short on purpose (a name column is found
#: when many of its values start with one of these, so rare names do not matter).
FIRST_NAMES: frozenset[str] = frozenset(
    [
        "adriana",
        "alberto",
        "alejandra",
        "alejandro",
        "alessandra",
        "alexandre",
        "alice",
        "aline",
        "amanda",
        "ana",
        "andre",
        "andrea",
        "andreia",
        "angela",
        "antonia",
        "antonio",
        "aparecida",
        "arthur",
        "augusto",
        "barbara",
        "beatriz",
        "benedito",
        "benjamin",
        "bernardo",
        "bianca",
        "bruna",
        "bruno",
        "camila",
        "carla",
        "carlos",
        "carmen",
        "carolina",
        "catarina",
        "cecilia",
        "cesar",
        "claudia",
        "claudio",
        "cristiane",
        "cristina",
        "daniel",
        "daniela",
        "davi",
        "david",
        "debora",
        "denise",
        "diego",
        "diogo",
        "douglas",
        "eduardo",
        "elaine",
        "elias",
        "eliane",
        "elisa",
        "emanuel",
        "emilia",
        "enzo",
        "erica",
        "fabiana",
        "fabio",
        "felipe",
        "fernanda",
        "fernando",
        "francisca",
        "francisco",
        "gabriel",
        "gabriela",
        "gael",
        "giovana",
        "giovanna",
        "gisele",
        "gloria",
        "guadalupe",
        "guilherme",
        "gustavo",
        "heitor",
        "helena",
        "helio",
        "heloisa",
        "hugo",
        "igor",
        "isabel",
        "isabela",
        "isabella",
        "isadora",
        "ivone",
        "jaqueline",
        "javier",
        "jesus",
        "joana",
        "joao",
        "joaquim",
        "jorge",
        "jose",
        "josefa",
        "juan",
        "julia",
        "juliana",
        "julio",
        "karina",
        "larissa",
        "laura",
        "leandro",
        "leonardo",
        "leticia",
        "lorena",
        "lorenzo",
        "luana",
        "lucas",
        "lucia",
        "luciana",
        "luciano",
        "luis",
        "luisa",
        "luiz",
        "luiza",
        "manuel",
        "manuela",
        "marcela",
        "marcelo",
        "marcia",
        "marco",
        "marcos",
        "margarida",
        "maria",
        "mariana",
        "marina",
        "mario",
        "marta",
        "mateo",
        "mateus",
        "matheus",
        "mauricio",
        "miguel",
        "monica",
        "natalia",
        "nicolas",
        "osvaldo",
        "pablo",
        "patricia",
        "paula",
        "paulo",
        "pedro",
        "rafael",
        "rafaela",
        "raimundo",
        "raquel",
        "renata",
        "renato",
        "ricardo",
        "roberta",
        "roberto",
        "rodrigo",
        "rosa",
        "rosana",
        "rosangela",
        "samuel",
        "sandra",
        "santiago",
        "sara",
        "sebastiao",
        "sergio",
        "silvana",
        "silvia",
        "simone",
        "sofia",
        "sonia",
        "tatiana",
        "teresa",
        "thiago",
        "tiago",
        "valentina",
        "valeria",
        "vanessa",
        "vera",
        "veronica",
        "vicente",
        "victor",
        "vinicius",
        "vitor",
        "vitoria",
        "wagner",
        "wellington",
        "ximena",
        "yasmin",
    ]
)

_SURNAMES = [
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Rodrigues",
    "Ferreira",
    "Alves",
    "Pereira",
    "Lima",
    "Gomes",
    "Costa",
    "Ribeiro",
    "Martins",
    "Carvalho",
    "Almeida",
    "Lopes",
    "Soares",
    "Fernandes",
    "Vieira",
    "Barbosa",
    "Rocha",
    "Dias",
    "Nascimento",
    "Andrade",
    "Moreira",
    "Nunes",
    "Marques",
    "Machado",
    "Mendes",
    "Freitas",
    "Cardoso",
    "Ramos",
    "Gonçalves",
    "Santana",
    "Teixeira",
]

# --- patterns ---------------------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
_CPF_FORMATTED = re.compile(r"(?<![\d.])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\d-])")
_CNPJ_FORMATTED = re.compile(r"(?<![\d.])\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}(?![\d-])")
_DIGITS_11 = re.compile(r"(?<![\d.,/-])\d{11}(?![\d.,/-])")
_DIGITS_14 = re.compile(r"(?<![\d.,/-])\d{14}(?![\d.,/-])")
_PHONE = re.compile(r"(?<![\d])(?:\+\s?55\s?)?(?:\(\d{2}\)\s?|\d{2}[\s-])9?\d{4}[\s-]\d{4}(?![\d])")
_CEP_FORMATTED = re.compile(r"(?<![\d.,/-])\d{5}-\d{3}(?![\d-])")
_NON_DIGIT = re.compile(r"\D")

# Column names that announce a kind (compared accent-free, lower-case, split on non-letters).
_HINTS: dict[str, tuple[str, ...]] = {
    "cpf": ("cpf",),
    "cnpj": ("cnpj",),
    "email": ("email", "mail", "correo"),
    "phone": ("telefone", "fone", "tel", "celular", "whatsapp", "phone", "telefono", "movil"),
    "cep": ("cep",),
    "name": (
        "nome",
        "name",
        "nombre",
        "requerente",
        "solicitante",
        "servidor",
        "titular",
        "cidadao",
        "ciudadano",
        "pessoa",
        "persona",
        "beneficiario",
        "responsavel",
        "paciente",
        "aluno",
        "alumno",
    ),
}
# Words that make a "name" column a company's or a place's, not a person's.
_NOT_PERSON = frozenset(
    [
        "razao",
        "social",
        "fornecedor",
        "empresa",
        "supplier",
        "company",
        "proveedor",
        "orgao",
        "agencia",
        "agency",
        "bairro",
        "district",
        "barrio",
        "projeto",
        "project",
        "proyecto",
        "escola",
        "school",
        "escuela",
        "unidade",
        "municipio",
        "cidade",
        "city",
        "rua",
        "street",
    ]
)
_NAME_SHARE_WITH_HINT = 0.2
_NAME_SHARE_WITHOUT_HINT = 0.5


# --- check digits -------------------------------------------------------------------------------------


def _digits(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return _NON_DIGIT.sub("", str(value))


def _cpf_check(digits: str) -> bool:
    if len(digits) != 11 or digits == digits[0] * 11:
        return False
    numbers = [int(d) for d in digits]
    for position in (9, 10):
        total = sum(n * w for n, w in zip(numbers[:position], range(position + 1, 1, -1), strict=True))
        if (total * 10) % 11 % 10 != numbers[position]:
            return False
    return True


def _cnpj_check(digits: str) -> bool:
    if len(digits) != 14 or digits == digits[0] * 14:
        return False
    numbers = [int(d) for d in digits]
    for position in (12, 13):
        weights = list(range(position - 7, 1, -1)) + list(range(9, 1, -1))
        total = sum(n * w for n, w in zip(numbers[:position], weights, strict=True))
        remainder = total % 11
        if (0 if remainder < 2 else 11 - remainder) != numbers[position]:
            return False
    return True


def is_valid_cpf(value: Any) -> bool:
    """True when ``value`` is a CPF with correct check digits, written ``123.456.789-09`` or ``12345678909``.

    Why check digits: eleven digits alone may be a phone number or a protocol; a valid CPF is much more
    likely to be one. A number stored as an integer (leading zeros lost) is padded back to 11 digits.
    Repeated digits (``111.111.111-11``) pass the arithmetic but are not issued, so they are refused.
    """
    if isinstance(value, bool) or value is None:
        return False
    text = str(value).strip()
    if isinstance(value, int):
        text = text.zfill(11)
    if not (re.fullmatch(r"\d{11}", text) or re.fullmatch(r"\d{3}\.\d{3}\.\d{3}-\d{2}", text)):
        return False
    return _cpf_check(_digits(text))


def is_valid_cnpj(value: Any) -> bool:
    """True when ``value`` is a CNPJ with correct check digits (``12.345.678/0001-95`` or 14 digits)."""
    if isinstance(value, bool) or value is None:
        return False
    text = str(value).strip()
    if isinstance(value, int):
        text = text.zfill(14)
    if not (re.fullmatch(r"\d{14}", text) or re.fullmatch(r"\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}", text)):
        return False
    return _cnpj_check(_digits(text))


# --- masking ----------------------------------------------------------------------------------------------


def mask_cpf(value: Any) -> str:
    """Hide a CPF's first three and last two digits: ``123.456.789-09`` becomes ``***.456.789-**``.

    This is the pattern Brazilian transparency portals use for public servants: the middle digits let a
    person recognise their own record without letting anyone else rebuild the number.

    Raises
    ------
    CivicKitError
        ``privacy-not-a-cpf`` when ``value`` does not have 11 digits (check digits are not required:
        a mistyped CPF still belongs to someone).
    """
    digits = _digits(value)
    if isinstance(value, int) and not isinstance(value, bool):
        digits = digits.zfill(11)
    text = "" if value is None else str(value).strip()
    if len(digits) != 11 or not re.fullmatch(r"[\d.\-\s]+", text or "x"):
        raise CivicKitError.of("privacy-not-a-cpf", value=_preview(value))
    return f"***.{digits[3:6]}.{digits[6:9]}-**"


def _mask_email(text: str) -> str:
    user, _, domain = text.partition("@")
    return f"{user[:1]}***@{domain}"


def _mask_phone(text: str) -> str:
    digits = _digits(text)
    return "(**) *****-**" + digits[-2:]


def _mask_cep(text: str) -> str:
    digits = _digits(text).zfill(8)
    return f"{digits[:5]}-***"


def _mask_cnpj(text: str) -> str:
    digits = _digits(text).zfill(14)
    return f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}/****-**"


def _mask_name(text: str) -> str:
    return " ".join(word[:1] + "***" for word in text.split() if word)


_MASKERS = {
    "cpf": mask_cpf,
    "cnpj": _mask_cnpj,
    "email": _mask_email,
    "phone": _mask_phone,
    "cep": _mask_cep,
    "name": _mask_name,
}


def mask_value(kind: str, value: Any) -> str:
    """Mask one value of a given kind (``cpf``, ``cnpj``, ``email``, ``phone``, ``cep``, ``name``).

    Examples: e-mail ``a***@example.org``, phone ``(**) *****-**21``, CEP ``13456-***`` (the first five
    digits say the region, not the street), name ``A*** S***``.

    Raises
    ------
    CivicKitError
        ``privacy-unknown-kind``, or ``privacy-not-a-cpf`` for a CPF without 11 digits.
    """
    if kind not in _MASKERS:
        raise CivicKitError.of("privacy-unknown-kind", kind=str(kind), kinds=", ".join(KINDS))
    if kind == "cpf":
        return mask_cpf(value)
    return _MASKERS[kind]("" if value is None else str(value))


# --- scanning -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One kind of personal (or company) data found in one column."""

    column: str
    kind: Kind
    count: int
    """Rows whose value contains at least one match."""
    scanned: int
    """Non-empty rows looked at."""
    examples: tuple[str, ...]
    """Up to a few matches, already masked: a report must not leak what it reports."""
    whole_values: bool
    """True when the column holds the data itself (mask every value), False for matches inside free text."""

    @property
    def share(self) -> float:
        return self.count / self.scanned if self.scanned else 0.0

    @property
    def personal(self) -> bool:
        return self.kind not in _NOT_PERSONAL


@dataclass(frozen=True)
class PrivacyReport:
    """What :func:`scan` found: findings per column and the same facts as translated issues."""

    rows: int
    columns: tuple[str, ...]
    findings: tuple[Finding, ...]
    issues: tuple[Issue, ...]

    @property
    def valid(self) -> bool:
        """True when no personal data was found (company CNPJs alone do not make a table unsafe)."""
        return not any(finding.personal for finding in self.findings)

    @property
    def personal_columns(self) -> tuple[str, ...]:
        """Columns with personal data, in the table's order."""
        flagged = {finding.column for finding in self.findings if finding.personal}
        return tuple(column for column in self.columns if column in flagged)

    def count(self, kind: str) -> int:
        """Rows with data of ``kind``, summed over columns (a row with an e-mail in two columns counts twice)."""
        return sum(finding.count for finding in self.findings if finding.kind == kind)

    def table(self, lang: str | None = None) -> pd.DataFrame:
        """The findings as a small table for a notebook: column, kind, rows, share, masked examples."""
        import pandas as pd

        lang = normalize_language(lang) if lang else get_language()
        return pd.DataFrame(
            [
                (
                    f.column,
                    t(f"privacy.kind.{f.kind}", lang),
                    f.count,
                    format_percent(f.share, lang),
                    ", ".join(f.examples),
                )
                for f in self.findings
            ],
            columns=[t(f"privacy.table.{name}", lang) for name in ("column", "kind", "rows", "share", "examples")],
        )

    def summary(self, lang: str | None = None) -> list[str]:
        """One line per finding in plain words, then the verdict."""
        lang = normalize_language(lang) if lang else get_language()
        lines = [issue.message(lang) for issue in self.issues]
        lines.append(
            t("privacy.verdict.clean", lang)
            if self.valid
            else t("privacy.verdict.personal", lang, columns=", ".join(self.personal_columns))
        )
        return lines

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "rows": self.rows,
            "personal_columns": list(self.personal_columns),
            "findings": [
                {
                    "column": f.column,
                    "kind": f.kind,
                    "count": f.count,
                    "scanned": f.scanned,
                    "examples": list(f.examples),
                    "whole_values": f.whole_values,
                }
                for f in self.findings
            ],
            "issues": [issue.to_dict(lang) for issue in self.issues],
        }


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _column_words(name: Any) -> set[str]:
    words = set(re.split(r"[^a-z]+", _plain(str(name))))
    # camelCase and glued names ("nomeRequerente", "emailcontato"): also look at prefixes of the whole name.
    return {w for w in words if w}


def _hint(name: Any, kind: str) -> bool:
    words = _column_words(name)
    if kind == "name" and words & _NOT_PERSON:
        return False
    glued = re.sub(r"[^a-z]", "", _plain(str(name)))
    return any(h in words or (len(h) >= 4 and glued.startswith(h)) for h in _HINTS[kind])


def _as_texts(column: pd.Series) -> pd.Series | None:
    """The column's non-empty values as text, or None for columns that cannot hold identifiers."""
    import pandas as pd

    values = column.dropna()
    if pd.api.types.is_bool_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
        return None
    if pd.api.types.is_float_dtype(values):
        if not len(values) or not (values == values.round()).all():
            return None
        values = values.astype("int64")
    text = values.astype("string").str.strip()
    return text[text != ""]


def _find_matches(kind: str, text: str, hinted: dict[str, bool]) -> list[str]:
    """Substrings of ``text`` that are data of ``kind``."""
    if kind == "email":
        return _EMAIL.findall(text)
    if kind == "cpf":
        found = [m for m in _CPF_FORMATTED.findall(text) if _cpf_check(_digits(m))]
        if not hinted["phone"]:
            found += [m for m in _DIGITS_11.findall(text) if _cpf_check(m)]
        if hinted["cpf"] and not found and re.fullmatch(r"\d{9,10}", text) and _cpf_check(text.zfill(11)):
            found.append(text.zfill(11))  # a CPF saved as a number lost its leading zeros
        return found
    if kind == "cnpj":
        found = [m for m in _CNPJ_FORMATTED.findall(text) if _cnpj_check(_digits(m))]
        found += [m for m in _DIGITS_14.findall(text) if _cnpj_check(m)]
        if hinted["cnpj"] and not found and re.fullmatch(r"\d{12,13}", text) and _cnpj_check(text.zfill(14)):
            found.append(text.zfill(14))
        return found
    if kind == "phone":
        found = _PHONE.findall(text)
        if hinted["phone"] and not found:
            digits = _digits(text)
            if digits.startswith("55") and len(digits) in (12, 13):
                digits = digits[2:]
            if len(digits) in (10, 11) and re.fullmatch(r"[\d\s()+.-]+", text):
                found.append(text)
        return found
    if kind == "cep":
        found = _CEP_FORMATTED.findall(text)
        if hinted["cep"] and not found and re.fullmatch(r"\d{7,8}", text):
            found.append(text.zfill(8))
        return found
    raise AssertionError(kind)  # pragma: no cover - names are handled per column


_COMPANY_SUFFIXES = frozenset({"ltda", "me", "mei", "epp", "eireli", "sa", "s/a", "s.a.", "s.a", "sas", "cia"})


def _starts_with_first_name(text: str) -> bool:
    """A person's name: two words or more, the first a common first name, no company suffix at the end."""
    words = _plain(text).split()
    return len(words) >= 2 and words[0] in FIRST_NAMES and words[-1].strip(".,") not in _COMPANY_SUFFIXES


def scan(
    df: pd.DataFrame,
    *,
    columns: Sequence[str] | None = None,
    max_examples: int = 3,
) -> PrivacyReport:
    """Look for personal data in every column (or in ``columns``) of a table.

    What is found, and how:

    - **CPF**: ``123.456.789-09`` or 11 digits, only when the check digits are right (so phone numbers
      and protocols are not mistaken for CPFs); in a column named ``cpf``, numbers that lost their
      leading zeros too.
    - **CNPJ**: a company's number, ``12.345.678/0001-95`` or 14 digits with valid check digits. Not
      personal data, but an individual entrepreneur's CNPJ can name a person: reported as ``info``.
    - **E-mail**, **phone** (``(11) 98765-4321``, ``+55 11 98765-4321``, ``11 3456-7890``; bare digits only
      in a column named like ``telefone``), **CEP** (``12345-678``; bare 8 digits only in a ``cep`` column).
    - **Names**: a column whose values mostly start with a common first name (see :data:`FIRST_NAMES`),
      or a column named like ``nome``/``requerente`` where at least a fifth do. Company and place columns
      (``razao_social``, ``bairro``) are left alone.

    Free-text columns are searched too: an e-mail typed inside a request's text is found.

    Parameters
    ----------
    df
        The table to publish.
    columns
        Only these columns (default: all).
    max_examples
        Masked examples kept per finding.

    Returns
    -------
    PrivacyReport
        ``valid`` is False when personal data was found; ``issues`` say where, in the reader's language.

    Raises
    ------
    CivicKitError
        ``privacy-not-a-table``, ``privacy-missing-columns``.
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise CivicKitError.of("privacy-not-a-table", kind=type(df).__name__)
    names = list(df.columns) if columns is None else list(columns)
    _require_columns(df, names)
    findings: list[Finding] = []
    for name in names:
        texts = _as_texts(df[name])
        if texts is None or texts.empty:
            continue
        counts = texts.value_counts(sort=False)
        hinted = {kind: _hint(name, kind) for kind in KINDS}
        scanned = int(counts.sum())
        for kind in ("cpf", "cnpj", "email", "phone", "cep"):
            rows = 0
            whole = 0
            examples: list[str] = []
            for value, weight in counts.items():
                matches = _find_matches(kind, str(value), hinted)
                if not matches:
                    continue
                rows += int(weight)
                if (
                    len(matches) == 1
                    and _digits(matches[0]) == _digits(value)
                    and len(str(value)) <= len(matches[0]) + 2
                ):
                    whole += int(weight)
                for match in matches:
                    masked = mask_value(kind, match)
                    if masked not in examples and len(examples) < max_examples:
                        examples.append(masked)
            if rows:
                findings.append(Finding(str(name), kind, rows, scanned, tuple(examples), whole * 2 >= rows))
        if _column_words(name) & _NOT_PERSON:
            continue  # a company's or a place's name column (razao_social, bairro): not people
        name_rows = sum(int(w) for v, w in counts.items() if _starts_with_first_name(str(v)))
        share = name_rows / scanned
        if name_rows and (share >= _NAME_SHARE_WITHOUT_HINT or (hinted["name"] and share >= _NAME_SHARE_WITH_HINT)):
            examples = []
            for value in counts.index:
                if _starts_with_first_name(str(value)) and len(examples) < max_examples:
                    masked = _mask_name(str(value))
                    if masked not in examples:
                        examples.append(masked)
            findings.append(Finding(str(name), "name", name_rows, scanned, tuple(examples), True))
    issues = tuple(
        Issue(
            f"privacy-{f.kind}",
            {"count": f.count, "share": f.share, "examples": ", ".join(f.examples)},
            severity="warning" if f.personal else "info",
            column=f.column,
        )
        for f in findings
    )
    return PrivacyReport(len(df), tuple(str(n) for n in names), tuple(findings), issues)


def mask_columns(df: pd.DataFrame, report: PrivacyReport | None = None) -> pd.DataFrame:
    """A copy of ``df`` with the personal data of ``report`` (default: ``scan(df)``) masked.

    Columns that *are* the data (a ``cpf`` column) have every value masked; free-text columns keep their
    text with each e-mail, phone, CPF or CEP inside replaced by its mask. Company CNPJs are left as they
    are (they are public). The input is never changed.
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise CivicKitError.of("privacy-not-a-table", kind=type(df).__name__)
    report = scan(df) if report is None else report
    result = df.copy()
    for finding in report.findings:
        if not finding.personal or finding.column not in result.columns:
            continue
        column = result[finding.column]
        present = column.notna()
        hinted = {kind: _hint(finding.column, kind) for kind in KINDS}

        def redact(
            value: Any, kind: str = finding.kind, whole: bool = finding.whole_values, hinted: dict = hinted
        ) -> Any:
            text = str(value)
            if kind == "name":
                return _mask_name(text) if _starts_with_first_name(text) or whole else text
            for match in sorted(set(_find_matches(kind, text.strip(), hinted)), key=len, reverse=True):
                if match in text:
                    text = text.replace(match, mask_value(kind, match))
                elif kind in ("cpf", "cnpj", "cep", "phone"):
                    text = mask_value(kind, match)  # a number whose leading zeros were lost
            return text

        texts = _as_texts(column)
        masked = column.astype("object").copy()
        if texts is not None:
            masked.loc[texts.index] = [redact(v) for v in texts.tolist()]
        result[finding.column] = pd.Series(masked, index=column.index).where(present, None).astype("string")
    return result


# --- re-identification --------------------------------------------------------------------------------------


def _require_columns(df: pd.DataFrame, names: Iterable[Any]) -> None:
    missing = [str(n) for n in names if n not in df.columns]
    if missing:
        raise CivicKitError.of("privacy-missing-columns", columns=", ".join(missing))


def _quasi(df: Any, quasi_identifiers: Any) -> list[str]:
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise CivicKitError.of("privacy-not-a-table", kind=type(df).__name__)
    names = [quasi_identifiers] if isinstance(quasi_identifiers, str) else list(quasi_identifiers or ())
    if not names:
        raise CivicKitError.of("privacy-no-quasi-identifiers")
    _require_columns(df, names)
    if df.empty:
        raise CivicKitError.of("privacy-empty-table")
    return names


def k_anonymity(df: pd.DataFrame, quasi_identifiers: str | Sequence[str]) -> int:
    """The k of a table: the size of the smallest group of rows sharing the same quasi-identifiers.

    Why it matters: a quasi-identifier is an ordinary column (district, birth year, gender) that is not
    secret but, combined with others, can single a person out; a neighbour knows all three. With k = 1 at
    least one person is unique and can be re-identified; publishing with k >= 5 is a common rule of thumb.
    Missing values count as a value of their own (a blank is as telling as any other answer).

    Raises
    ------
    CivicKitError
        ``privacy-not-a-table``, ``privacy-no-quasi-identifiers``, ``privacy-missing-columns``,
        ``privacy-empty-table``.
    """
    names = _quasi(df, quasi_identifiers)
    return int(df.groupby(names, dropna=False, observed=True).size().min())


def groups_below_k(df: pd.DataFrame, quasi_identifiers: str | Sequence[str], k: int) -> pd.DataFrame:
    """The combinations of quasi-identifiers shared by fewer than ``k`` rows, rarest first.

    These are the people a reader could re-identify; generalise (birth year to decade, street to
    district) or suppress until this table is empty.

    Returns
    -------
    pandas.DataFrame
        The quasi-identifier columns plus ``people`` (group size).
    """
    names = _quasi(df, quasi_identifiers)
    limit = _positive_int(k, "k")
    sizes = df.groupby(names, dropna=False, observed=True).size().rename("people").reset_index()
    small = sizes[sizes["people"] < limit]
    return small.sort_values(["people", *names], kind="mergesort").reset_index(drop=True)


def suppress_small_cells(table: pd.DataFrame, k: int, *, secondary: bool = True) -> pd.DataFrame:
    """Blank out counts below ``k`` in a frequency table before publishing it.

    Why: a cell saying "1 requester, aged 80+, in Vila Nova" points at a person. Counts from 1 to k-1 are
    suppressed (shown as missing); zeros are kept, as they reveal no one. With ``secondary=True`` (the
    default), when a row or column has exactly one suppressed cell, its smallest other non-zero cell is
    suppressed too, so the hidden count cannot be recovered by subtracting from a published total.

    Parameters
    ----------
    table
        Counts: rows and columns of non-negative whole numbers (e.g. ``pd.crosstab(a, b)``), *without*
        total rows or columns.
    k
        Smallest count that may be published (k >= 2).
    secondary
        Also suppress complementary cells (see above).

    Returns
    -------
    pandas.DataFrame
        Same shape, nullable integers, suppressed cells as ``<NA>``.

    Raises
    ------
    CivicKitError
        ``privacy-not-a-table``, ``privacy-bad-k``, ``privacy-not-counts`` (text, negative, fractional or
        missing values).
    """
    import numpy as np
    import pandas as pd

    if isinstance(table, pd.Series):
        table = table.to_frame()
    if not isinstance(table, pd.DataFrame):
        raise CivicKitError.of("privacy-not-a-table", kind=type(table).__name__)
    limit = _positive_int(k, "k")
    if limit < 2:
        raise CivicKitError.of("privacy-bad-k", value=repr(k))
    try:
        values = table.to_numpy(dtype="float64", na_value=np.nan)
    except (TypeError, ValueError):
        raise CivicKitError.of("privacy-not-counts") from None
    if values.size and (np.isnan(values).any() or (values < 0).any() or (values != np.round(values)).any()):
        raise CivicKitError.of("privacy-not-counts")
    suppressed = (values > 0) & (values < limit)
    if secondary and values.size:
        changed = True
        while changed:
            changed = False
            for axis in (1, 0):
                lines = suppressed if axis == 1 else suppressed.T
                cells = values if axis == 1 else values.T
                for index in range(lines.shape[0]):
                    if lines[index].sum() != 1 or lines.shape[1] < 2:
                        continue
                    candidates = np.where(~lines[index] & (cells[index] > 0))[0]
                    if not len(candidates):
                        continue
                    pick = candidates[np.argmin(cells[index][candidates])]
                    lines[index, pick] = True
                    changed = True
    result = pd.DataFrame(values, index=table.index, columns=table.columns).astype("Int64")
    return result.mask(pd.DataFrame(suppressed, index=table.index, columns=table.columns))


def _positive_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or (not isinstance(value, (int,)) and not hasattr(value, "__index__")):
        raise CivicKitError.of("privacy-bad-k", value=repr(value))
    number = int(value)
    if number < 1:
        raise CivicKitError.of("privacy-bad-k", value=repr(value))
    return number


def _preview(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


# --- a fictional list of requesters ----------------------------------------------------------------------


def _with_check_digits(base: str) -> str:
    numbers = [int(d) for d in base]
    for position in (9, 10):
        total = sum(n * w for n, w in zip(numbers[:position], range(position + 1, 1, -1), strict=True))
        numbers.append((total * 10) % 11 % 10)
    return "".join(str(n) for n in numbers)


_MESSAGES = (
    "Solicito a lista de contratos da secretaria em 2024.",
    "Quero saber quantas vagas há nas creches do meu bairro.",
    "Peço a folha de pagamento dos servidores da saúde.",
    "Solicito o cronograma das obras de drenagem.",
    "Qual foi o gasto com merenda escolar em 2023?",
    "Peço cópia do contrato de coleta de lixo.",
)
_MESSAGE_WITH_CONTACT = (
    "Solicito a lista de contratos da secretaria. Se precisar, ligue para {phone}.",
    "Peço os dados de atendimento da UBS. Respondam por favor no e-mail {email}.",
    "Meu CPF é {cpf}; quero saber a situação do meu pedido anterior.",
)


def fake_requesters(n: int = 400, *, seed: int = 20261127) -> pd.DataFrame:
    """A **fictional** list of people who filed information requests in Vale Verde, for privacy lessons.

    Never use real people's data to practise. Everything here is generated from ``seed``: names combine
    common first names and surnames at random; e-mails use ``example.org``/``example.com``/``example.net``,
    domains reserved for examples (RFC 2606); phones use area code 00, which does not exist in Brazil;
    CPFs are random digits with valid check digits (so the scanner finds them) -- any match with a real
    person's CPF is a coincidence, and they must not be used for anything but this exercise.

    Columns: ``nome``, ``cpf`` (most formatted, some bare digits), ``email``, ``telefone``, ``cep``,
    ``bairro`` (Vale Verde's districts), ``ano_nascimento``, ``genero``, ``pedidos`` (requests filed) and
    ``mensagem`` (the request's text, which sometimes contains a phone, an e-mail or a CPF).

    Raises
    ------
    CivicKitError
        ``privacy-bad-size`` when ``n`` is not between 1 and 100,000.
    """
    import numpy as np
    import pandas as pd

    from civic_kit.data import load

    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 100_000:
        raise CivicKitError.of("privacy-bad-size", value=repr(n))
    rng = np.random.default_rng(seed)
    districts = load("districts")
    weights = districts["population"].to_numpy(dtype="float64")
    first = sorted(FIRST_NAMES)
    rows = []
    for index in range(n):
        given = first[int(rng.integers(len(first)))]
        surnames = [_SURNAMES[int(i)] for i in rng.choice(len(_SURNAMES), size=int(rng.integers(1, 3)), replace=False)]
        name = " ".join([_title(given), *surnames])
        base = "".join(str(int(d)) for d in rng.integers(0, 10, size=9))
        if base == base[0] * 9:
            base = base[:8] + str((int(base[8]) + 1) % 10)
        digits = _with_check_digits(base)
        cpf = digits if rng.random() < 0.2 else f"{digits[:3]}.{digits[3:6]}.{digits[6:9]}-{digits[9:]}"
        user = _plain(given) + "." + _plain(surnames[-1]) + str(int(rng.integers(1, 99)))
        email = f"{user}@example.{('org', 'com', 'net')[index % 3]}"
        phone = f"(00) 9{int(rng.integers(0, 10_000)):04d}-{int(rng.integers(0, 10_000)):04d}"
        cep = f"13{int(rng.integers(900, 1000)):03d}-{int(rng.integers(0, 1000)):03d}"
        district = str(districts["name"].iloc[int(rng.choice(len(districts), p=weights / weights.sum()))])
        birth = int(rng.integers(1945, 2007))
        gender = ("feminino", "masculino", "não informado")[int(rng.choice(3, p=[0.5, 0.46, 0.04]))]
        requests = int(1 + rng.poisson(0.6))
        if rng.random() < 0.12:
            template = _MESSAGE_WITH_CONTACT[int(rng.integers(len(_MESSAGE_WITH_CONTACT)))]
            message = template.format(phone=phone, email=email, cpf=cpf)
        else:
            message = _MESSAGES[int(rng.integers(len(_MESSAGES)))]
        rows.append((name, cpf, email, phone, cep, district, birth, gender, requests, message))
    columns = ["nome", "cpf", "email", "telefone", "cep", "bairro", "ano_nascimento", "genero", "pedidos", "mensagem"]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("nome", "cpf", "email", "telefone", "cep", "bairro", "genero", "mensagem"):
        frame[column] = frame[column].astype("string")
    return frame


def _title(word: str) -> str:
    accents = {
        "joao": "João",
        "jose": "José",
        "andre": "André",
        "antonio": "Antônio",
        "antonia": "Antônia",
        "cecilia": "Cecília",
        "claudia": "Cláudia",
        "claudio": "Cláudio",
        "debora": "Débora",
        "emilia": "Emília",
        "erica": "Érica",
        "fabio": "Fábio",
        "gloria": "Glória",
        "helio": "Hélio",
        "heloisa": "Heloísa",
        "julio": "Júlio",
        "leticia": "Letícia",
        "lucia": "Lúcia",
        "marcia": "Márcia",
        "mario": "Mário",
        "monica": "Mônica",
        "natalia": "Natália",
        "patricia": "Patrícia",
        "sebastiao": "Sebastião",
        "sergio": "Sérgio",
        "sonia": "Sônia",
        "valeria": "Valéria",
        "veronica": "Verônica",
        "vitoria": "Vitória",
        "vinicius": "Vinícius",
        "rosangela": "Rosângela",
        "angela": "Ângela",
    }
    return accents.get(word, word.capitalize())
