using System.Collections.Immutable;
using Pulse.Compiler.Common;
using Pulse.Compiler.Properties;
using Pulse.Compiler.Scheduling;

namespace Pulse.Compiler.Binding;

/// <summary>Binds the pipeline declaration, the schedule and the deploy blocks.</summary>
internal static class OperationsBinder
{
    public static BoundPipelineInfo BindPipeline(Binder binder)
    {
        var context = binder.Context;
        var pipelines = binder.Globals.Pipelines;
        for (var i = 1; i < pipelines.Count; i++)
        {
            var (tree, syntax, _) = pipelines[i];
            context.Add(BindingContext.At(tree, syntax.Name).DuplicatePipeline(BindingContext.Where(pipelines[0].Symbol, tree)));
        }
        if (pipelines.Count == 0)
        {
            // No pipeline declaration: the main file's name stands in.
            var main = binder.Globals.Trees.FirstOrDefault();
            var name = main is null ? "pipeline" : Path.GetFileNameWithoutExtension(main.Source.Path);
            return new BoundPipelineInfo(null, name.Length == 0 ? "pipeline" : name, null, null);
        }
        var (firstTree, first, symbol) = pipelines[0];
        var properties = PropertyBinder.Bind(context, firstTree, PropertyCatalog.Pipeline, first.Properties, first.Name);
        return new BoundPipelineInfo(symbol, symbol.Name, properties.String("owner"), properties.String("description"));
    }

    public static BoundSchedule? BindSchedule(Binder binder)
    {
        var context = binder.Context;
        var schedules = binder.Globals.Schedules;
        if (schedules.Count == 0) return null;
        for (var i = 1; i < schedules.Count; i++)
        {
            var (tree, syntax) = schedules[i];
            var (firstTree, firstSyntax) = schedules[0];
            context.Add(BindingContext.At(tree, syntax.Keyword).DuplicateSchedule(BindingContext.Where(firstTree, firstSyntax.Keyword.Span.Start, tree)));
        }
        var (scheduleTree, schedule) = schedules[0];
        var properties = PropertyBinder.Bind(context, scheduleTree, PropertyCatalog.Schedule, schedule.Properties, schedule);
        CronSchedule? cron = null;
        if (properties.String("cron") is { } text)
        {
            if (!CronSchedule.TryParse(text, out cron, out var error))
                context.Add(BindingContext.At(scheduleTree, properties.ValueSyntaxOf("cron")!).InvalidCron(text, error!));
        }
        return new BoundSchedule(schedule, scheduleTree, properties, cron);
    }

    public static ImmutableArray<BoundDeploy> BindDeploys(Binder binder)
    {
        var context = binder.Context;
        var result = ImmutableArray.CreateBuilder<BoundDeploy>();
        var seen = new Dictionary<string, BoundDeploy>(StringComparer.Ordinal);
        foreach (var (tree, syntax) in binder.Globals.Deploys)
        {
            EnvironmentSymbol? environment = null;
            if (!syntax.Name.IsMissing)
            {
                environment = context.Globals.FindEnvironment(syntax.Name.Text);
                if (environment is null)
                    context.Add(BindingContext.At(tree, syntax.Name).UnknownEnvironment(syntax.Name.Text, DidYouMean.Suggest(syntax.Name.Text, context.Globals.EnvironmentNames)));
                else context.Info.RecordSymbol(syntax.Name, environment);
            }
            var properties = PropertyBinder.Bind(context, tree, PropertyCatalog.Deploy, syntax.Properties, syntax.Name);
            if (properties.Block_("databricks") is { } databricks && databricks.Int("min_workers") is { } min && databricks.Int("max_workers") is { } max && min > max)
                context.Add(BindingContext.At(tree, databricks.SyntaxOf("max_workers")!).InvalidWorkerRange(min, max));
            var bound = new BoundDeploy(syntax, tree, environment, properties);
            if (!syntax.Name.IsMissing && seen.TryGetValue(syntax.Name.Text, out var previous))
            {
                context.Add(BindingContext.At(tree, syntax.Name).DuplicateDeploy(syntax.Name.Text, BindingContext.Where(previous.Tree, previous.Syntax.Name.Span.Start, tree)));
                continue;
            }
            if (!syntax.Name.IsMissing) seen[syntax.Name.Text] = bound;
            result.Add(bound);
        }
        return result.ToImmutable();
    }
}
