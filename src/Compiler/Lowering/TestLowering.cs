using Pulse.Compiler.Binding;
using Pulse.Compiler.Ir;

namespace Pulse.Compiler.Lowering;

/// <summary>Tests: rows and events were typed while binding; this names and places them.</summary>
internal static class TestLowering
{
    public static TestIr Lower(BoundTest test) =>
        new(test.Symbol.Name, test.Given, test.Expected, BindingContext.OriginOf(test.Symbol.Tree!, test.Symbol.Declaration!));
}
