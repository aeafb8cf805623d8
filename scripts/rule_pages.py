"""Write the rule pages, docs/rules/*.md, from rules/*.toml: ``python scripts/rule_pages.py [--check]``.

``--check`` writes nothing and exits 1 when a page is not current (tests/test_rule_pages.py does the same).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from a11ycheck.rulepages import outdated, write_pages  # noqa: E402
from a11ycheck.ruleset import load_rules  # noqa: E402

PAGES = ROOT / "docs" / "rules"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report pages that are not current (exit 1)")
    args = parser.parse_args()
    rules = load_rules(ROOT / "rules")  # the built-in rules only, not an installed package's house rules
    names = outdated(PAGES, rules) if args.check else write_pages(PAGES, rules)
    for name in names:
        print(f"{'not current' if args.check else 'written'}: docs/rules/{name}")
    return 1 if args.check and names else 0


if __name__ == "__main__":
    sys.exit(main())
