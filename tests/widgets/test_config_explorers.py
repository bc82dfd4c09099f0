"""Config explorers: renders answer for their defaults and for refused settings."""
from awslab import Lab
from awslab.services import config
from awslab.widgets import config as explorers


def test_rule_explorer_evaluates_recorded_resources_without_a_rule():
    lab = Lab(seed=2)
    config.enable(lab)
    lab.client("ec2").create_security_group(GroupName="web", Description="web")
    render, controls = explorers.rule_explorer(lab)
    ax = render().axes[0]
    assert len(ax.get_yticklabels()) == 2                 # default and web groups
    assert lab.state("config").rules == {}                 # nothing created, nothing billed
    refused = render("DESIRED_INSTANCE_TYPE", "{}").axes[0].get_title()
    assert "missing instanceType" in refused
    assert set(controls) == {"identifier", "parameters"}


def test_remediation_explorer_gives_up_only_when_every_attempt_fails():
    render, controls = explorers.remediation_explorer(Lab(seed=2).now)
    assert render(5, 60, 5).axes[0].get_title().startswith("Remediation gives up")
    assert render(5, 60, 2).axes[0].get_title().startswith("Remediation succeeds")
    assert controls["max_attempts"].value == 5
