namespace Pulse.Targets.Tests.Consumers;

public class DumpConsumers
{
    [Fact]
    public void Dump()
    {
        var dir = Environment.GetEnvironmentVariable("PULSE_DUMP_CONSUMERS");
        if (dir is null) return;
        foreach (var (name, env) in ConsumerExamples.All) ConsumerExamples.WriteTo(Path.Combine(dir, name), ConsumerExamples.Emit(name, env));
        ConsumerExamples.WriteTo(Path.Combine(dir, "world-hunger-pg"), ConsumerExamples.Emit("world-hunger", "pg"));
    }
}
