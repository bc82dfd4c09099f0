"""Launch templates, minimal: CreateLaunchTemplate, DescribeLaunchTemplates,
DescribeLaunchTemplateVersions and DeleteLaunchTemplate.

Each template has one version (1, the default and the latest). Auto Scaling launches from
it (``LaunchTemplate={"LaunchTemplateName": ..., "Version": "$Default"}``) through
``handoff.py``. The lab acts on ``ImageId``, ``InstanceType``, ``KeyName``,
``Monitoring``, ``IamInstanceProfile``, ``Placement.GroupName`` and instance
``TagSpecifications``; other members of ``LaunchTemplateData`` are rejected rather than
silently ignored. Known gaps: no CreateLaunchTemplateVersion/ModifyLaunchTemplate.
"""
from __future__ import annotations

from awslab.services.ec2 import errors
from awslab.services.ec2.filters import compile_filters
from awslab.services.ec2.operations import OPERATIONS
from awslab.services.ec2.operations.common import dry_run, tag_list
from awslab.services.ec2.state import LaunchTemplate

USED = ("ImageId", "InstanceType", "KeyName", "Monitoring", "IamInstanceProfile",
        "Placement", "TagSpecifications", "UserData")
VERSIONS = ("$Default", "$Latest", "1")

TEMPLATE_FILTERS = {
    "launch-template-name": lambda t: [t.name],
    "create-time": lambda t: [t.created.strftime("%Y-%m-%dT%H:%M:%S.000Z")],
}


def template_dict(template: LaunchTemplate) -> dict:
    out = {"LaunchTemplateId": template.template_id, "LaunchTemplateName": template.name,
           "CreateTime": template.created, "CreatedBy": template.created_by,
           "DefaultVersionNumber": 1, "LatestVersionNumber": 1}
    if template.tags:
        out["Tags"] = tag_list(template.tags)
    return out


def find_template(state, template_id: str | None = None,
                  name: str | None = None) -> LaunchTemplate:
    """The template with this ID or name, or EC2's not-found error."""
    if template_id:
        if not template_id.startswith("lt-"):
            raise errors.InvalidLaunchTemplateIdMalformed(
                f"The specified launch template ID '{template_id}' is malformed.")
        for template in state.launch_templates.values():
            if template.template_id == template_id:
                return template
        raise errors.InvalidLaunchTemplateIdNotFound(
            f"The specified launch template, with template ID {template_id}, does not "
            "exist.")
    if name and name in state.launch_templates:
        return state.launch_templates[name]
    raise errors.InvalidLaunchTemplateNameNotFound(
        "At least one of the launch templates specified in the request does not exist.")


def _one(state, p: dict) -> LaunchTemplate:
    if bool(p.get("LaunchTemplateId")) == bool(p.get("LaunchTemplateName")):
        raise errors.MissingParameter(
            "The request must contain the parameter launchTemplateName or launchTemplateId")
    return find_template(state, p.get("LaunchTemplateId"), p.get("LaunchTemplateName"))


@OPERATIONS("CreateLaunchTemplate")
def create_launch_template(call, p):
    dry_run(p)
    state = call.state()
    name = p["LaunchTemplateName"]
    if not 3 <= len(name) <= 128:
        raise errors.InvalidLaunchTemplateNameMalformed(
            "A launch template name must be between 3 and 128 characters, and may contain "
            "letters, numbers, and the following characters: - ( ) . / _.'")
    if name in state.launch_templates:
        raise errors.InvalidLaunchTemplateNameAlreadyExists(
            "Launch template name already in use.")
    data = p.get("LaunchTemplateData") or {}
    unused = sorted(set(data) - set(USED))
    if unused:
        raise errors.UnsupportedOperation(
            f"awslab's launch templates act on {', '.join(USED)}; it does not simulate "
            f"{', '.join(unused)}.")
    tags = {t["Key"]: t.get("Value", "") for spec in p.get("TagSpecifications") or []
            if spec.get("ResourceType") == "launch-template" for t in spec.get("Tags") or []}
    template = LaunchTemplate(call.lab.ids.resource("lt"), name, dict(data),
                              call.now.replace(microsecond=0), call.caller.arn,
                              p.get("VersionDescription"), tags)
    state.launch_templates[name] = template
    return {"LaunchTemplate": template_dict(template)}


@OPERATIONS("DescribeLaunchTemplates")
def describe_launch_templates(call, p):
    dry_run(p)
    state = call.state()
    found = list(state.launch_templates.values())
    if p.get("LaunchTemplateIds"):
        found = [find_template(state, template_id=i) for i in p["LaunchTemplateIds"]]
    if p.get("LaunchTemplateNames"):
        found = [find_template(state, name=n) for n in p["LaunchTemplateNames"]]
    keep = compile_filters(p.get("Filters"), TEMPLATE_FILTERS, tags=lambda t: t.tags)
    return {"LaunchTemplates": [template_dict(t) for t in found if keep(t)]}


@OPERATIONS("DescribeLaunchTemplateVersions")
def describe_launch_template_versions(call, p):
    dry_run(p)
    template = _one(call.state(), p)
    for version in p.get("Versions") or []:
        if version not in VERSIONS:
            raise errors.InvalidParameterValue(
                f"Could not find launch template version {version}")
    data = {k: v for k, v in template.data.items() if k != "UserData"}
    out = {"LaunchTemplateId": template.template_id,
           "LaunchTemplateName": template.name, "VersionNumber": 1,
           "CreateTime": template.created, "CreatedBy": template.created_by,
           "DefaultVersion": True, "LaunchTemplateData": data}
    if template.description:
        out["VersionDescription"] = template.description
    return {"LaunchTemplateVersions": [out]}


@OPERATIONS("DeleteLaunchTemplate")
def delete_launch_template(call, p):
    dry_run(p)
    state = call.state()
    template = _one(state, p)
    del state.launch_templates[template.name]
    return {"LaunchTemplate": template_dict(template)}
