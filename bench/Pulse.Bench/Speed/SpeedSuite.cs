using Pulse.Bench.Infrastructure;
namespace Pulse.Bench.Speed;
public static class SpeedSuite { public static Task RunAsync(BenchArgs args, SuiteReport report) => throw new BenchFailedException("not yet"); }
