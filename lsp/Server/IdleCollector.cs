namespace Pulse.Lsp;

/// <summary>
/// Lets the garbage collection that is coming anyway happen between keystrokes rather than during
/// one. Every edit allocates a few megabytes (a new tree for the edited part, a new check), so every
/// dozen edits or so a collection pauses the process for tens of milliseconds on a 2-core machine,
/// and the request it lands on misses its latency target. After diagnostics are published, when the
/// next <see cref="QuietTime"/> brings no request or notification and nothing is in flight, this asks
/// for a gen0 collection in <see cref="GCCollectionMode.Optimized"/> mode: the runtime collects only when most of
/// its gen0 budget is used (so no extra collections while idle), and the next keystroke then starts
/// with a fresh budget. When the user keeps typing there is no quiet moment and nothing happens.
/// </summary>
public sealed class IdleCollector(Action collect, TimeSpan quietTime)
{
    private long activity; // counts requests and notifications
    private int inFlight;
    private int scheduled;

    public IdleCollector() : this(() => GC.Collect(0, GCCollectionMode.Optimized, blocking: true), TimeSpan.FromMilliseconds(25))
    {
    }

    public TimeSpan QuietTime { get; } = quietTime;

    /// <summary>A request or notification arrived: not quiet.</summary>
    public void Touch() => Interlocked.Increment(ref activity);

    /// <summary>Marks work that must not be paused (a request being answered) until the returned scope ends.</summary>
    public BusyScope Busy()
    {
        Touch();
        Interlocked.Increment(ref inFlight);
        return new BusyScope(this);
    }

    /// <summary>Called after a publication: collects after <see cref="QuietTime"/> unless something arrives meanwhile.</summary>
    public void AfterPublish()
    {
        if (Interlocked.Exchange(ref scheduled, 1) == 1) return; // one wait at a time
        var before = Interlocked.Read(ref activity);
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(QuietTime).ConfigureAwait(false);
                if (Interlocked.Read(ref activity) == before && IsIdle) collect();
            }
            finally
            {
                Volatile.Write(ref scheduled, 0);
            }
        });
    }

    /// <summary>True when no request is being answered and no check is running.</summary>
    public bool IsIdle => Volatile.Read(ref inFlight) == 0;

    /// <summary>One request in flight; ends once (disposing twice is harmless).</summary>
    public sealed class BusyScope(IdleCollector owner) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner.inFlight);
                owner.Touch();
            }
        }

        /// <summary>Ends the scope when the task ends, however it ends (even cancelled before it ran).</summary>
        public void DisposeWhenDone(Task task) =>
            task.ContinueWith(static (_, scope) => ((BusyScope)scope!).Dispose(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
