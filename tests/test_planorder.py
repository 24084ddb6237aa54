"""The plan report names an item the planner moved away from the editor's order of importance
(plan._order_stages, ORDER_COST a place): it is a cost of the plan, not folded in silently."""
from __future__ import annotations

from layout.build import build
from layout.cli import main
from layout.makeup.plan import ORDER_COST

from conftest import SAMPLE
from test_plan import _mixed

HUANTAN = "那年，我们在荒滩上立起第一座厂房"


def test_the_sample_page_4_reports_the_story_set_two_places_later(capsys):
    """Sample page 4 lists 荒滩 (with the robot photo) second; no arrangement in that order fills
    the page, so the plan sets it after the boxed poem and 白沙溪: two places, 2 × ORDER_COST."""
    r = build(SAMPLE)
    plan = r.plans[0]
    assert plan.number == 4 and all(ok for _, ok, _ in plan.rules)
    assert plan.moved == (HUANTAN, 2, 2 * ORDER_COST, ("photo-robot.jpg",))
    order = [(cost, str(d)) for name, cost, d in plan.prefs if name == "order of importance"]
    assert order == [(4.0, f"'{HUANTAN}' (with photo-robot.jpg) set 2 places later than the editor's order")]
    # the move is part of the score, with the options' own costs (and the page-level ones)
    assert plan.cost >= sum(p.option.cost for p in plan.placements) + plan.moved[2] - 1e-6
    main(["plan", str(SAMPLE), "--lang", "en"])
    out = capsys.readouterr().out
    assert f"    4.0  order of importance: '{HUANTAN}' (with photo-robot.jpg) set 2 places later than the " \
           "editor's order" in out
    main(["plan", str(SAMPLE), "--lang", "zh"])
    out = capsys.readouterr().out
    assert f"    4.0  稿件重要性顺序: “{HUANTAN}”（连同 photo-robot.jpg）比编辑排定的顺序后移 2 位" in out


def test_a_page_planned_in_the_editors_order_reports_no_move(issue_factory):
    r = build(_mixed(issue_factory))
    plan = r.plans[0]
    assert plan.moved is None
    assert not any(name == "order of importance" for name, _, _ in plan.prefs)
    # the planner's sequence of the articles is the editor's
    arts = [p for p in plan.placements if p.item.kind in ("article", "box")]
    assert [p.item.order for p in arts] == sorted(p.item.order for p in arts)
