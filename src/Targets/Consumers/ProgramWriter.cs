using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Compiler.Ir;
using Pulse.Targets.CSharp;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using static Pulse.Targets.Consumers.SyntaxParts;
using S = Pulse.Targets.CSharp.CSharpSyntax;

namespace Pulse.Targets.Consumers;

/// <summary>
/// Program.cs of one consumer: the typed event, the source pipeline (parse with the runtime's EventParser,
/// the generated cleaning, the cleaned row), the view plan, and Main, which hands them to the service host.
/// One SyntaxFactory tree, normalized once.
/// </summary>
internal static class ProgramWriter
{
    public static (string Text, List<string> Unchecked) Write(ConsumerPlan plan)
    {
        var constants = new ConstantPool();
        var cleaning = new CleaningWriter(plan.Source, constants);
        var views = ViewClasses(plan, constants);
        var source = plan.Source;
        var pipelineType = CSharpNames.TypeName(source.Name) + "Pipeline";
        var eventType = cleaning.EventType;
        var streaming = plan.Streaming;
        // Keys are remembered as long as the longest-lived view of the service needs them (as pulse run's SourceProcessor does).
        var longest = plan.Stages.Select(s => s.View.Streaming?.Retain ?? TimeSpan.Zero).Max();
        var retain = plan.Streaming.Lateness > longest ? plan.Streaming.Lateness : longest;
        var eventTime = source.Options.EventTimeField ?? streaming.EventTimeField;

        var parser = S.New("EventParser", S.New("SourceIr", S.String(source.Name), S.Dotted("SourceFormat.Kafka"), S.New("SourceOptions"),
            S.Call("ImmutableArray", "Create", S.Array("InputField", source.InputFields.Select(f => (ExpressionSyntax)S.New("InputField",
                S.String(f.Name), S.String(f.ReadFrom), ClrTypeNames.TypeValue(f.Type), S.Null(), S.Dotted("Origin.None"))))),
            S.Dotted("ImmutableArray<CleanStep>.Empty"), S.Dotted("RelSchema.Empty"), S.Null(), S.Dotted("Origin.None")));

        var initializers = source.InputFields.Select((f, i) => (ExpressionSyntax)AssignmentExpression(SyntaxKind.SimpleAssignmentExpression,
            S.Name(cleaning.InputSlots[i]),
            ExpressionWriter.Cast(ClrTypeNames.Of(f.Type.AsNullable()), ElementAccessExpression(S.Name("values")).AddArgumentListArguments(Argument(S.Int(i))))));
        var created = ObjectCreationExpression(ParseTypeName(eventType)).WithArgumentList(ArgumentList())
            .WithInitializer(InitializerExpression(SyntaxKind.ObjectInitializerExpression, SeparatedList(initializers)));
        var valuesArray = ArrayCreationExpression(ArrayType(ParseTypeName("object"))
            .AddRankSpecifiers(ArrayRankSpecifier(SingletonSeparatedList<ExpressionSyntax>(S.Int(source.InputFields.Length)))));
        var parse = OverrideMethod("string", "Parse", "ReadOnlySpan<byte> json, out " + eventType + " parsed",
        [
            S.Var("values", valuesArray),
            S.Var("problem", S.Call("Parser", "Parse", S.Name("json"), S.Name("values"))),
            AssignTo(S.Name("parsed"), ConditionalExpression(BinaryExpression(SyntaxKind.EqualsExpression, S.Name("problem"), S.Null()), created, S.Null())),
            Return(S.Name("problem")),
        ]);

        var pipeline = Commented(ClassDeclaration(pipelineType).WithModifiers(Modifiers(SyntaxKind.PublicKeyword, SyntaxKind.SealedKeyword))
            .AddBaseListTypes(SimpleBaseType(ParseTypeName($"SourcePipeline<{eventType}>")))
            .AddMembers(Field("EventParser", "Parser", parser, isStatic: true))
            .AddMembers([.. cleaning.Fields()])
            .AddMembers(
                Field("ViewPlan[]", "views", S.Array("ViewPlan", views.Select(v => (ExpressionSyntax)S.New(v.Identifier.ValueText)))),
                OverrideProperty("string", "Source", S.String(source.Name)),
                OverrideProperty("long", "WatermarkDelayMicros", S.Long(streaming.Watermark.Ticks / TimeSpan.TicksPerMicrosecond)),
                OverrideProperty("long", "LatenessMicros", S.Long(streaming.Lateness.Ticks / TimeSpan.TicksPerMicrosecond)),
                OverrideProperty("long", "RetentionMicros", S.Long((retain + streaming.Watermark).Ticks / TimeSpan.TicksPerMicrosecond)),
                OverrideProperty("IReadOnlyList<ViewPlan>", "Views", S.Name("views")),
                OverrideProperty("IReadOnlyList<RuleCounter>", "Rules", cleaning.RulesList()),
                OverrideProperty("IReadOnlyList<KeyMemory>", "Memories", cleaning.MemoriesList()),
                parse,
                OverrideMethod("System.DateTime?", "InputTime", eventType + " e", [Return(cleaning.InputTimestamp(eventTime) ?? S.Null())]),
                cleaning.CleanMethod(),
                OverrideMethod("object[]", "Row", eventType + " e", [Return(cleaning.RowOf())]),
                OverrideMethod("System.DateTime?", "EventTime", eventType + " e", [Return(cleaning.CleanedTimestamp(eventTime) ?? S.Null())])),
            $"kafka source {source.Name} ({source.Origin.File}:{source.Origin.Line}): parse, clean, feed the view" +
            (plan.Downstream.IsEmpty ? "." : $" and the speed views over it ({string.Join(", ", plan.Downstream.Select(d => d.View.Name))}), each after the view it reads."));

        var program = ClassDeclaration("Program").WithModifiers(Modifiers(SyntaxKind.InternalKeyword, SyntaxKind.StaticKeyword))
            .AddMembers(MethodDeclaration(ParseTypeName("Task<int>"), "Main")
                .WithModifiers(Modifiers(SyntaxKind.PublicKeyword, SyntaxKind.StaticKeyword))
                .WithParameterList(ParseParameterList("(string[] args)"))
                .WithExpressionBody(ArrowExpressionClause(S.Call("ConsumerHost", "RunAsync", S.New(pipelineType), S.Name("args"))))
                .WithSemicolonToken(Token(SyntaxKind.SemicolonToken)));

        string[] usings =
        [
            "System", "System.Collections.Generic", "System.Collections.Immutable", "System.Threading.Tasks",
            "Pulse.Compiler.Ir", "Pulse.Compiler.Types", "Pulse.Runtime.Expressions", "Pulse.Runtime.Expressions.Cleaning",
            "Pulse.Runtime.Streaming.Events",
        ];
        var unit = CompilationUnit()
            .AddUsings([.. usings.Select(u => UsingDirective(ParseName(u)))])
            .AddMembers(FileScopedNamespaceDeclaration(ParseName("Pulse.Consumer"))
                .AddMembers([program, cleaning.EventClass(), pipeline, .. views, constants.Declaration()]));
        var text = CSharpFile.Render(unit,
            CommentText($"Kafka consumer service for speed view {plan.View.Name} of pipeline {plan.Pipeline.Name} (environment {plan.Pipeline.Environment})."),
            "Generated by `pulse compile` (target consumers) from the pipeline's IR; do not edit: change the spec and compile again.");
        return (text, cleaning.Unchecked);
    }

    /// <summary>One ViewPlan class per view of the service, root first, each after the view it reads; class names made unique.</summary>
    private static List<ClassDeclarationSyntax> ViewClasses(ConsumerPlan plan, ConstantPool constants)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var classes = new List<ClassDeclarationSyntax>();
        foreach (var stage in plan.Stages)
        {
            var name = ViewWriter.ClassNameOf(stage.View.Name);
            for (var n = 2; !used.Add(name); n++) name = ViewWriter.ClassNameOf(stage.View.Name) + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                classes.Add(new ViewWriter(stage, name, constants).Write());
            }
            catch (TargetUnsupportedException e)
            {
                throw ConsumerErrors.UnsupportedView(stage.View.Origin, stage.View.Name, e.Message);
            }
        }
        return classes;
    }
}
