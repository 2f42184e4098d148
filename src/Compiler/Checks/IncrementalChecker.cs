using Pulse.Compiler.Binding;
using Pulse.Language.Syntax;

namespace Pulse.Compiler.Checks;

/// <summary>
/// PULSE3040: a batch view's <c>incremental on</c> column must be carried unchanged from an input, so that a
/// re-run that reads only the inputs from the high-water mark on gives what a full recompute gives
/// (docs/language.md, "Incremental batch views"; the rule is <see cref="IncrementalLineage"/>, which the local
/// runtime also follows). Reported at the column of the <c>incremental on</c> step.
/// </summary>
internal static class IncrementalChecker
{
    public static void Check(BindingContext context, BoundPipeline pipeline)
    {
        foreach (var view in pipeline.Views)
        {
            if (view.IncrementalColumn is not { } column || view.Symbol.Tree is not { } tree) continue;
            if (IncrementalLineage.Trace(view.Root, column).Refusal is not { } refusal) continue;
            var step = view.Symbol.Syntax.Steps.OfType<IncrementalStepSyntax>().FirstOrDefault();
            if (step is null) continue;
            context.Add(BindingContext.At(tree, step.Column).IncrementalColumnNotCarried(view.Symbol.Name, column, refusal));
        }
    }
}
