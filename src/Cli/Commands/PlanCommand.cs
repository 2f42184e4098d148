using Pulse.Cli.Output;
using Pulse.Targets.Postgres.Planning;

namespace Pulse.Cli.Commands;

/// <summary>
/// <c>pulse plan</c>: compares the PostgreSQL schema the spec wants with the previous compiled state
/// (a pulse.state.json) or the live catalog, prints what changes, and writes a numbered migration.
/// Destructive changes are refused unless --allow-destructive.
/// </summary>
public sealed class PlanCommand : ICommand
{
    public string Name => "plan";
    public string Summary => "plan PostgreSQL schema changes and write a numbered migration";
    public string Help => """
        usage: pulse plan [spec] [--env NAME] [--state FILE] [--connection-env VAR] [--out DIR] [--allow-destructive] [--explain]

        Compares the schema the spec wants (for the environment, default prod) with the previous state:
        FILE (default: DIR/pulse.state.json), or the live database whose connection string is in the
        environment variable VAR. Prints each change as safe or destructive (--explain says why), and
        writes DIR/migrations/NNNN_<what>.sql (default DIR: build/postgres) and the new state file.
        Exit code: 0 planned (or nothing to do), 1 destructive changes refused or spec errors, 2 usage.
        """;

    public int Run(IReadOnlyList<string> args, CliContext context)
    {
        var line = CommandLine.Parse(args, ["env", "state", "connection-env", "out"], ["allow-destructive", "explain"]);
        var ir = PipelineLoader.Lower(PipelineLoader.SingleSpec(line.Positionals, context), line.Option("env") ?? "prod", context, out var exit);
        if (ir is null) return exit;
        var outDir = context.Resolve(line.Option("out") ?? Path.Combine("build", "postgres"));
        var statePath = line.Option("state") is { } s ? context.Resolve(s) : Path.Combine(outDir, SchemaState.FileName);

        SchemaState? previous = null;
        if (line.Option("connection-env") is { } variable)
        {
            var connection = context.Environment(variable) ?? throw new UsageException($"the environment variable {variable} is not set");
            var schemas = ir.Sinks.Where(x => x.Table is not null).Select(x => x.Table!.Schema).Distinct().ToList();
            previous = PostgresCatalogReader.ReadAsync(connection, ir.Name, schemas).GetAwaiter().GetResult();
        }
        else if (File.Exists(statePath))
        {
            if (!SchemaStateJson.TryRead(File.ReadAllText(statePath), out previous, out var error))
                throw new IoException($"cannot read the state '{SpecFiles.Display(statePath, context)}': {error}");
        }

        var plan = PostgresPlanner.Plan(ir, previous, new PlanOptions(line.Switch("allow-destructive")));
        if (!plan.HasChanges)
        {
            context.Out.WriteLine("The database schema is up to date.");
            return ExitCodes.Ok;
        }
        context.Out.Write(line.Switch("explain") || plan.Refused ? plan.Explanation : string.Concat(plan.Changes.Select(c => c + "\n")));
        if (plan.Refused) return ExitCodes.Failed;

        var migration = Path.Combine(outDir, plan.Migration!.RelativePath.Replace("postgres/", "", StringComparison.Ordinal));
        Directory.CreateDirectory(Path.GetDirectoryName(migration)!);
        File.WriteAllText(migration, plan.Migration.Content);
        Directory.CreateDirectory(Path.GetDirectoryName(statePath)!);
        File.WriteAllText(statePath, SchemaStateJson.Write(plan.NewState));
        context.Out.WriteLine($"wrote {SpecFiles.Display(migration, context)} and {SpecFiles.Display(statePath, context)}");
        return ExitCodes.Ok;
    }
}
