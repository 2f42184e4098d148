using DuckDB.NET.Data;

namespace Pulse.Runtime.Tests;

public class SmokeTests
{
    [Fact]
    public void DuckDb_native_library_loads_and_answers_a_query()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 40 + 2";
        Assert.Equal(42, Convert.ToInt32(command.ExecuteScalar()));
    }
}
