"""Writes an account of N alarms as `aws cloudwatch describe-alarms` prints it, in pages of
100 (MetricAlarms and NextToken as the CLI writes them with --max-items 100): single-metric
alarms with units and percentiles, metric math and anomaly bands, and a composite alarm per
page over that page's alarms. Usage: gen_describe_alarms.py DIR N."""
import json
import os
import sys

out, count = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
topic = "arn:aws:sns:eu-central-1:123456789012:{}".format
for page in range(0, count, 100):
    metric, composite = [], []
    for i in range(page, min(page + 100, count)):
        common = {
            "AlarmName": f"Service-{i:05d}.{['errors', 'latency', 'rate', 'orders'][i % 4]}",
            "AlarmArn": f"arn:aws:cloudwatch:eu-central-1:123456789012:alarm:Service-{i:05d}",
            "AlarmDescription": f"Service {i} misbehaves in a way customers notice",
            "AlarmConfigurationUpdatedTimestamp": "2026-11-02T10:15:02.113000+00:00",
            "ActionsEnabled": True,
            "OKActions": [topic("ops-alerts")],
            "AlarmActions": [topic("ops-alerts"), topic("xmatters")],
            "InsufficientDataActions": [],
            "StateValue": "OK",
            "StateReason": "Threshold Crossed: 1 datapoint was not greater than the threshold.",
            "StateUpdatedTimestamp": "2026-11-02T10:15:02.113000+00:00",
            "EvaluationPeriods": 5,
            "DatapointsToAlarm": 3,
            "TreatMissingData": "notBreaching",
        }
        kind = i % 4
        dims = [{"Name": "LoadBalancer", "Value": f"app/service-{i}/50dc6c495c0c9188"}]
        if kind == 0:
            common.update({"MetricName": "HTTPCode_Target_5XX_Count", "Namespace": "AWS/ApplicationELB", "Statistic": "Sum",
                           "Dimensions": dims, "Period": 60, "Unit": "Count", "Threshold": 50.0, "ComparisonOperator": "GreaterThanThreshold"})
        elif kind == 1:
            common.update({"MetricName": "TargetResponseTime", "Namespace": "AWS/ApplicationELB", "ExtendedStatistic": "p99",
                           "Dimensions": dims, "Period": 300, "Unit": "Seconds", "Threshold": 1.5, "ComparisonOperator": "GreaterThanThreshold",
                           "EvaluateLowSampleCountPercentile": "ignore"})
        elif kind == 2:
            stat = lambda name: {"Metric": {"Namespace": "AWS/ApplicationELB", "MetricName": name, "Dimensions": dims}, "Period": 300, "Stat": "Sum"}
            common.update({"Metrics": [{"Id": "errors", "MetricStat": stat("HTTPCode_Target_5XX_Count"), "ReturnData": False},
                                       {"Id": "requests", "MetricStat": stat("RequestCount"), "ReturnData": False},
                                       {"Id": "rate", "Expression": "100 * errors / requests", "Label": "Error rate", "ReturnData": True}],
                           "Threshold": 5.0, "ComparisonOperator": "GreaterThanThreshold"})
        else:
            common.update({"Metrics": [{"Id": "m1", "MetricStat": {"Metric": {"Namespace": "Custom/Shop", "MetricName": "Orders", "Dimensions": [{"Name": "Shop", "Value": str(i)}]}, "Period": 300, "Stat": "Sum"}, "ReturnData": True},
                                       {"Id": "band", "Expression": "ANOMALY_DETECTION_BAND(m1, 3)", "ReturnData": True}],
                           "ThresholdMetricId": "band", "ComparisonOperator": "LessThanLowerOrGreaterThanUpperThreshold"})
        metric.append(common)
    names = [a["AlarmName"] for a in metric[:3]]
    composite.append({"AlarmName": f"Degraded {page // 100}", "AlarmRule": " OR ".join(f'ALARM("{n}")' for n in names),
                      "ActionsEnabled": True, "AlarmActions": [topic("ops-alerts")], "OKActions": [], "InsufficientDataActions": []})
    body = {"MetricAlarms": metric, "CompositeAlarms": composite}
    if page + 100 < count:
        body["NextToken"] = f"token-{page + 100}"
    with open(os.path.join(out, f"page-{page // 100:03d}.json"), "w") as f:
        json.dump(body, f, indent=4)
