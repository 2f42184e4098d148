using Pulse.Bench.Infrastructure;
namespace Pulse.Bench.PgSink;
public static class PgSinkSuite { public static Task RunAsync(BenchArgs args, SuiteReport report) => throw new BenchFailedException("not yet"); }
