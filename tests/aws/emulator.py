"""The AWS side of tests/cloudwatch.rs, against two AWS emulators from PyPI on 127.0.0.1,
since neither holds every alarm: moto keeps metric alarms with metric math and anomaly bands
but has no composite alarms (PutCompositeAlarm is not implemented) and its CloudFormation
skips AWS::CloudWatch::Alarm while reporting CREATE_COMPLETE; ministack keeps composite
alarms and deploys single-metric alarms through CloudFormation, but drops metric math
(DescribeAlarms returns such an alarm without its Metrics). So metric alarms live in moto,
composite alarms in ministack:

  emulator.py seed MOTO MINISTACK      create the account's original alarms through the API
  emulator.py deploy MOTO MINISTACK TEMPLATE STACK [KEY=VALUE...] [external:NAME...]
  emulator.py set-threshold MOTO MINISTACK NAME VALUE
  emulator.py validate-import MOTO MINISTACK IMPORT-TEMPLATE RESOURCES-TO-IMPORT
                                       deploy a generated template and check that every alarm
                                       it declares exists afterwards

`deploy` creates the stack in moto without its alarms (topics, subscriptions, roles), then
each alarm through its API call (PutMetricAlarm in moto, PutCompositeAlarm in ministack)
with the template's properties and references resolved from the stack; it also deploys the
template's single-metric alarms through ministack's CloudFormation and checks they exist
there. Anomaly detectors and Chatbot configurations, which no emulator has, are covered by
cfn-lint only. Every AlarmName of the template must then be in DescribeAlarms, or it exits 1.
"""

import json
import sys
import time

import boto3
import yaml

REGION = "eu-central-1"
ACCOUNT = "123456789012"


def clients(url):
    kw = dict(endpoint_url=url, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")
    return boto3.client("cloudwatch", **kw), boto3.client("cloudformation", **kw), boto3.client("sns", **kw)


def topic(name):
    return f"arn:aws:sns:{REGION}:{ACCOUNT}:{name}"


def stand_in(cw, name):
    """An alarm of this name, so that ministack (as CloudWatch does) accepts composite rules
    over it: the alarms a rule names live in moto, the composite alarms in ministack."""
    cw.put_metric_alarm(AlarmName=name, Namespace="Stand/In", MetricName="M", Statistic="Sum", Period=60,
                        EvaluationPeriods=1, Threshold=0, ComparisonOperator="GreaterThanThreshold")


def seed(moto, ministack):
    cw, _, sns = clients(moto)
    composites, _, _ = clients(ministack)
    for name in ["ops-alerts", "ops-sql", "pagerduty-critical", "xmatters"]:
        sns.create_topic(Name=name)
    elb = [{"Name": "LoadBalancer", "Value": "app/prod-api/50dc6c495c0c9188"}]
    cw.put_metric_alarm(
        AlarmName="Prod-API-5XX",
        AlarmDescription="The API answers with 5xx",
        Namespace="AWS/ApplicationELB",
        MetricName="HTTPCode_Target_5XX_Count",
        Dimensions=elb,
        Statistic="Sum",
        Unit="Count",
        Period=60,
        EvaluationPeriods=5,
        DatapointsToAlarm=3,
        Threshold=50,
        ComparisonOperator="GreaterThanThreshold",
        TreatMissingData="notBreaching",
        AlarmActions=[topic("ops-alerts"), topic("pagerduty-critical"), topic("xmatters")],
        OKActions=[topic("ops-alerts"), topic("pagerduty-critical")],
    )
    cw.put_metric_alarm(
        AlarmName="sync.lambda.duration.p99",
        AlarmDescription="The sync Lambda's p99 duration is high",
        Namespace="AWS/Lambda",
        MetricName="Duration",
        Dimensions=[{"Name": "FunctionName", "Value": "sync"}],
        ExtendedStatistic="p99",
        Unit="Milliseconds",
        Period=300,
        EvaluationPeriods=2,
        Threshold=5000,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        EvaluateLowSampleCountPercentile="ignore",
        ActionsEnabled=False,
        AlarmActions=[topic("ops-alerts")],
        OKActions=[topic("ops-alerts")],
        InsufficientDataActions=[topic("xmatters")],
    )
    cw.put_metric_alarm(
        AlarmName="Checkout error rate",
        AlarmDescription="Over 5% of checkout requests fail",
        Metrics=[
            {"Id": "errors", "MetricStat": {"Metric": {"Namespace": "AWS/ApplicationELB", "MetricName": "HTTPCode_Target_5XX_Count", "Dimensions": elb}, "Period": 300, "Stat": "Sum"}, "ReturnData": False},
            {"Id": "requests", "MetricStat": {"Metric": {"Namespace": "AWS/ApplicationELB", "MetricName": "RequestCount", "Dimensions": elb}, "Period": 300, "Stat": "Sum", "Unit": "Count"}, "ReturnData": False},
            {"Id": "rate", "Expression": "100 * errors / requests", "Label": "Error rate", "ReturnData": True},
        ],
        EvaluationPeriods=2,
        Threshold=5,
        ComparisonOperator="GreaterThanThreshold",
        AlarmActions=[topic("ops-alerts"), topic("pagerduty-critical")],
        OKActions=[topic("ops-alerts"), topic("pagerduty-critical")],
    )
    cw.put_metric_alarm(
        AlarmName="orders.per-minute.anomaly",
        AlarmDescription="Orders are far from their usual rate",
        Metrics=[
            {"Id": "m1", "MetricStat": {"Metric": {"Namespace": "Custom/Shop", "MetricName": "Orders"}, "Period": 300, "Stat": "Sum"}, "ReturnData": True},
            {"Id": "band", "Expression": "ANOMALY_DETECTION_BAND(m1, 3)", "Label": "Expected orders", "ReturnData": True},
        ],
        ThresholdMetricId="band",
        EvaluationPeriods=3,
        ComparisonOperator="LessThanLowerOrGreaterThanUpperThreshold",
        AlarmActions=[topic("ops-alerts")],
        OKActions=[topic("ops-alerts")],
    )
    cw.put_metric_alarm(
        AlarmName="DB free storage",
        AlarmDescription="The database runs out of disk",
        Namespace="AWS/RDS",
        MetricName="FreeStorageSpace",
        Dimensions=[{"Name": "DBInstanceIdentifier", "Value": "prod-db"}],
        Statistic="Minimum",
        Unit="Bytes",
        Period=300,
        EvaluationPeriods=1,
        Threshold=10737418240,
        ComparisonOperator="LessThanThreshold",
        TreatMissingData="breaching",
        AlarmActions=[topic("ops-sql")],
        OKActions=[topic("ops-sql")],
    )
    for name in ["Prod-API-5XX", "Checkout error rate", "Legacy-Maintenance-Window"]:
        stand_in(composites, name)
    composites.put_composite_alarm(
        AlarmName="API degraded",
        AlarmDescription="Errors and checkout failures together, not during maintenance",
        AlarmRule='(ALARM("Prod-API-5XX") OR ALARM("Checkout error rate")) AND NOT ALARM(Legacy-Maintenance-Window)',
        AlarmActions=[topic("ops-alerts"), topic("pagerduty-critical")],
        OKActions=[topic("ops-alerts"), topic("pagerduty-critical")],
        # ministack keeps no ActionsSuppressor (DescribeAlarms drops it): tests/import.rs
        # covers suppressors from describe-alarms JSON.
    )


def resolve(value, physical):
    """Refs to the stack's resources and parameters, as CloudFormation would resolve them."""
    if isinstance(value, dict):
        if set(value) == {"Ref"}:
            return physical[value["Ref"]]
        return {k: resolve(v, physical) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, physical) for v in value]
    return value


# What moto's CloudFormation deploys for these templates.
DEPLOYED_BY_STACK = {"AWS::SNS::Topic", "AWS::SNS::Subscription", "AWS::IAM::Role", "AWS::Logs::MetricFilter"}


def create_stack(cf, stack, template, resources, parameters):
    stack_template = dict(template)
    stack_template["Resources"] = resources
    # Outputs and DependsOn may name what was left for the API.
    stack_template.pop("Outputs", None)
    for resource in resources.values():
        resource.pop("DependsOn", None)
    cf.create_stack(
        StackName=stack,
        TemplateBody=json.dumps(stack_template),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
        Capabilities=["CAPABILITY_IAM"],
    )
    for _ in range(100):
        status = cf.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]
        if not status.endswith("IN_PROGRESS"):
            break
        time.sleep(0.1)
    if status != "CREATE_COMPLETE":
        events = cf.describe_stack_events(StackName=stack)["StackEvents"]
        sys.exit(f"stack {stack}: {status}: {[e.get('ResourceStatusReason') for e in events if 'FAILED' in e['ResourceStatus']]}")
    return {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in cf.describe_stack_resources(StackName=stack)["StackResources"]}


def deploy(moto, ministack, path, stack, parameters, externals):
    cw, cf, _ = clients(moto)
    composites, ministack_cf, _ = clients(ministack)
    template = yaml.safe_load(open(path))
    resources = template["Resources"]
    kept = {l: r for l, r in resources.items() if r["Type"] in DEPLOYED_BY_STACK}
    by_api = {l: r for l, r in resources.items() if r["Type"] not in DEPLOYED_BY_STACK}
    physical = create_stack(cf, stack, template, json.loads(json.dumps(kept)), parameters)
    physical.update(parameters)
    # ministack's CloudFormation deploys single-metric alarms: it must create every one.
    singles = {l: r for l, r in resources.items() if r["Type"] == "AWS::CloudWatch::Alarm" and "Metrics" not in r["Properties"]}
    if singles:
        create_stack(ministack_cf, stack, template, json.loads(json.dumps({**kept, **singles})), parameters)
        names = {a["AlarmName"] for a in composites.describe_alarms()["MetricAlarms"]}
        absent = sorted({r["Properties"]["AlarmName"] for r in singles.values()} - names)
        if absent:
            sys.exit(f"ministack's stack {stack} is complete but lacks the alarms {absent}")
    # Stand-ins in ministack for every alarm a composite rule may name (those of the template,
    # and external ones), then metric alarms, then composite alarms in DependsOn order.
    for r in resources.values():
        if r["Type"] == "AWS::CloudWatch::Alarm":
            stand_in(composites, r["Properties"]["AlarmName"])
    for name in externals:
        stand_in(composites, name)
    pending = dict(by_api)
    while pending:
        ready = [l for l, r in pending.items() if not any(d in pending for d in r.get("DependsOn", []))]
        if not ready:
            sys.exit(f"DependsOn cycle among {sorted(pending)}")
        for logical in ready:
            resource = pending.pop(logical)
            props = resolve(resource.get("Properties", {}), physical)
            kind = resource["Type"]
            if kind == "AWS::CloudWatch::Alarm":
                cw.put_metric_alarm(**props)
            elif kind == "AWS::CloudWatch::CompositeAlarm":
                composites.put_composite_alarm(**props)
            elif kind in ("AWS::CloudWatch::AnomalyDetector", "AWS::Chatbot::SlackChannelConfiguration"):
                pass  # no emulator has these; cfn-lint covers them
            else:
                sys.exit(f"{logical}: {kind} is neither deployed by the stack nor created here")
    names = {r["Properties"]["AlarmName"] for r in resources.values() if r["Type"].startswith("AWS::CloudWatch::") and "AlarmName" in r.get("Properties", {})}
    metric = cw.describe_alarms()["MetricAlarms"]
    composite = composites.describe_alarms(AlarmTypes=["CompositeAlarm"])["CompositeAlarms"]
    present = {a["AlarmName"] for a in metric + composite}
    missing = sorted(names - present)
    if missing:
        sys.exit(f"after the deploy these alarms do not exist: {missing}")
    print(f"deployed {stack}: {len(kept)} resources by the stack, {len(by_api)} through the API, {len(names)} alarms present")


# What DescribeAlarms returns that PutMetricAlarm does not take.
READ_ONLY = {"AlarmArn", "AlarmConfigurationUpdatedTimestamp", "StateValue", "StateReason", "StateReasonData",
             "StateUpdatedTimestamp", "StateTransitionedTimestamp", "EvaluationState"}


def set_threshold(moto, name, threshold):
    """A threshold edited in the console: PutMetricAlarm with every other field as it was."""
    cw, _, _ = clients(moto)
    alarm = cw.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]
    params = {k: v for k, v in alarm.items() if k not in READ_ONLY and v not in (None, [], "")}
    params["Threshold"] = float(threshold)
    cw.put_metric_alarm(**params)


def validate_import(moto, ministack, template, resources):
    """The IMPORT change set as the AWS CLI would send it: valid against the CloudFormation API
    model (botocore's CreateChangeSet input shape), and every alarm to import exists."""
    from botocore.session import Session
    from botocore.validate import validate_parameters

    model = Session().get_service_model("cloudformation")
    params = {
        "StackName": "oncall-alarms",
        "ChangeSetName": "adopt",
        "ChangeSetType": "IMPORT",
        "TemplateBody": open(template).read(),
        "ResourcesToImport": json.load(open(resources)),
    }
    validate_parameters(params, model.operation_model("CreateChangeSet").input_shape)
    body = yaml.safe_load(params["TemplateBody"])
    cw, _, _ = clients(moto)
    composites, _, _ = clients(ministack)
    present = {a["AlarmName"] for a in cw.describe_alarms()["MetricAlarms"]}
    present |= {a["AlarmName"] for a in composites.describe_alarms(AlarmTypes=["CompositeAlarm"])["CompositeAlarms"]}
    for item in params["ResourcesToImport"]:
        resource = body["Resources"][item["LogicalResourceId"]]
        if resource["Type"] != item["ResourceType"]:
            sys.exit(f"{item['LogicalResourceId']}: {resource['Type']} in the template, {item['ResourceType']} to import")
        if resource.get("DeletionPolicy") != "Retain":
            sys.exit(f"{item['LogicalResourceId']}: an imported resource needs DeletionPolicy Retain")
        name = item["ResourceIdentifier"]["AlarmName"]
        if resource["Properties"]["AlarmName"] != name or name not in present:
            sys.exit(f"{item['LogicalResourceId']}: `{name}` is not the template's alarm or not in the account")
    if set(body["Resources"]) != {i["LogicalResourceId"] for i in params["ResourcesToImport"]}:
        sys.exit("the import template holds resources that are not imported")
    print(f"{len(params['ResourcesToImport'])} resources to import, valid")


if __name__ == "__main__":
    command, moto, ministack = sys.argv[1], sys.argv[2], sys.argv[3]
    if command == "seed":
        seed(moto, ministack)
    elif command == "deploy":
        rest = sys.argv[6:]
        parameters = dict(a.split("=", 1) for a in rest if "=" in a and not a.startswith("external:"))
        externals = [a.removeprefix("external:") for a in rest if a.startswith("external:")]
        deploy(moto, ministack, sys.argv[4], sys.argv[5], parameters, externals)
    elif command == "set-threshold":
        set_threshold(moto, sys.argv[4], sys.argv[5])
    elif command == "validate-import":
        validate_import(moto, ministack, sys.argv[4], sys.argv[5])
    else:
        sys.exit(f"unknown command {command}")
