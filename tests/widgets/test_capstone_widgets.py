"""NB10 explorers: the incident panes from the lab, the cursor and the sorter."""
import pytest

from awslab import Lab, incidents
from awslab.widgets import capstone as explorers


@pytest.fixture(scope="module")
def staged():
    lab = Lab(seed=10)
    incident = incidents.stage_alb_incident(lab)
    lab.advance(seconds=(incident.end - lab.now).total_seconds())
    return lab, incident


def test_panes_read_the_three_services(staged):
    lab, incident = staged
    metrics = explorers.metric_panes(lab, incident, incident.start, lab.now)
    first = incident.first_change["time"]
    before = [p for t, p in zip(metrics["times"], metrics["error_pct"])
              if t < first - incidents.timedelta(minutes=1)]
    after = [p for t, p in zip(metrics["times"], metrics["error_pct"])
             if t > first + incidents.timedelta(minutes=2)]
    assert max(before) < 5 < min(after)
    calls = explorers.call_rows(lab, incident, incident.start, lab.now)
    assert ("RevokeSecurityGroupIngress", incident.first_change["user"]) in {
        (c[2], c[1]) for c in calls}
    changes, spans = explorers.config_rows(lab, incident, incident.start, lab.now)
    assert any(c[1] == "web security group" and "ipPermissions" in c[2] for c in changes)
    assert any(s[3] == "NON_COMPLIANT" for s in spans)


def test_cursor_and_sorter(staged):
    lab, incident = staged
    render, controls = explorers.cursor_explorer(lab, incident, incident.start, lab.now)
    fig = render(controls["minute"].max)
    assert "by" in fig._suptitle.get_text()
    render, controls = explorers.sorter(lab)
    assert len(controls) == 12
    fig = render(**{k: c.value for k, c in controls.items()})
    assert fig.axes[0].get_title(loc="left").endswith("0 of 12 right")
