using Pulse.Compiler.Ir;
using Pulse.Targets.Common;
using Pulse.Targets.CSharp;

namespace Pulse.Targets.Consumers;

/// <summary>
/// One .NET Kafka consumer service per speed view that reads a kafka source (<c>consumers/&lt;view&gt;/</c>), which
/// also runs every speed view over that view (in process, in its checkpoints, as <c>pulse run</c> does): a project with Program.cs
/// (generated with Roslyn from the IR), the runtime's engine sources under Engine/, the service host under
/// Service/, appsettings.json (references to env/secret settings, never their values), a Dockerfile and a README.
/// A pure function of the IR: the same IR gives byte-identical files.
/// </summary>
public sealed class ConsumersTarget : ITarget
{
    public string Name => "consumers";

    public IReadOnlyList<GeneratedFile> Emit(PipelineIr ir, TargetOptions options)
    {
        var files = new List<GeneratedFile>();
        foreach (var view in ir.Views.Where(v => v.Layer == ViewLayer.Speed && SpeedViewChains.IsRoot(ir, v)))
        {
            var plan = ConsumerPlan.For(ir, view);
            string program;
            List<string> notEnforced;
            try
            {
                (program, notEnforced) = ProgramWriter.Write(plan);
            }
            catch (TargetUnsupportedException e)
            {
                throw ConsumerErrors.UnsupportedView(view.Origin, view.Name, e.Message);
            }
            var folder = $"consumers/{FolderName(view.Name)}/";
            var assembly = "Pulse.Consumer." + CSharpNames.TypeName(view.Name).TrimStart('@');
            files.Add(new GeneratedFile(folder + assembly + ".csproj", ProjectFiles.Project(assembly)));
            files.Add(new GeneratedFile(folder + "Program.cs", program));
            files.Add(new GeneratedFile(folder + "appsettings.json", ProjectFiles.AppSettings(plan)));
            files.Add(new GeneratedFile(folder + "Dockerfile", ProjectFiles.Dockerfile(assembly)));
            files.Add(new GeneratedFile(folder + "README.md", ProjectFiles.Readme(plan, assembly, notEnforced)));
            foreach (var (path, text) in EngineFiles.All) files.Add(new GeneratedFile(folder + path, text));
        }
        return files;
    }

    /// <summary>
    /// The project folder of a view: its name when that is a plain file name ([A-Za-z0-9_-]), else the name with
    /// every other character as '_' and a hash of the name (unique, and never a path such as <c>../x</c>: a quoted
    /// view name can hold any character).
    /// </summary>
    public static string FolderName(string view)
    {
        var plain = new string([.. view.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_')]);
        if (plain == view && view.Length > 0) return view;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(view)))[..8];
        return plain + "-" + hash;
    }
}
