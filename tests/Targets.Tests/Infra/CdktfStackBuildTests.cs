using Pulse.Targets.Common;
using System.Text.Json;
using Pulse.Compiler.Ir;
using Pulse.Targets.Infra;
using Pulse.Targets.Infra.Validation;
using Pulse.Targets.Tests.Fixtures;

namespace Pulse.Targets.Tests.Infra;

/// <summary>
/// The real consumer of the generated CDKTF program: dotnet builds it against the jsii-generated
/// bindings, then runs it (jsii drives node) to synthesize cdk.tf.json, which must pass the same
/// structural checks as main.tf.json and declare exactly the same variables, providers, data
/// sources, resources and outputs. Environment and secret values are set to sentinels while it runs
/// and must appear nowhere in the output.
/// </summary>
[Collection(nameof(CdktfStackBuildTests))]   // one at a time: each build loads hundreds of MB of bindings
public class CdktfStackBuildTests
{
    [CdktfFact("azurerm")]
    public void World_hunger_azure_stack_builds_and_synthesizes_the_same_configuration() =>
        BuildSynthesizeAndCompare(InfraTestSupport.Example("world-hunger"), "world-hunger");

    [CdktfFact("google")]
    public void Product_search_gcp_stack_builds_and_synthesizes_the_same_configuration() =>
        BuildSynthesizeAndCompare(InfraTestSupport.Example("product-search"), "product-search");

    /// <summary>tests/Targets.Tests/Infra/Specs/hostile-infra.pulse through the front end: one Azure and one GCP deploy block.</summary>
    [CdktfFact("azurerm", "google")]
    public void Hostile_names_compile_and_synthesize_on_both_clouds() =>
        BuildSynthesizeAndCompare(InfraTestSupport.HostileSpec(), "hostile");

    private static void BuildSynthesizeAndCompare(PipelineIr pipeline, string label)
    {
        CdktfBindings.EnsureGenerated();
        var files = new InfraTarget().Emit(pipeline, TargetOptions.Default);
        var root = InfraTestSupport.WriteToTemp(files, label);
        try
        {
            foreach (var project in files.Where(f => f.RelativePath.EndsWith(".csproj", StringComparison.Ordinal)))
            {
                var folder = Path.GetDirectoryName(project.RelativePath)!;
                var expectedJson = files.Single(f => f.RelativePath == Path.Combine(Path.GetDirectoryName(folder)!, "terraform", "main.tf.json")).Content;
                BuildSynthesizeAndCompare(Path.Combine(root, folder), Path.Combine(root, folder, "cdktf.out"), expectedJson, label);
            }
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    private static void BuildSynthesizeAndCompare(string projectDir, string outDir, string expectedJson, string label)
    {
        {
            var environment = new Dictionary<string, string>(SecretLeakTests.SentinelEnvironment)
            {
                ["PULSE_CDKTF_FEED"] = CdktfBindings.Feed,
                ["CDKTF_OUTDIR"] = outDir,
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "16,18,20",   // the value lists node majors
            };
            var build = InfraTestSupport.Run("dotnet", "build -nologo -v q -clp:ErrorsOnly", projectDir, TimeSpan.FromMinutes(10), environment);
            Assert.True(build.ExitCode == 0, $"dotnet build of the generated {label} stack failed:\n{build.Output}");

            var run = InfraTestSupport.Run("dotnet", "run --no-build", projectDir, TimeSpan.FromMinutes(10), environment);
            Assert.True(run.ExitCode == 0, $"running the generated {label} stack (synth) failed:\n{run.Output}");
            var synthesized = Directory.GetFiles(outDir, "cdk.tf.json", SearchOption.AllDirectories);
            var synth = File.ReadAllText(Assert.Single(synthesized));

            var problems = TerraformConfigCheck.Check(synth);
            Assert.True(problems.Count == 0, $"cdk.tf.json of {label}:\n" + string.Join("\n", problems));
            Assert.Equal(Declarations(expectedJson), Declarations(synth));
            Assert.Equal(SensitiveVariables(expectedJson), SensitiveVariables(synth));
            foreach (var value in SecretLeakTests.SentinelEnvironment.Values)
                Assert.DoesNotContain(value, synth);
            // Literal text with ${ stays escaped through the CDKTF runtime too.
            if (label.StartsWith("hostile", StringComparison.Ordinal))
                Assert.Contains("$${x}", synth);
        }
    }

    /// <summary>Every declared address, sorted: variables, providers, data sources, resources, outputs.</summary>
    private static List<string> Declarations(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var result = new List<string>();
        void Add(string section, int depth, string prefix)
        {
            if (!doc.RootElement.TryGetProperty(section, out var element)) return;
            foreach (var first in element.EnumerateObject().Where(m => m.Name != "//"))
                if (depth == 1) result.Add($"{prefix}{first.Name}");
                else foreach (var second in first.Value.EnumerateObject().Where(m => m.Name != "//")) result.Add($"{prefix}{first.Name}.{second.Name}");
        }
        Add("variable", 1, "var.");
        Add("provider", 1, "provider.");
        Add("output", 1, "output.");
        Add("data", 2, "data.");
        Add("resource", 2, "");
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    private static List<string> SensitiveVariables(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("variable").EnumerateObject()
            .Where(v => v.Value.TryGetProperty("sensitive", out var s) && s.ValueKind == JsonValueKind.True)
            .Select(v => v.Name).Order(StringComparer.Ordinal).ToList();
    }
}

[CollectionDefinition(nameof(CdktfStackBuildTests), DisableParallelization = true)]
public sealed class CdktfStackBuildCollection;
