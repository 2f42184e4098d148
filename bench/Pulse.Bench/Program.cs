using Pulse.Bench.Batch;
using Pulse.Bench.Check;
using Pulse.Bench.Infrastructure;
using Pulse.Bench.PgSink;
using Pulse.Bench.Speed;

// pulse-bench <suite> [--flag value ...]: runs one suite, prints its table and ratios, writes bench/results/<suite>.json.

const string Usage = """
    usage: pulse-bench <suite> [flags]
      check   front end on generated specs        --lines 1000,10000,100000  --reps 9  --warmup 3  --spec shared|bench
      batch   batch runner vs DuckDB SQL, pandas   --rows 10000000  --reps 3  --warmup 1  --formats csv,parquet  --skip-pandas true  --profile true
      speed   speed layer vs Kafka/hand consumer   --events 1000000  --reps 3  --warmup 1  --checkpoint-seconds 1  --checkpoint-events 100000  --profile true  (needs PULSE_PG_URL)
      pgsink  PostgreSQL sink vs raw binary COPY   --rows 1000000  --reps 5  --warmup 1     (needs PULSE_PG_URL)
    """;

var suites = new Dictionary<string, Func<BenchArgs, SuiteReport, Task>>(StringComparer.Ordinal)
{
    ["check"] = CheckSuite.RunAsync,
    ["batch"] = BatchSuite.RunAsync,
    ["speed"] = SpeedSuite.RunAsync,
    ["pgsink"] = PgSinkSuite.RunAsync,
};

if (args is [] or ["--help" or "-h" or "help"])
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}
if (!suites.TryGetValue(args[0], out var suite))
{
    Console.Error.WriteLine($"pulse-bench: unknown suite \"{args[0]}\"\n{Usage}");
    return 2;
}

try
{
    var flags = BenchArgs.Parse(args[1..]);
    var machine = MachineInfo.Current();
    Console.WriteLine($"pulse-bench {args[0]} on {machine}");
    var report = new SuiteReport(args[0], machine, flags.All);
    await suite(flags, report);
    report.PrintRatios();
    Console.WriteLine($"\nresults: {Path.GetRelativePath(RepoPaths.Root, report.Save())} (load average now {MachineInfo.LoadAverageNow()})");
    return 0;
}
catch (BenchUsageException e)
{
    Console.Error.WriteLine($"pulse-bench: {e.Message}\n{Usage}");
    return 2;
}
catch (BenchFailedException e)
{
    Console.Error.WriteLine($"pulse-bench {args[0]}: {e.Message}");
    return 1;
}
