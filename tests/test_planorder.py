"""The plan report names an item the planner moved away from the editor's order of importance
(plan._order_stages, ORDER_COST a place): it is a cost of the plan, not folded in silently."""
from __future__ import annotations

from layout.build import build
from layout.cli import main
from layout.makeup.plan import ORDER_COST

from conftest import SAMPLE
from test_plan import _mixed

YEXIAO = "夜校的灯，照亮了我的路"


def test_the_sample_page_4_reports_the_story_set_three_places_earlier(capsys):
    """Sample page 4 lists 夜校的灯 last; no arrangement in the editor's order fills the page beside
    the pinned 刊头, so the plan sets it three places earlier (under the 刊头 and the 人物's photo):
    3 × ORDER_COST, named in the report."""
    r = build(SAMPLE)
    plan = r.plans[0]
    assert plan.number == 4 and all(ok for _, ok, _ in plan.rules)
    assert plan.moved == (YEXIAO, -3, 3 * ORDER_COST, ())
    order = [(cost, str(d)) for name, cost, d in plan.prefs if name == "order of importance"]
    assert order == [(6.0, f"'{YEXIAO}' set 3 places earlier than the editor's order")]
    # the move is part of the score, with the options' own costs (and the page-level ones)
    assert plan.cost >= sum(p.option.cost for p in plan.placements) + plan.moved[2] - 1e-6
    main(["plan", str(SAMPLE), "--lang", "en"])
    out = capsys.readouterr().out
    assert f"    6.0  order of importance: '{YEXIAO}' set 3 places earlier than the editor's order" in out
    main(["plan", str(SAMPLE), "--lang", "zh"])
    out = capsys.readouterr().out
    assert f"    6.0  稿件重要性顺序: “{YEXIAO}”比编辑排定的顺序前移 3 位" in out


def test_a_page_planned_in_the_editors_order_reports_no_move(issue_factory):
    r = build(_mixed(issue_factory))
    plan = r.plans[0]
    assert plan.moved is None
    assert not any(name == "order of importance" for name, _, _ in plan.prefs)
    # the planner's sequence of the articles is the editor's
    arts = [p for p in plan.placements if p.item.kind in ("article", "box")]
    assert [p.item.order for p in arts] == sorted(p.item.order for p in arts)
