using System.Diagnostics;

namespace Pulse.Lsp.Bench;

/// <summary>What the numbers were measured on: the machine is shared, so the load average says how inflated they are.</summary>
internal static class Machine
{
    public static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Trim(); }
        catch (IOException) { return "unknown"; }
    }

    /// <summary>The output of <c>uptime</c> (load averages over 1, 5 and 15 minutes), or the raw load average without it.</summary>
    public static string Uptime()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("uptime") { RedirectStandardOutput = true, UseShellExecute = false });
            if (process is null) return LoadAverage();
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return output;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return "load average: " + LoadAverage();
        }
    }

    public static TimeSpan ProcessCpu() => Process.GetCurrentProcess().TotalProcessorTime;

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CloudPulse.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
