using System.Reflection;

namespace Pulse.Compiler.Tests;

public class SmokeTests
{
    [Fact]
    public void Compiler_assembly_loads()
    {
        var assembly = Assembly.Load("Pulse.Compiler");
        Assert.Equal("Pulse.Compiler", assembly.GetName().Name);
    }
}
