using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Pulse.Bench.Batch;

/// <summary>
/// The same cleaning, quarantine, join and aggregate in pandas (Debian's python3-pandas), run with
/// <c>python3 -c</c>. The script times itself from reading the CSV to the finished aggregate, so the
/// interpreter's start and <c>import pandas</c> are not charged; it reports wall and CPU seconds and
/// the same outcome as the other contenders. Parquet is skipped: pandas needs pyarrow for it, which
/// Debian 12 does not package.
/// </summary>
public static class PandasCleaner
{
    private const string Script = """
        import json, sys, time
        import pandas as pd
        sales_path, stores_path = sys.argv[1], sys.argv[2]
        wall, cpu = time.perf_counter(), time.process_time()
        s = pd.read_csv(sales_path, dtype={'sale_id': 'int64', 'store_id': 'int32', 'customer': str, 'sold_on': str, 'amount': 'float64', 'channel': str},
                        keep_default_na=False, na_values=[''])
        s['customer'] = s['customer'].str.strip()
        s['channel'] = s['channel'].str.strip().str.lower()
        day = pd.to_datetime(s['sold_on'], format='%d/%m/%Y', errors='coerce')
        malformed = day.isna() & s['sold_on'].notna()
        s['sold_on'] = day
        s['quantity'] = s['quantity'].fillna(1).astype('int64')
        s['channel'] = s['channel'].fillna('unknown')
        negative = ~malformed & ~(s['amount'] > 0)
        quarantine = pd.concat([s[malformed].assign(rule='_malformed'), s[negative].assign(rule='positive_amount')])
        kept = s[~malformed & ~negative]
        stores = pd.read_csv(stores_path, dtype={'store_id': 'int32', 'region': str, 'city': str})
        joined = kept.merge(stores, on='store_id', how='inner')
        view = joined.groupby(['region', 'sold_on', 'channel'], sort=False).agg(
            revenue=('amount', 'sum'), units=('quantity', 'sum'), sales=('sale_id', 'size'), largest=('amount', 'max')).reset_index()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(json.dumps({'wall': wall, 'cpu': cpu, 'kept': int(len(kept)), 'quarantined': int(len(quarantine)),
                          'view_rows': int(len(view)), 'revenue': round(float(view['revenue'].sum()), 2)}))
        """;

    /// <summary>Debian's interpreter first: the one python3-pandas installs into (a pyenv python3 on PATH would not see it).</summary>
    private static readonly string[] Interpreters = ["/usr/bin/python3", "python3"];

    /// <summary>The interpreter that can import pandas, or null with the reason.</summary>
    public static string? FindInterpreter(out string? reason)
    {
        foreach (var python in Interpreters)
        {
            var (code, output) = Run(python, ["-c", "import pandas; print(pandas.__version__)"], TimeSpan.FromSeconds(60));
            if (code == 0)
            {
                reason = $"pandas {output.Trim()} ({python})";
                return python;
            }
        }
        reason = "pandas is not importable by /usr/bin/python3 or python3; install it with `apt-get install -y python3-pandas`";
        return null;
    }

    public static (BatchOutcome Outcome, double Wall, double Cpu) Run(string python, SalesDataset data)
    {
        var (code, output) = Run(python, ["-c", Script, data.SalesCsv, data.StoresCsv], TimeSpan.FromMinutes(30));
        if (code != 0) throw new InvalidOperationException($"the pandas script failed (exit {code}): {output.Trim()}");
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var root = json.RootElement;
        var outcome = new BatchOutcome(root.GetProperty("kept").GetInt64(), root.GetProperty("quarantined").GetInt64(),
            root.GetProperty("view_rows").GetInt64(), root.GetProperty("revenue").GetDecimal());
        return (outcome, root.GetProperty("wall").GetDouble(), root.GetProperty("cpu").GetDouble());
    }

    private static (int Code, string Output) Run(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"timed out after {timeout.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} min");
            }
            return (process.ExitCode, process.ExitCode == 0 ? stdout.Result : stderr.Result + stdout.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
