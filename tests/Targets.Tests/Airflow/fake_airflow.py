"""A stand-in for the few Airflow modules a generated DAG imports, so a test can import the DAG
for real (no Airflow here): operators record their keyword arguments, `>>` records edges. Then the
test calls the DAG's own quality-gate function on metrics files it writes. The DAG's params and each
Spark task's arguments are printed too, the arguments rendered with Jinja (as Airflow renders templated
fields) for every value of the boolean params.

usage: fake_airflow.py DAG_FILE LAKE_DIR SOURCE_KEY  -> prints JSON {"tasks", "edges", "gate", "params", "arguments"}
"""
import importlib.util
import json
import os
import sys
import types

EDGES = []
TASKS = {}
ARGUMENTS = {}
PARAMS = {}


class AirflowFailException(Exception):
    pass


class BaseOperator:
    def __init__(self, task_id, **kwargs):
        self.task_id = task_id
        self.kwargs = kwargs
        TASKS[task_id] = type(self).__name__
        arguments = kwargs.get("application_args") or kwargs.get("spark_submit_task", {}).get("parameters")
        if arguments is not None:
            ARGUMENTS[task_id] = arguments

    def __rshift__(self, other):
        for target in other if isinstance(other, list) else [other]:
            EDGES.append([self.task_id, target.task_id])
        return other


class Param:
    def __init__(self, default, type=None, description=None):
        self.default = default
        self.type = type
        self.description = description


class DAG:
    def __init__(self, dag_id, schedule, start_date, catchup, default_args, params=None, **kwargs):
        self.dag_id = dag_id
        for name, param in (params or {}).items():
            PARAMS[name] = {"default": param.default, "type": param.type, "description": param.description}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def module(name, **members):
    mod = types.ModuleType(name)
    mod.__dict__.update(members)
    sys.modules[name] = mod
    return mod


def install():
    module("airflow", __version__="2.10.0", DAG=DAG)
    module("airflow.exceptions", AirflowFailException=AirflowFailException)
    module("airflow.models")
    module("airflow.models.param", Param=Param)
    module("airflow.operators")
    module("airflow.operators.python", PythonOperator=type("PythonOperator", (BaseOperator,), {}))
    for name in ["airflow.providers", "airflow.providers.common", "airflow.providers.common.sql", "airflow.providers.common.sql.operators",
                 "airflow.providers.apache", "airflow.providers.apache.spark", "airflow.providers.apache.spark.operators",
                 "airflow.providers.databricks", "airflow.providers.databricks.operators"]:
        module(name)
    module("airflow.providers.common.sql.operators.sql", SQLExecuteQueryOperator=type("SQLExecuteQueryOperator", (BaseOperator,), {}))
    module("airflow.providers.apache.spark.operators.spark_submit", SparkSubmitOperator=type("SparkSubmitOperator", (BaseOperator,), {}))
    module("airflow.providers.databricks.operators.databricks", DatabricksSubmitRunOperator=type("DatabricksSubmitRunOperator", (BaseOperator,), {}))


def main(path, lake, source_key):
    install()
    os.environ["PULSE_LAKE_MOUNT"] = lake
    spec = importlib.util.spec_from_file_location("generated_dag", path)
    dag = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dag)
    try:
        dag._check_quality(source_key)
        gate = "passed"
    except AirflowFailException as error:
        gate = "failed: " + str(error)
    print(json.dumps({"tasks": TASKS, "edges": sorted(EDGES), "gate": gate, "params": PARAMS, "arguments": render(ARGUMENTS)}, sort_keys=True))


def render(arguments):
    """Each task's arguments rendered with every boolean param false, then true (strings only: the rest stays as is)."""
    import jinja2
    rendered = {}
    for task_id, values in arguments.items():
        rendered[task_id] = {}
        for flag in (False, True):
            params = {name: flag for name, param in PARAMS.items() if param["type"] == "boolean"}
            rendered[task_id][str(flag).lower()] = [
                jinja2.Template(value).render(params=params) if isinstance(value, str) else value for value in values]
    return rendered


if __name__ == "__main__":
    main(*sys.argv[1:4])
