namespace Pulse.Compiler.Lowering;

/// <summary>
/// Orders items so that each comes after the items it depends on, otherwise keeping spec order: the
/// items are taken in spec order and each is preceded by whatever it needs that is not placed yet
/// (depth first, dependencies in spec order). The IR, and every artifact generated from it, is
/// therefore deterministic. A cycle (already reported by the checker) is cut where it closes.
/// </summary>
internal static class DependencyOrder
{
    public static List<T> Sort<T>(IReadOnlyList<T> items, Func<T, IEnumerable<T>> dependencies) where T : class
    {
        var index = new Dictionary<T, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < items.Count; i++) index[items[i]] = i;
        var state = new byte[items.Count]; // 0 unvisited, 1 in progress, 2 placed
        var result = new List<T>(items.Count);
        // Iterative depth-first search: a chain of thousands of views must not overflow the stack.
        var stack = new Stack<(int Item, IEnumerator<int> Needs)>();
        for (var start = 0; start < items.Count; start++)
        {
            if (state[start] != 0) continue;
            state[start] = 1;
            stack.Push((start, Needs(start)));
            while (stack.Count > 0)
            {
                var (item, needs) = stack.Peek();
                if (needs.MoveNext())
                {
                    var need = needs.Current;
                    if (state[need] != 0) continue;
                    state[need] = 1;
                    stack.Push((need, Needs(need)));
                    continue;
                }
                stack.Pop();
                state[item] = 2;
                result.Add(items[item]);
            }
        }
        return result;

        IEnumerator<int> Needs(int i) => dependencies(items[i]).Where(index.ContainsKey).Select(d => index[d]).Distinct().Order().ToList().GetEnumerator();
    }
}
