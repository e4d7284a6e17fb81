"""Tests build their cases through the services (tests/factories.py), never by writing a
lifecycle status: no `.status = …`, no `status=` to `objects.create`/`bulk_create`/`update`,
to a factory or to the make_* helpers, for a model whose status is a state machine."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
FSM_MODELS = {
    "Application",
    "Decision",
    "Grant",
    "Payment",
    "PayoutBatch",
    "ReportObligation",
    "Report",
    "BudgetChange",
}
# The factories take `state=` (or a trait) and walk the services; a `status=` would be a
# field written directly. (make_application/make_grant's `status=` is the state they walk to.)
BUILDERS = {"ApplicationFactory", "GrantFactory"}
WRITERS = {"create", "bulk_create", "update", "get_or_create", "update_or_create"}

# Deliberate exceptions, each a test of what the database or the models refuse (path, line text).
ALLOWED = {
    # The database refuses a second approver row that equals the proposer (four eyes): the
    # impossible state is the point of the test.
    ("assessment/test_four_eyes.py", 'status="approved"'),
    # The database refuses cancelling an exported batch; and a payment forced back behind the
    # services' back still cannot go into a second payment file (the file checks the reference).
    ("payments/test_export_once.py", 'update(status="cancelled")'),
    ("payments/test_export_once.py", 'update(status="in_batch")'),
    # The models refuse a status written directly (protected state machines): the assignment
    # inside pytest.raises(AttributeError) is the point of these tests.
    ("assessment/test_decision_permissions.py", "decision.status = Decision.Status.APPROVED"),
    ("grants/test_grant_permissions.py", "grant.status = Grant.Status.ACCEPTED"),
    ("reporting/test_transition_permissions.py", 'obligation.status = "approved"'),
    ("schemes/test_budget_change_transitions.py", "change.status = BudgetChange.Status.APPROVED"),
    ("payments/test_policy_transitions.py", "payment.status = Payment.Status.PAID"),
    # Left to convert (factories issue, item 10): these still write a status directly.
    ("applications/test_draft_input.py", "update(status=Application.Status.AWAITING_APPROVAL)"),
    ("applications/test_submission.py", "update(status=status)"),
    ("assessment/test_assessment_scoring.py", "app.status = Application.Status.DRAFT"),
    # No service moves a grant out of accepted yet (accepted → closed has no service).
    ("payments/test_due_sweep.py", 'grant.status = "letter_sent"'),
}


def _model_of(node: ast.AST) -> str | None:
    """`Grant` for `Grant.objects.create(...)` and `Grant.objects.filter(...).update(...)`."""
    while isinstance(node, (ast.Attribute, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
        if isinstance(node, ast.Name):
            return node.id
    return None


def _violations(path: Path):
    source = path.read_text()
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        problem = None
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and t.attr == "status" for t in targets):
                problem = "assigns .status"
        elif isinstance(node, ast.Call) and any(k.arg == "status" for k in node.keywords):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in BUILDERS:
                problem = f"passes status= to {name}"
            elif name in WRITERS and _model_of(func.value) in FSM_MODELS:
                problem = f"passes status= to {_model_of(func.value)}….{name}"
        if problem:
            relative = path.relative_to(TESTS).as_posix()
            text = lines[node.lineno - 1].strip()
            if not any(relative == p and fragment in text for p, fragment in ALLOWED):
                yield f"{relative}:{node.lineno}: {problem}: {text}"


def test_no_test_writes_a_lifecycle_status():
    found = [v for path in sorted(TESTS.rglob("*.py")) if path != Path(__file__) for v in _violations(path)]
    assert not found, "Build these states through the services (tests/factories.py):\n" + "\n".join(found)


def test_the_check_sees_what_it_forbids(tmp_path):
    sample = TESTS / "architecture" / "_sample_for_check.py"
    try:
        sample.write_text(
            "grant.status = 'accepted'\n"
            "Grant.objects.filter(pk=1).update(status='declined')\n"
            "Application.objects.create(status='submitted')\n"
            "GrantFactory(status='accepted')\n"
            "LetterSendJob.objects.create(status='running')\n"
        )
        assert [v.split(": ")[1] for v in _violations(sample)] == [
            "assigns .status",
            "passes status= to Grant….update",
            "passes status= to Application….create",
            "passes status= to GrantFactory",
        ]
    finally:
        sample.unlink()
