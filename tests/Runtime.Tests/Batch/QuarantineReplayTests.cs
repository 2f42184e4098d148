using Pulse.Compiler.Ir;
using Pulse.Runtime.Execution;
using Pulse.Runtime.Tests.Fixtures;
using static Pulse.Runtime.Tests.Fixtures.E;

namespace Pulse.Runtime.Tests.Batch;

public sealed class QuarantineReplayTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private PipelineIr Pipeline(bool relaxed)
    {
        var amount = Col("amount", Int);
        var payments = SourceBuilder.Csv("payments", "payments.csv").Field("id", Int).Field("amount", Int)
            .ExpectRow("positive_amount", relaxed ? Ge(amount, Int32(0)) : Gt(amount, Int32(0)), ViolationAction.Quarantine)
            .Expect("unique_id", new UniqueRule(["id"]), ViolationAction.Quarantine).Build();
        return new PipelineBuilder("p", temp.Path).Source(payments).Build();
    }

    [Fact]
    public async Task Rows_that_pass_the_current_rules_move_from_quarantine_to_the_clean_table()
    {
        temp.Write("payments.csv", "id,amount\n1,5\n2,0\n3,-1\n4,abc\n1,0\n");
        var first = await Runs.Succeed(Pipeline(relaxed: false), temp);
        Assert.Equal(4, first.Source("payments")!.Quarantined);

        var replay = await QuarantineReplay.ReplayAsync(Pipeline(relaxed: true), "payments", new RunOptions { StateDirectory = temp.State, Now = Runs.Now });

        Assert.Null(replay.Error);
        Assert.Equal((4L, 1L, 0L, 3L), (replay.Replayed, replay.Recovered, replay.Dropped, replay.StillQuarantined));
        Assert.Equal(["1|5", "2|0"], StateQuery.Rows(temp.State, "SELECT * FROM sources.payments ORDER BY id"));
        Assert.Equal([
            "4|positive_amount|expectation positive_amount failed: amount >= 0 (amount = -1)",
            "5|_malformed|column amount: 'abc' is not a valid int",
            "6|unique_id|replayed row duplicates a published row on (id)"],
            StateQuery.Rows(temp.State, "SELECT position, rule, reason FROM quarantine.payments ORDER BY position"));
        Assert.Equal("{\"id\":\"1\",\"amount\":\"0\"}", StateQuery.Scalar(temp.State, "SELECT \"row\" FROM quarantine.payments WHERE position = 6"));

        // Nothing left that passes: a second replay changes nothing.
        var again = await QuarantineReplay.ReplayAsync(Pipeline(relaxed: true), "payments", new RunOptions { StateDirectory = temp.State });
        Assert.Equal((3L, 0L), (again.Replayed, again.Recovered));
        Assert.Equal(2, StateQuery.Count(temp.State, "sources.payments"));
    }

    [Fact]
    public async Task Replaying_a_source_that_was_never_published_is_a_clear_error()
    {
        var replay = await QuarantineReplay.ReplayAsync(Pipeline(relaxed: true), "payments", new RunOptions { StateDirectory = temp.State });
        Assert.Equal(RuntimeCodes.EmbeddedTableMissing, replay.Error!.Code);
        Assert.Contains("has not been published yet", replay.Error.Message);
        Assert.Contains("no source nope", (await QuarantineReplay.ReplayAsync(Pipeline(true), "nope", new RunOptions { StateDirectory = temp.State })).Error!.Message);
    }
}
