namespace Pulse.Lsp.Tests;

/// <summary>The idle-time collection runs only in a quiet moment: not while a request is answered, not when something arrived meanwhile.</summary>
public class IdleCollectorTests
{
    [Fact]
    public async Task After_a_publication_and_a_quiet_moment_it_collects_once()
    {
        var collected = new SemaphoreSlim(0);
        var idle = new IdleCollector(() => collected.Release(), TimeSpan.FromMilliseconds(100));

        idle.AfterPublish();
        idle.AfterPublish(); // already waiting: not a second collection

        Assert.True(await collected.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(await collected.WaitAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Activity_during_the_quiet_time_skips_the_collection()
    {
        var collections = 0;
        var idle = new IdleCollector(() => Interlocked.Increment(ref collections), TimeSpan.FromSeconds(2));

        idle.AfterPublish();
        idle.Touch(); // the next keystroke

        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(0, collections);
    }

    [Fact]
    public async Task A_request_in_flight_is_never_paused_for_it()
    {
        var collections = 0;
        var idle = new IdleCollector(() => Interlocked.Increment(ref collections), TimeSpan.FromMilliseconds(100));
        var busy = idle.Busy();

        idle.AfterPublish();
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(0, collections);
        Assert.False(idle.IsIdle);

        busy.Dispose();
        busy.Dispose(); // twice is harmless
        Assert.True(idle.IsIdle);
    }
}
