using System.Collections.Concurrent;
using System.Collections.Immutable;
using Pulse.Compiler.Binding;
using Pulse.Compiler.Checks;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Lowering;
using Pulse.Language.Diagnostics;
using Pulse.Language.Syntax;
using Pulse.Language.Text;

namespace Pulse.Compiler.Semantics;

/// <summary>
/// A checked pipeline: its spec files (the roots and everything they import), the diagnostics of
/// every stage, the semantic model of each file, and the IR lowered for an environment. Immutable
/// and lazy: nothing is parsed or bound until asked, then everything is cached, so it can be shared
/// between threads. Parsing and binding are separate steps: <see cref="SyntaxTrees"/> only parses
/// (the language server's syntax features need no more), the rest binds and checks.
/// <see cref="WithText"/> (or <see cref="Create"/> with <c>reuseTreesFrom</c>) makes the next
/// version, reusing the parsed trees of the files that did not change (the language server does
/// this on every keystroke).
/// </summary>
public sealed class Compilation
{
    private readonly ImmutableArray<SourceText> roots;
    private readonly ImmutableDictionary<string, SourceText> texts;
    private readonly ISpecFileLoader loader;
    private readonly ParseCache cache;
    private readonly string? optionsError;
    private readonly Lazy<LoadedTrees> trees;
    private readonly SemaphoreSlim analyzing = new(1, 1);
    private CompilationState? analyzed;
    private readonly ConcurrentDictionary<string, PipelineIr> lowered = new(StringComparer.Ordinal);

    private Compilation(ImmutableArray<SourceText> roots, ImmutableDictionary<string, SourceText> texts, ISpecFileLoader loader,
        ProjectOptions options, string? optionsError, ParseCache cache)
    {
        this.roots = roots;
        this.texts = texts;
        this.loader = loader;
        this.cache = cache;
        this.optionsError = optionsError;
        Options = options;
        trees = new Lazy<LoadedTrees>(LoadTrees, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// A compilation of the given spec files. Imports are read through <paramref name="loader"/>
    /// (by default none: pass <see cref="FileSystemSpecLoader.Instance"/> to read from disk). Without
    /// <paramref name="options"/>, a pulse.json next to the first file is read through the loader.
    /// With <paramref name="reuseTreesFrom"/> (an earlier compilation of the same files), a file
    /// whose text did not change keeps its parsed tree instead of being parsed again.
    /// </summary>
    public static Compilation Create(IEnumerable<SourceText> sources, ISpecFileLoader? loader = null, ProjectOptions? options = null, Compilation? reuseTreesFrom = null)
    {
        // A source whose path is already normal is kept as it is (a new one would count its lines again).
        var normalized = sources.Select(s => SpecPaths.Normalize(s.Path) is var path && path == s.Path ? s : new SourceText(path, s.Text)).ToImmutableArray();
        loader ??= InMemorySpecLoader.Empty;
        string? error = null;
        if (options is null)
        {
            options = ProjectOptions.Default;
            if (normalized.Length > 0)
            {
                var folder = SpecPaths.Directory(normalized[0].Path);
                var json = loader.TryRead(folder.Length == 0 ? ProjectOptions.FileName : folder + "/" + ProjectOptions.FileName);
                if (json is not null) options = ProjectOptions.Parse(json, out error);
            }
        }
        var texts = normalized.ToImmutableDictionary(s => s.Path, s => s, StringComparer.Ordinal);
        return new Compilation(normalized, texts, loader, options, error, reuseTreesFrom?.cache ?? new ParseCache());
    }

    /// <summary>A compilation of one spec file on disk, its imports and its pulse.json.</summary>
    public static Compilation FromFile(string path) =>
        Create([new SourceText(path, File.ReadAllText(path))], FileSystemSpecLoader.Instance);

    public ProjectOptions Options { get; }

    /// <summary>The files given to the compilation, in order; the first is the main spec.</summary>
    public ImmutableArray<SourceText> Roots => roots;

    /// <summary>Every file of the pipeline: the roots, then imported files in the order they were found.</summary>
    /// <remarks>Parses (what is not parsed yet) but does not bind.</remarks>
    public ImmutableArray<SyntaxTree> SyntaxTrees => trees.Value.Trees;

    public SyntaxTree? GetSyntaxTree(string path) => SyntaxTrees.FirstOrDefault(t => t.Source.Path == SpecPaths.Normalize(path));

    /// <summary>The environments a pipeline can be lowered for: the declared ones, and <c>local</c> always.</summary>
    public ImmutableArray<string> Environments =>
        State().Bound.Globals.Environments.Select(e => e.Name).Append("local").Distinct().ToImmutableArray();

    /// <summary>The declared sources, views, sinks, connections, environments and tests, in spec order.</summary>
    public ImmutableArray<Symbol> GetDeclaredSymbols()
    {
        var globals = State().Bound.Globals;
        return [.. globals.Sources, .. globals.Views, .. globals.Sinks, .. globals.Connections, .. globals.Environments, .. globals.Tests];
    }

    /// <summary>The serving contracts the checker proved or refuted, one per serving view (for reports and tests).</summary>
    public ImmutableArray<ServingContract> GetServingContracts() => ServingContractChecker.Contracts(State().Bound).ToImmutableArray();

    /// <summary>
    /// Every diagnostic (syntax, binding, types, semantics, target limits, warnings, files), sorted by
    /// file and position, with the project's severity overrides applied and the
    /// <c>// pulse-disable-next-line</c> suppressions honoured.
    /// </summary>
    public ImmutableArray<Diagnostic> GetDiagnostics() => State().Diagnostics;

    /// <summary>
    /// <see cref="GetDiagnostics()"/> that a caller can give up on: when <paramref name="cancellation"/>
    /// fires before the check is done, this throws <see cref="OperationCanceledException"/> and nothing is
    /// cached, so the next caller checks again. The language server cancels the check of an edit that a
    /// newer edit has replaced.
    /// </summary>
    public ImmutableArray<Diagnostic> GetDiagnostics(CancellationToken cancellation) => State(cancellation).Diagnostics;

    /// <summary>True once the compilation is bound and checked (asking for diagnostics or a semantic model then costs nothing).</summary>
    public bool IsChecked => Volatile.Read(ref analyzed) is not null;

    public bool HasErrors => GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);

    public SemanticModel GetSemanticModel(SyntaxTree tree)
    {
        if (!SyntaxTrees.Contains(tree)) throw new ArgumentException($"{tree.Source.Path} is not part of this compilation.", nameof(tree));
        return new SemanticModel(this, tree, State().Info);
    }

    internal SemanticInfo Info => State().Info;
    internal BoundPipeline Bound => State().Bound;

    /// <summary>
    /// The IR of the pipeline for one environment (connections resolved for it). Callers check
    /// <see cref="GetDiagnostics"/> first: with errors, or for an environment the pipeline does not
    /// declare (other than <c>local</c>), this throws.
    /// </summary>
    public PipelineIr Lower(string environment)
    {
        var errors = GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
            throw new InvalidOperationException($"Cannot lower a pipeline with {errors.Count} error(s); check GetDiagnostics() first. The first: {errors[0]}");
        if (!Environments.Contains(environment))
            throw new ArgumentException($"The pipeline has no environment `{environment}` (it has: {string.Join(", ", Environments)}).", nameof(environment));
        return lowered.GetOrAdd(environment, env => PipelineLowerer.Lower(State().Bound, env, SpecPaths.Directory(roots.IsEmpty ? "" : roots[0].Path)));
    }

    /// <summary>
    /// The same compilation with one file's text replaced (or added as a root when it is new). Trees of
    /// unchanged files are reused; everything else is recomputed lazily.
    /// </summary>
    public Compilation WithText(string path, string newText)
    {
        var normalized = SpecPaths.Normalize(path);
        var source = new SourceText(normalized, newText);
        var newRoots = roots.Any(r => r.Path == normalized)
            ? roots.Select(r => r.Path == normalized ? source : r).ToImmutableArray()
            : SyntaxTrees.Any(t => t.Source.Path == normalized) ? roots : roots.Add(source);
        return new Compilation(newRoots, texts.SetItem(normalized, source), loader, Options, optionsError, cache);
    }

    /// <summary>
    /// The bound and checked state, computed once. Not a <see cref="Lazy{T}"/>: a cancelled check must
    /// not be cached (a Lazy would keep the exception), and a caller waiting for another thread's check
    /// must be able to stop waiting.
    /// </summary>
    private CompilationState State(CancellationToken cancellation = default)
    {
        if (Volatile.Read(ref analyzed) is { } done) return done;
        analyzing.Wait(cancellation);
        try
        {
            if (analyzed is { } raced) return raced;
            var state = Analyze(cancellation);
            Volatile.Write(ref analyzed, state);
            return state;
        }
        finally
        {
            analyzing.Release();
        }
    }

    private CompilationState Analyze(CancellationToken cancellation)
    {
        var (trees, importDiagnostics) = this.trees.Value;
        cancellation.ThrowIfCancellationRequested();
        var sink = new BindingContextSink();
        var globals = GlobalSymbols.Collect(trees, sink);
        var context = new BindingContext(globals, trees.Sum(t => t.LexedTokens.Length)) { Cancellation = cancellation };
        foreach (var (node, symbol) in sink.Declarations) context.Info.RecordDeclaration(node, symbol);
        var bound = Binder.Bind(context);
        cancellation.ThrowIfCancellationRequested();
        ServingContractChecker.Check(context, bound);
        IncrementalChecker.Check(context, bound);
        UsageChecker.Check(context, bound);

        var all = new List<Diagnostic>();
        foreach (var tree in trees) all.AddRange(tree.Diagnostics);
        all.AddRange(importDiagnostics);
        all.AddRange(sink.Diagnostics);
        all.AddRange(context.Diagnostics);
        if (optionsError is not null && trees.Length > 0)
            all.Add(DiagnosticBuilder.For(trees[0].Source, new TextSpan(0, 0)).InvalidProjectOptions(optionsError));

        var treeBySource = new Dictionary<SourceText, SyntaxTree>(ReferenceEqualityComparer.Instance);
        foreach (var tree in trees) treeBySource[tree.Source] = tree;
        var final = new List<Diagnostic>();
        var seen = new HashSet<(string, string, int, int, string)>();
        foreach (var diagnostic in all)
        {
            if (diagnostic.Severity != DiagnosticSeverity.Error && treeBySource.TryGetValue(diagnostic.Source, out var owner) && owner.IsSuppressed(diagnostic)) continue;
            if (Options.Apply(diagnostic) is not { } applied) continue;
            if (!seen.Add((applied.Code, applied.Source.Path, applied.Span.Start, applied.Span.Length, applied.Message))) continue;
            final.Add(applied);
        }
        var sorted = final
            .OrderBy(d => d.Source.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Span.Start)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToImmutableArray();
        return new CompilationState(bound, context.Info, sorted);
    }

    /// <summary>Parses the roots, then follows imports breadth-first; each file is loaded once, so import cycles are harmless.</summary>
    private LoadedTrees LoadTrees()
    {
        var trees = new List<SyntaxTree>();
        var diagnostics = new List<Diagnostic>();
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<SourceText>();
        foreach (var root in roots)
        {
            if (loaded.Add(root.Path)) queue.Enqueue(texts.GetValueOrDefault(root.Path) ?? root);
        }
        while (queue.Count > 0)
        {
            var tree = cache.Get(queue.Dequeue());
            trees.Add(tree);
            foreach (var import in tree.Root.Imports)
            {
                if (import.Path.IsMissing) continue;
                var path = SpecPaths.Resolve(tree.Source.Path, import.PathText);
                if (!loaded.Add(path)) continue;
                if (texts.TryGetValue(path, out var known))
                {
                    queue.Enqueue(known);
                    continue;
                }
                var text = loader.TryRead(path);
                if (text is null)
                {
                    diagnostics.Add(DiagnosticBuilder.For(tree.Source, import.Path.Span).ImportNotFound(import.PathText));
                    continue;
                }
                queue.Enqueue(new SourceText(path, text));
            }
        }
        return new LoadedTrees([.. trees], diagnostics);
    }

    private sealed record LoadedTrees(ImmutableArray<SyntaxTree> Trees, List<Diagnostic> ImportDiagnostics);

    private sealed record CompilationState(BoundPipeline Bound, SemanticInfo Info, ImmutableArray<Diagnostic> Diagnostics);
}
