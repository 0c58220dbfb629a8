"""Swedish driving licence categories, and which categories each one also grants.

The JobTech taxonomy has no relation between driving-licence concepts, so this is
written down here. Source: Directive 2006/126/EC art. 4 and 6 as applied in Sweden by
körkortslagen (1998:488) and explained on Transportstyrelsen's pages on
körkortsbehörigheter:

* art. 6(1): C1, C, D1 and D are issued only to holders of B; BE, C1E, CE, D1E and DE
  only to holders of B, C1, C, D1 and D respectively;
* art. 6(2)(a): C1E, CE, D1E and DE are also valid for BE combinations;
* art. 6(2)(c): CE is valid for C1E, DE for D1E;
* art. 6(2)(d): every category is valid for AM (Sweden does not narrow this; the
  taxonomy's own AM definition says any körkort will do);
* art. 6(2)(e)-(f): A2 covers A1, A covers A2 and A1, C covers C1, D covers D1;
* B96 ("utökad B", code 96) needs B, and BE covers every combination B96 allows
  (trailer up to 3,500 kg with no limit on the combined weight, against 4,250 kg).

Conditional rules are left out on purpose: CE is valid for DE only if the holder also
has D, and such a rule cannot be read from one category alone.
"""

# Each category lists the categories it grants directly; `implied_categories` closes it.
GRANTS: dict[str, frozenset[str]] = {
    "AM": frozenset(),
    "A1": frozenset({"AM"}),
    "A2": frozenset({"A1"}),
    "A": frozenset({"A2"}),
    "B": frozenset({"AM"}),
    "B96": frozenset({"B"}),
    "BE": frozenset({"B", "B96"}),
    "C1": frozenset({"B"}),
    "C1E": frozenset({"C1", "BE"}),
    "C": frozenset({"C1"}),
    "CE": frozenset({"C", "C1E"}),
    "D1": frozenset({"B"}),
    "D1E": frozenset({"D1", "BE"}),
    "D": frozenset({"D1"}),
    "DE": frozenset({"D", "D1E"}),
}
# The taxonomy labels B96 "Utökad B"; other concepts are labelled with their code.
_ALIASES = {"UTÖKAD B": "B96", "UTOKAD B": "B96", "B 96": "B96"}


def category_of(code_or_label: str) -> str | None:
    """Return the category code for a taxonomy code or label, or None if unknown."""
    key = " ".join(code_or_label.upper().split())
    category = _ALIASES.get(key, key)
    return category if category in GRANTS else None


def implied_categories(category: str) -> list[str]:
    """Return every category that `category` also grants, in `GRANTS` order."""
    granted: set[str] = set()
    pending = list(GRANTS.get(category, ()))
    while pending:
        current = pending.pop()
        if current not in granted:
            granted.add(current)
            pending.extend(GRANTS[current])
    return [code for code in GRANTS if code in granted]
