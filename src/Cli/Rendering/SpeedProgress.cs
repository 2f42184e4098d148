using Pulse.Runtime.Execution;
using Pulse.Runtime.Streaming;

namespace Pulse.Cli.Rendering;

/// <summary>Speed-layer events shown on the same progress display as the batch run's.</summary>
public sealed class SpeedProgress(IProgress<RunEvent> inner) : IProgress<SpeedEvent>
{
    public void Report(SpeedEvent value)
    {
        switch (value.Kind)
        {
            case SpeedEventKind.Replayed:
                inner.Report(new RunEvent(RunEventKind.SourceCleaned, $"{value.Source} (replayed into the local stream)", value.Events));
                break;
            case SpeedEventKind.Checkpoint:
                inner.Report(new RunEvent(RunEventKind.SourceLoading, $"{value.Source} (stream)", value.Events));
                break;
            case SpeedEventKind.Finished:
                inner.Report(new RunEvent(RunEventKind.SourceCleaned, $"{value.Source} (stream)", value.Events));
                break;
        }
    }
}
