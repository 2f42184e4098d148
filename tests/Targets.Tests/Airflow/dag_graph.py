"""Reads a generated Airflow DAG file without importing Airflow.

Compiles it (as python3 -m py_compile does), then walks its syntax tree: every
`name = Operator(task_id=...)` inside `with DAG(...)` is a task, every `a >> b`
(chains and lists included) is an edge. Prints JSON: dag_id, schedule, tasks
(task id -> operator class), edges (pairs of task ids), the description, the
owner and the QUALITY_RULES constant (read with ast.literal_eval).
"""
import ast
import json
import py_compile
import sys


def constant(node):
    return node.value if isinstance(node, ast.Constant) else None


def names(node):
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [n for element in node.elts for n in names(element)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.RShift):
        return names(node.right)
    raise ValueError("unexpected dependency operand: " + ast.dump(node))


def edges(node, found):
    """a >> b >> c is ((a >> b) >> c): the right end of each side is linked."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.RShift):
        edges(node.left, found)
        for left in names(node.left):
            for right in names(node.right):
                found.append((left, right))


def main(path):
    py_compile.compile(path, doraise=True)
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    dag = next(
        node for node in ast.walk(tree)
        if isinstance(node, ast.With)
        and isinstance(node.items[0].context_expr, ast.Call)
        and getattr(node.items[0].context_expr.func, "id", None) == "DAG"
    )
    rules = next(
        (ast.literal_eval(node.value) for node in tree.body
         if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "QUALITY_RULES"),
        {},
    )
    call = dag.items[0].context_expr
    default_args = next(
        node.value for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "default_args"
    )
    keywords = {k.arg: k.value for k in call.keywords}
    variables = {}
    tasks = {}
    found = []
    for statement in dag.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
            task_id = next((constant(k.value) for k in statement.value.keywords if k.arg == "task_id"), None)
            if task_id is None:
                raise ValueError("operator without a constant task_id at line %d" % statement.lineno)
            variables[statement.targets[0].id] = task_id
            tasks[task_id] = statement.value.func.id
        elif isinstance(statement, ast.Expr):
            edges(statement.value, found)
    print(json.dumps({
        "dag_id": constant(keywords["dag_id"]),
        "schedule": constant(keywords["schedule"]),
        "catchup": constant(keywords["catchup"]),
        "tasks": tasks,
        "edges": sorted([variables[a], variables[b]] for a, b in found),
        "description": constant(keywords["description"]) if "description" in keywords else None,
        "owner": next((constant(v) for k, v in zip(default_args.keys, default_args.values) if constant(k) == "owner"), None),
        "quality_rules": rules,
    }, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
