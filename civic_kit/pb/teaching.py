"""The teaching city's participatory-budgeting election (Vale Verde 2024, synthetic).

Lessons and the PB app start from the same bundled file, so participants and officials practise on an
election whose answers are known. The data is synthetic: Vale Verde is a fictional city.
"""

from __future__ import annotations

from importlib import resources

from civic_kit.pb.model import Election
from civic_kit.pb.pabulib import parse_pabulib_text
from civic_kit.problems import CivicKitError

__all__ = ["TEACHING_FILE", "teaching_election"]

#: File name of the bundled election inside ``civic_kit/datasets``.
TEACHING_FILE = "pb_vale_verde_2024.pb"


def teaching_election() -> Election:
    """Load the bundled Vale Verde 2024 election (read from the installed package, never the internet).

    Raises
    ------
    CivicKitError
        ``pb-teaching-missing`` if the installed package lacks the file (a broken installation).
    """
    source = resources.files("civic_kit") / "datasets" / TEACHING_FILE
    try:
        data = source.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        raise CivicKitError.of("pb-teaching-missing", name=TEACHING_FILE) from None
    return parse_pabulib_text(data.decode("utf-8-sig"))
