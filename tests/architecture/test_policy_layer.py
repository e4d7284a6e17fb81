"""Architecture rules of the policy layer (DESIGN.md §4–5), checked on the source:

- a status moves only inside its model's transitions (services apply them through
  core.transitions.transition_apply): no `x.status = …`, no `.update(status=…)` elsewhere;
- who-is-who questions are asked in the rules modules only (`*/rules.py`, and the group
  lookups in organisations/roles.py): no role predicate, group test or `is_superuser` read in a
  view, admin, service or selector;
- templates never compare a status with a literal: they ask the model or the actions.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "var", "tests", "migrations", "bench", "node_modules", ".git", "static", "templates", "locale"}
ROLE_CALLS = {"is_officer", "is_budget_holder", "is_finance", "is_imdi_staff", "in_group", "has_role", "_has_role"}
RULES_MODULES = {"organisations/roles.py"}


def project_files():
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if SKIP_DIRS & set(rel.parts):
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"), filename=str(rel))


def is_model_module(rel: Path) -> bool:
    return rel.name == "models.py" or "models" in rel.parts[:-1]


def is_rules_module(rel: Path) -> bool:
    return rel.name == "rules.py" or rel.as_posix() in RULES_MODULES


def test_no_status_assigned_outside_a_model():
    offences = []
    for rel, tree in project_files():
        if is_model_module(rel):
            continue
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "status":
                    offences.append(f"{rel}:{node.lineno} assigns .status")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"update", "bulk_update"}
                and (any(k.arg == "status" for k in node.keywords) or _mentions_status(node.args))
            ):
                offences.append(f"{rel}:{node.lineno} updates status in bulk")
    assert not offences, "Statuses move only through the model's transitions:\n" + "\n".join(offences)


def _mentions_status(args) -> bool:
    return any(isinstance(a, ast.List | ast.Tuple) and any(_is_str(e, "status") for e in a.elts) for a in args)


def _is_str(node, value) -> bool:
    return isinstance(node, ast.Constant) and node.value == value


def test_role_checks_only_in_rules_modules():
    offences = []
    for rel, tree in project_files():
        if is_rules_module(rel):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in ROLE_CALLS:
                    offences.append(f"{rel}:{node.lineno} calls {name}()")
            if isinstance(node, ast.Attribute) and node.attr == "is_superuser" and isinstance(node.ctx, ast.Load):
                offences.append(f"{rel}:{node.lineno} reads is_superuser")
            if _is_str(node, "is_superuser") and not isinstance(getattr(node, "parent", None), ast.keyword):
                offences.append(f"{rel}:{node.lineno} reads is_superuser")
    assert not offences, "Ask the rules modules who may do what:\n" + "\n".join(offences)


STATUS_LITERAL = re.compile(r"""\bstatus\s*(==|!=|\bin\b|\bnot in\b)\s*["'\[(]""")


def test_templates_do_not_compare_status_literals():
    offences = []
    for path in (ROOT / "templates").rglob("*.html"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for tag in re.findall(r"{%.*?%}", line):
                if STATUS_LITERAL.search(tag):
                    offences.append(f"{path.relative_to(ROOT)}:{number} {tag}")
    assert not offences, "Templates ask the model or the actions, not status literals:\n" + "\n".join(offences)
