"""axe-core (vendored, from the npm registry) injected into a page: its serious and
critical accessibility violations, as readable lines."""

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "tadamon" / "static" / "vendor" / "axe" / "axe.min.js"
BLOCKING = ("serious", "critical")


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['impact']} {v['id']}: {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results["violations"]
        if v["impact"] in BLOCKING
    ]
