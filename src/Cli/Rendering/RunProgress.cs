using System.Collections.Concurrent;
using System.Globalization;
using Pulse.Runtime.Execution;
using Spectre.Console;

namespace Pulse.Cli.Rendering;

/// <summary>
/// Live progress of a run. In a terminal: a Spectre progress display with a task per source (rows
/// loaded), per view and per sink. Otherwise (pipes, CI logs): one plain line per finished step, so
/// logs stay readable.
/// </summary>
public sealed class RunProgress(IAnsiConsole console, bool interactive, bool quiet) : IProgress<RunEvent>
{
    private readonly ConcurrentDictionary<string, ProgressTask> tasks = new();
    private ProgressContext? live;

    public async Task<T> RunAsync<T>(Func<IProgress<RunEvent>, Task<T>> work)
    {
        if (!interactive || quiet) return await work(this);
        T result = default!;
        await console.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                live = context;
                result = await work(this);
                foreach (var task in tasks.Values) task.StopTask();
            });
        return result;
    }

    public void Report(RunEvent value)
    {
        if (quiet) return;
        var label = value.Kind switch
        {
            RunEventKind.SourceLoading => $"loading {value.Name}",
            RunEventKind.SourceCleaned => $"cleaned {value.Name}",
            RunEventKind.ViewComputed => $"computed {value.Name}",
            RunEventKind.Published => "published",
            RunEventKind.SinkWritten => $"wrote {value.Name}",
            _ => $"warning: {value.Message}",
        };
        var rows = value.Rows.ToString("N0", CultureInfo.InvariantCulture);
        if (live is null)
        {
            // Warnings are listed once, in the summary; loading ticks would flood a log.
            if (value.Kind is RunEventKind.SourceLoading or RunEventKind.Warning) return;
            console.WriteLine(value.Kind == RunEventKind.Published ? label : $"{label}: {rows} rows");
            return;
        }
        var key = value.Kind is RunEventKind.SourceLoading or RunEventKind.SourceCleaned ? "source:" + value.Name : value.Kind + ":" + value.Name;
        var task = tasks.GetOrAdd(key, _ => live.AddTask(Markup.Escape(label), maxValue: 1));
        task.Description = Markup.Escape($"{label}: {rows} rows");
        if (value.Kind != RunEventKind.SourceLoading) task.Value = task.MaxValue;
    }
}
