"""What operators watch (deploy/k8s/monitoring), checked offline: the alert rules with promtool,
the Grafana dashboards against the code's metrics, and both in the overlays.

- The PrometheusRule's `spec` is a Prometheus rules file: `promtool check rules` accepts it, and
  `promtool test rules` runs alerts.test.yaml, in which every alert fires when it should and stays
  silent when it should not; broken rules (bad PromQL, a bad template, a changed threshold) fail.
- Every metric the rules and the dashboards name is one the code registers (prometheus_client's
  Counter, Gauge, Histogram in services/ and libs/), one the rules record, or Prometheus' own `up`:
  a renamed metric fails here. Every RPC they name is in proto/, every status code a gRPC code; the
  latency alert leaves out exactly the server-streaming RPCs.
- Every dashboard is JSON whose every datasource is the `${datasource}` template variable, and
  whose every query promtool parses.
- dev and prod render the dashboards as ConfigMaps labelled for Grafana's sidecar, the
  PrometheusRule and the PodMonitor, which scrapes every Kith workload under its own name as `job`.

promtool is built once with Go into the Kith cache (deploy/local/bin/promtool); without Go and
without a cached build the promtool tests are skipped.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
from functools import cache
from pathlib import Path

import grpc
import pytest
import yaml

from tests.deploy.test_manifests import K8S, ROOT, WORKLOADS, objects, rendered, selects, tool

MONITORING = K8S / "monitoring"
ALERTS = MONITORING / "alerts.yaml"
ALERT_TESTS = MONITORING / "alerts.test.yaml"
RULES_FILE = "alerts.rules.yaml"  # the name alerts.test.yaml gives the rules (rule_files)
DASHBOARDS = sorted((MONITORING / "dashboards").glob("*.json"))
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
SEVERITIES = {"warning", "critical"}
# Series that Prometheus makes rather than Kith: whether a scrape worked.
PROMETHEUS_SERIES = frozenset({"up"})
# The figures the dashboards must show (the list).
SHOWN = frozenset(
    {
        "kith_rpc_duration_seconds_count",
        "kith_rpc_duration_seconds_bucket",
        "kith_consumer_lag_events",
        "kith_outbox_backlog_events",
        "kith_outbox_oldest_age_seconds",
        "kith_feed_fanout_posts_total",
        "kith_feed_fanout_entries_total",
        "kith_live_open_streams",
        "kith_live_items_sent_total",
    }
)


# The first test to need promtool builds it when it is not cached yet (`make up` builds it
# beforehand): about 3 minutes on two cores, longer on a busy machine; more than the suite's 300 s
# per test allows, hence this module's limit.
pytestmark = pytest.mark.timeout(900)


@cache
def promtool() -> str:
    return tool("promtool")


def run_promtool(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([promtool(), *args], capture_output=True, text=True, timeout=120, cwd=cwd)


# ---------------------------------------------------------------------------------------------
# The rules


def prometheus_rule() -> dict:
    return yaml.safe_load(ALERTS.read_text())


def rules(spec: dict | None = None) -> list[dict]:
    return [r for g in (spec or prometheus_rule()["spec"])["groups"] for r in g["rules"]]


def alerts(spec: dict | None = None) -> dict[str, dict]:
    return {r["alert"]: r for r in rules(spec) if "alert" in r}


def recorded() -> frozenset[str]:
    return frozenset(r["record"] for r in rules() if "record" in r)


LABEL = re.compile(r"\{\{\s*\$labels\.(\w+)\s*\}\}")


def completed_tests(spec: dict) -> dict:
    """alerts.test.yaml with each expected alert's annotations filled in where the test leaves
    them out: those that only substitute labels, rendered from the expected labels (the test
    writes out the ones that show $value)."""
    tests = yaml.safe_load(ALERT_TESTS.read_text())
    by_name = alerts(spec)
    for group in tests["tests"]:
        for case in group.get("alert_rule_test") or []:
            for expected in case.get("exp_alerts") or []:
                annotations = expected.setdefault("exp_annotations", {})
                for key, template in by_name[case["alertname"]]["annotations"].items():
                    if key in annotations:
                        continue
                    assert "{{" not in LABEL.sub("", template), (
                        f"{case['alertname']}: write its {key} out in alerts.test.yaml (it shows more than labels)"
                    )
                    labels = expected["exp_labels"]
                    annotations[key] = LABEL.sub(lambda m, at=labels: at[m.group(1)], template)  # all given
    return tests


def write_rules(directory: Path, spec: dict) -> Path:
    """The PrometheusRule's spec as a plain rules file, and the completed unit tests beside it."""
    (directory / RULES_FILE).write_text(yaml.safe_dump(spec, sort_keys=False))
    tests = directory / ALERT_TESTS.name
    tests.write_text(yaml.safe_dump(completed_tests(spec), sort_keys=False, width=1000))
    return tests


def test_promtool_accepts_the_rules(tmp_path):
    write_rules(tmp_path, prometheus_rule()["spec"])
    result = run_promtool("check", "rules", RULES_FILE, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(rules())} rules found" in result.stdout, result.stdout


def test_each_alert_fires_when_it_should_and_stays_silent_otherwise(tmp_path):
    tests = write_rules(tmp_path, prometheus_rule()["spec"])
    result = run_promtool("test", "rules", tests.name, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout, result.stdout


def test_every_alert_has_a_firing_and_a_silent_unit_test():
    cases = [c for g in yaml.safe_load(ALERT_TESTS.read_text())["tests"] for c in g.get("alert_rule_test") or []]
    firing = {c["alertname"] for c in cases if c.get("exp_alerts")}
    silent = {c["alertname"] for c in cases if not c.get("exp_alerts")}
    assert firing == set(alerts()), f"no firing case: {sorted(set(alerts()) - firing)}"
    assert silent == set(alerts()), f"no silent case: {sorted(set(alerts()) - silent)}"


def _bad_promql(spec):
    spec["groups"][0]["rules"][0]["expr"] = "sum by (job) (rate(kith_rpc_duration_seconds_count[5m])"
    return "check", "parse error"


def _bad_duration(spec):
    spec["groups"][0]["rules"][0]["for"] = "5 minutes"
    return "check", 'unknown unit " minutes"'


def _bad_template(spec):
    spec["groups"][0]["rules"][0]["annotations"]["description"] = "{{ $value | humanizePercent }}"
    return "check", "humanizePercent"


def _threshold_raised(spec):  # valid rules, but the error ratio alert no longer fires in its test
    rule = alerts(spec)["KithRpcErrorRatioHigh"]
    rule["expr"] = rule["expr"].replace(") > 0.05", ") > 0.5")
    return "test", "alertname: KithRpcErrorRatioHigh"


def _no_for(spec):  # fires at once: its "not yet" case fails
    del alerts(spec)["KithTargetDown"]["for"]
    return "test", "alertname: KithTargetDown"


BROKEN_RULES = {
    "bad PromQL": _bad_promql,
    "bad duration": _bad_duration,
    "bad template": _bad_template,
    "threshold raised": _threshold_raised,
    "no for": _no_for,
}


@pytest.mark.parametrize("case", sorted(BROKEN_RULES))
def test_promtool_rejects_a_broken_rule(case, tmp_path):
    spec = prometheus_rule()["spec"]
    command, expected = BROKEN_RULES[case](spec)
    tests = write_rules(tmp_path, spec)
    result = run_promtool(command, "rules", RULES_FILE if command == "check" else tests.name, cwd=tmp_path)
    assert result.returncode != 0, f"{case}: accepted\n{result.stdout}"
    assert expected in result.stdout + result.stderr, result.stdout + result.stderr


def test_every_alert_says_how_bad_what_and_what_to_do():
    readme = (K8S / "README.md").read_text()
    assert alerts()
    for name, rule in alerts().items():
        assert re.fullmatch(r"Kith[A-Z]\w+", name), name
        assert rule["labels"]["severity"] in SEVERITIES, name
        annotations = rule["annotations"]
        assert {"summary", "description", "runbook"} <= set(annotations), name
        assert all(annotations[k].strip() for k in ("summary", "description", "runbook")), name
        assert "deploy/k8s/README.md" in annotations["runbook"], f"{name}: the runbook points to the README"
        assert f"`{name}`" in readme, f"{name} is not described in deploy/k8s/README.md"


# ---------------------------------------------------------------------------------------------
# Metric names: the rules and the dashboards against the code


def code_series() -> frozenset[str]:
    """Every series name the code's prometheus_client metrics expose: a counter `x_total`, a
    gauge `x`, a histogram `x_bucket`, `x_count`, `x_sum` (and `_created` for both)."""
    exposed = set()
    sources = [*ROOT.glob("services/*/src/**/*.py"), *ROOT.glob("libs/*/src/**/*.py")]
    for path in sources:
        tree = ast.parse(path.read_text())
        kinds = {
            alias.asname or alias.name: alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "prometheus_client"
            for alias in node.names
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in kinds):
                continue
            if not (node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                continue
            name, kind = node.args[0].value, kinds[node.func.id]
            if kind == "Counter":
                base = name.removesuffix("_total")
                exposed |= {f"{base}_total", f"{base}_created"}
            elif kind == "Gauge":
                exposed.add(name)
            elif kind in ("Histogram", "Summary"):
                exposed |= {f"{name}_count", f"{name}_sum", f"{name}_created"}
                if kind == "Histogram":
                    exposed.add(f"{name}_bucket")
    return frozenset(exposed)


PROMQL_KEYWORDS = frozenset({"and", "or", "unless", "bool", "offset", "inf", "nan"})
STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
IDENTIFIER = re.compile(r"(?<![\w.$])[A-Za-z_:][\w:]*")


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects: identifiers left once strings, label
    matchers, ranges and grouping clauses are removed, other than functions, aggregations (both
    followed by a parenthesis) and keywords."""
    expr = STRING.sub('""', expr)
    expr = re.sub(r"\{[^}]*\}", " ", expr)
    expr = re.sub(r"\[[^\]]*\]", " ", expr)
    expr = GROUPING.sub(" ", expr)
    names = set()
    for match in IDENTIFIER.finditer(expr):
        if expr[match.end() :].lstrip().startswith("(") or match.group().lower() in PROMQL_KEYWORDS:
            continue
        names.add(match.group())
    return names


def query_series(query: str) -> set[str]:
    """The series a query names: PromQL, or a Grafana variable's label_values(<selector>, <label>)."""
    match = re.fullmatch(r"\s*label_values\((.*),\s*\w+\s*\)\s*", query, re.S)
    if match:
        return metric_names(match.group(1))
    if re.fullmatch(r"\s*label_values\(\s*\w+\s*\)\s*", query):
        return set()
    return metric_names(query)


def dashboard(path: Path) -> dict:
    return json.loads(path.read_text())


def panels(board: dict) -> list[dict]:
    """Every panel, those inside collapsed rows too."""
    out = []
    for panel in board.get("panels", []):
        out.append(panel)
        out.extend(panel.get("panels") or [])
    return out


def dashboard_queries(board: dict) -> list[tuple[str, str]]:
    """(where, PromQL) of every panel target."""
    return [
        (f"{board['uid']}: {panel['title']} {target['refId']}", target["expr"])
        for panel in panels(board)
        for target in panel.get("targets") or []
    ]


def variable_queries(board: dict) -> list[tuple[str, str]]:
    out = []
    for variable in board["templating"]["list"]:
        if variable["type"] == "query":
            query = variable["query"]
            out.append((f"{board['uid']}: ${variable['name']}", query["query"] if isinstance(query, dict) else query))
    return out


def unknown_metrics(expressions: list[tuple[str, str]], known: frozenset[str]) -> list[str]:
    return [f"{where}: {name}" for where, expr in expressions for name in sorted(query_series(expr) - known)]


def all_expressions() -> list[tuple[str, str]]:
    """(where, PromQL) of every rule and every dashboard query."""
    found = [(r.get("alert") or r["record"], r["expr"]) for r in rules()]
    for path in DASHBOARDS:
        found += dashboard_queries(dashboard(path))
    return found


def test_the_metric_name_parser():
    assert metric_names(
        'histogram_quantile(0.99, sum by (job, le) (rate(kith_rpc_duration_seconds_bucket{job=~"a|b", '
        'method!~"/x.Y/Z"}[$__rate_interval]))) > 1 and on (job) up offset 5m unless sum without (pod) '
        "(max_over_time(kith_live_open_streams[1h:1m])) > bool 1e3"
    ) == {"kith_rpc_duration_seconds_bucket", "up", "kith_live_open_streams"}
    assert metric_names('label_replace(kith_outbox_backlog_events, "dst", "$1", "src", "(.*)")') == {
        "kith_outbox_backlog_events"
    }
    assert metric_names("sum(rate(kith_events_consumed_total[5m])) by (group) / 2") == {"kith_events_consumed_total"}
    assert query_series('label_values(kith_consumer_lag_events{namespace="$namespace"}, group)') == {
        "kith_consumer_lag_events"
    }
    assert query_series("label_values(namespace)") == set()


def test_the_rules_and_dashboards_name_only_metrics_the_code_defines():
    known = code_series() | recorded() | PROMETHEUS_SERIES
    assert {"kith_rpc_duration_seconds_bucket", "kith_feed_fanout_posts_total", "kith_live_open_streams"} <= known
    expressions = all_expressions()
    for path in DASHBOARDS:
        expressions += variable_queries(dashboard(path))
    assert unknown_metrics(expressions, known) == []
    used = set().union(*(query_series(e) for _, e in expressions))
    assert SHOWN <= used, f"not shown: {sorted(SHOWN - used)}"


def test_a_renamed_metric_is_caught():
    known = code_series() | recorded() | PROMETHEUS_SERIES
    expressions = [(w, e.replace("kith_consumer_lag_events", "kith_consumer_lag")) for w, e in all_expressions()]
    problems = unknown_metrics(expressions, known)
    assert "namespace_group:kith_consumer_lag_events:sum: kith_consumer_lag" in problems
    assert any(p.startswith("kith-events: Lag by partition A: kith_consumer_lag") for p in problems), problems
    # ... and one the code no longer registers.
    assert unknown_metrics(all_expressions(), known - {"kith_live_open_streams"})


@cache
def rpcs_in_proto() -> dict[str, bool]:
    """/<package>.<Service>/<Rpc> of every RPC in proto/ -> whether it streams its answers."""
    found = {}
    for path in (ROOT / "proto").rglob("*.proto"):
        text = re.sub(r"//[^\n]*", "", path.read_text())
        package = re.search(r"^\s*package\s+([\w.]+)\s*;", text, re.M)
        for service, body in re.findall(r"\bservice\s+(\w+)\s*\{(.*?)\n\}", text, re.S):
            for rpc, returns in re.findall(r"\brpc\s+(\w+)\s*\([^)]*\)\s*returns\s*\(([^)]*)\)", body):
                found[f"/{package.group(1)}.{service}/{rpc}"] = returns.split()[0] == "stream"
    return found


def matched_values(expr: str, label: str) -> list[str]:
    """The values an expression's matchers on `label` name (= and =~ and !~ alternatives)."""
    values = []
    for value in re.findall(rf'\b{label}\s*(?:=~|!~|!=|=)\s*"([^"]*)"', expr):
        values += value.split("|") if value and "$" not in value else []
    return values


def test_the_rpcs_codes_and_jobs_named_exist():
    rpcs, codes = rpcs_in_proto(), {c.name for c in grpc.StatusCode}
    assert "/kith.content.v1.ContentService/CreatePost" in rpcs
    assert matched_values('x{code!="OK", method=~"/a/B|/c/D", job="$job"}', "method") == ["/a/B", "/c/D"]
    for where, expr in all_expressions():
        assert set(matched_values(expr, "method")) <= set(rpcs), where
        assert set(matched_values(expr, "code")) <= codes, where
        assert set(matched_values(expr, "job")) <= set(WORKLOADS), where  # the PodMonitor's job names


def test_the_latency_alert_and_panels_leave_out_exactly_the_streaming_rpcs():
    streaming = {rpc for rpc, streams in rpcs_in_proto().items() if streams}
    assert "/kith.live.v1.LiveService/Subscribe" in streaming
    for where, expr in all_expressions():
        if "kith_rpc_duration_seconds_bucket" in expr:
            left_out = set(re.findall(r'method!~"([^"]*)"', expr))
            assert len(left_out) == 1 and set(left_out.pop().split("|")) == streaming, where


# ---------------------------------------------------------------------------------------------
# The dashboards


def datasources(node) -> list:
    """Every value of a `datasource` key, anywhere in the dashboard."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "datasource":
                found.append(value)
            found += datasources(value)
    elif isinstance(node, list):
        for value in node:
            found += datasources(value)
    return found


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.name)
def test_each_dashboard_is_json_with_the_datasource_as_a_variable(path):
    board = dashboard(path)
    assert board["uid"] == path.stem and board["title"].startswith("Kith / ") and "kith" in board["tags"]
    (variable,) = [v for v in board["templating"]["list"] if v["type"] == "datasource"]
    assert (variable["name"], variable["query"]) == ("datasource", "prometheus")
    found = datasources(board)
    assert found and all(d == DATASOURCE for d in found), [d for d in found if d != DATASOURCE]
    ids = [p["id"] for p in panels(board)]
    assert len(ids) == len(set(ids)), f"{path.name}: panel ids repeat"
    for panel in panels(board):
        x, w = panel["gridPos"]["x"], panel["gridPos"]["w"]
        assert 0 <= x and x + w <= 24, f"{path.name}: {panel['title']} is off the grid"
        if panel["type"] != "row":
            assert panel["datasource"] == DATASOURCE and panel["targets"], panel["title"]
            assert all(t["expr"].strip() for t in panel["targets"]), panel["title"]
    assert len({dashboard(p)["uid"] for p in DASHBOARDS}) == len(DASHBOARDS)


def grafana_free(expr: str) -> str:
    """A dashboard query with Grafana's variables replaced, so that promtool can parse it."""
    expr = re.sub(r"\$__(?:rate_interval|interval|range)\b", "5m", expr)
    return re.sub(r"\$\{?\w+\}?", "x", expr)


def test_promtool_parses_every_dashboard_query(tmp_path):
    queries = []
    for path in DASHBOARDS:
        queries += dashboard_queries(dashboard(path))
    assert queries
    recorded_queries = [{"record": f"dashboard_query_{i}", "expr": grafana_free(e)} for i, (_, e) in enumerate(queries)]
    spec = {"groups": [{"name": "dashboards", "rules": recorded_queries}]}
    (tmp_path / "dashboards.rules.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
    result = run_promtool("check", "rules", "dashboards.rules.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------------------------------------
# In the overlays


@pytest.mark.parametrize("render", ["dev", "prod"])
def test_the_overlays_carry_the_dashboards_the_alerts_and_the_pod_monitor(render):
    docs = rendered(render)
    namespace = next(d for d in docs if d["kind"] == "Deployment")["metadata"]["namespace"]
    dashboards = {
        key: value
        for config_map in objects(docs, "ConfigMap").values()
        if (config_map["metadata"].get("labels") or {}).get("grafana_dashboard") == "1"
        for key, value in config_map["data"].items()
    }
    assert dashboards == {p.name: p.read_text() for p in DASHBOARDS}
    for config_map in objects(docs, "ConfigMap").values():
        if "grafana_dashboard" in (config_map["metadata"].get("labels") or {}):
            assert len(config_map["data"]) == 1 and config_map["metadata"]["namespace"] == namespace
            assert not re.search(r"-[a-z0-9]{10}$", config_map["metadata"]["name"]), "no hash suffix"
    (rule,) = objects(docs, "PrometheusRule").values()
    assert rule["spec"] == prometheus_rule()["spec"] and rule["metadata"]["namespace"] == namespace
    (monitor,) = objects(docs, "PodMonitor").values()
    assert monitor["metadata"]["namespace"] == namespace
    assert not objects(rendered("base"), "PrometheusRule"), "the overlays choose to monitor, not the base"


@pytest.mark.parametrize("render", ["dev", "prod"])
def test_the_pod_monitor_scrapes_every_workload_as_its_own_job(render):
    docs = rendered(render)
    (monitor,) = objects(docs, "PodMonitor").values()
    spec = monitor["spec"]
    (endpoint,) = spec["podMetricsEndpoints"]
    jobs = set()
    for name, deployment in objects(docs, "Deployment").items():
        template = deployment["spec"]["template"]
        if name not in WORKLOADS:  # dev's Mailpit and SeaweedFS
            continue
        labels = template["metadata"]["labels"]
        assert selects(spec["selector"], labels), f"{name} is not scraped"
        jobs.add(labels[spec["jobLabel"]])
        (container,) = template["spec"]["containers"]
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        annotations = template["metadata"]["annotations"]
        assert str(ports[endpoint["port"]]) == annotations["prometheus.io/port"], name
        assert endpoint["path"] == annotations["prometheus.io/path"], name
    assert jobs == set(WORKLOADS), "each workload's name is its job"
    # KithTargetDown watches exactly these jobs.
    (watched,) = re.findall(r'up\{job=~"([^"]*)"\}', alerts()["KithTargetDown"]["expr"])
    assert set(watched.split("|")) == jobs


def test_the_monitoring_files_are_all_used():
    kustomization = yaml.safe_load((MONITORING / "kustomization.yaml").read_text())
    used = set(kustomization["resources"]) | {f for g in kustomization["configMapGenerator"] for f in g["files"]}
    present = {p.relative_to(MONITORING).as_posix() for p in MONITORING.rglob("*") if p.is_file()}
    assert present - used == {"kustomization.yaml", ALERT_TESTS.name}
