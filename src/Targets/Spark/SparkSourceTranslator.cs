using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pulse.Compiler.Ir;
using Pulse.Compiler.Types;
using Pulse.Targets.CSharp;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using static Pulse.Targets.CSharp.CSharpSyntax;

namespace Pulse.Targets.Spark;

/// <summary>
/// One method per source a job reads: read it with an explicit schema, quarantine malformed rows,
/// rename input columns to field names, then apply the cleaning steps in spec order. Batch reads
/// count and enforce every expectation; stream reads apply row rules and leave set rules to the batch layer.
/// </summary>
public static class SparkSourceTranslator
{
    public static string MethodName(SourceIr source) => CSharpNames.Identifier("Source_" + source.Name);

    public static string Local(SourceIr source) => CSharpNames.Identifier("source_" + source.Name);

    public static MethodDeclarationSyntax Method(SparkSourcePlan plan) => SparkErrors.At(plan.Source.Origin, () => BuildMethod(plan));

    private static MethodDeclarationSyntax BuildMethod(SparkSourcePlan plan)
    {
        var source = plan.Source;
        var body = new List<StatementSyntax>();
        var streaming = plan.Streaming;
        body.Add(streaming
            ? Var("quality", New("PulseStreamQuality", Name("context"), String(source.Name), String(plan.Slug)))
            : Var("quality", New("PulseQuality", Name("spark"), Name("context"), String(source.Name), String(plan.Slug))));
        if (streaming) body.Add(Statement(Call(Name("qualities"), "Add", Name("quality"))));

        var allStrings = source.Format == SourceFormat.Csv;
        var readFields = source.InputFields.Select(f => (f.ReadFrom, allStrings ? PulseType.String.AsNullable() : f.Type.AsNullable()));
        body.Add(Var("schema", SparkTypes.Struct(readFields)));
        body.Add(WithComments(Var("raw", Read(plan)), $"source {source.Name}: {source.Format.ToString().ToLowerInvariant()} ({SparkJobParser.Where(source.Origin)})"));

        body.Add(Var("rows", streaming ? Name("raw") : Call(Name("quality"), "Begin", Name("raw"))));
        if (HasCorruptColumn(source.Format))
            body.Add(Assign("rows", Call(Name("quality"), "Malformed", Name("rows"),
                Call(SparkExpressions.Col("_corrupt_record"), "IsNotNull"), String("the record does not parse with the source's schema"))));
        if (source.Format == SourceFormat.Csv) body.AddRange(NullTokens(source));

        // Field names from here on: each input column read under its spec name.
        var renamed = source.InputFields.Select(f => (ExpressionSyntax)Call(SparkExpressions.Col(f.ReadFrom), "Alias", String(f.Name))).ToList();
        if (!streaming) renamed.Add(SparkExpressions.Col("__pulse_row_id"));
        body.Add(WithComments(Assign("rows", Call(Name("rows"), "Select", [.. renamed])), "input columns under their field names"));

        foreach (var field in source.InputFields)
        {
            // CSV text becomes typed here; database and search sources are cast to the declared type.
            var castAll = source.Format is SourceFormat.Postgres or SourceFormat.Elasticsearch;
            if ((allStrings && field.Type.Kind != TypeKind.String) || castAll)
                body.Add(Assign("rows", Call(Name("quality"), "Cast", Name("rows"), String(field.Name),
                    SparkExpressions.Cast(SparkExpressions.Col(field.Name), PulseType.String, field.Type, null),
                    String($"{field.Name} is not a valid {field.Type.AsNonNullable()}"))));
        }
        var required = source.InputFields.Where(f => !f.Type.Nullable).ToList();
        if (required.Count > 0)
        {
            var missing = required.Select(f => (ExpressionSyntax)Call(SparkExpressions.Col(f.Name), "IsNull")).Aggregate((a, b) => Call(a, "Or", b));
            body.Add(Assign("rows", Call(Name("quality"), "Malformed", Name("rows"), missing,
                String("a field that is not nullable is missing: " + string.Join(", ", required.Select(f => f.Name))))));
        }

        foreach (var step in source.Steps) body.AddRange(SparkErrors.At(step.Origin, () => Step(step, plan).ToList()));

        var final = source.Schema.Columns.Select(c => (ExpressionSyntax)SparkExpressions.Col(c.Name)).ToArray();
        ExpressionSyntax result = Call(Name("rows"), "Select", final);
        if (streaming)
        {
            if (plan.Late == LatePolicy.Quarantine && source.Options.EventTimeField is { } lateField)
                body.Add(Statement(Call(Name("quality"), "QuarantineLate", Name("rows"), String(lateField), Long(Seconds(plan.WatermarkDelay)))));
            if (source.Options.EventTimeField is { } eventTime)
                result = Call(result, "WithWatermark", String(SparkNames.Column(eventTime)), String(SparkExpressions.Interval(plan.WatermarkDelay ?? TimeSpan.Zero)));
        }
        else result = Call(Name("quality"), "Finish", result);
        body.Add(ReturnStatement(result));

        var parameters = new List<ParameterSyntax>
        {
            Parameter(Identifier("spark")).WithType(ParseTypeName("SparkSession")),
            Parameter(Identifier("context")).WithType(ParseTypeName("PulseContext")),
        };
        if (streaming) parameters.Add(Parameter(Identifier("qualities")).WithType(ParseTypeName("List<PulseStreamQuality>")));
        else parameters.AddRange(SparkJobParser.ReferenceTargets(source).Select(t => Parameter(Identifier(TargetParameter(t))).WithType(ParseTypeName("DataFrame"))));

        return MethodDeclaration(ParseTypeName("DataFrame"), MethodName(source))
            .AddModifiers(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.StaticKeyword))
            .AddParameterListParameters([.. parameters])
            .WithBody(Block(body));
    }

    public static string TargetParameter(string targetRelation) => CSharpNames.Identifier("reference_" + targetRelation);

    private static long Seconds(TimeSpan? span) => (long)(span ?? TimeSpan.Zero).TotalSeconds;

    private static bool HasCorruptColumn(SourceFormat format) =>
        format is SourceFormat.Json or SourceFormat.Ndjson or SourceFormat.Http or SourceFormat.Kafka;

    private static ExpressionSyntax Read(SparkSourcePlan plan)
    {
        var source = plan.Source;
        var options = source.Options;
        var path = Call(Name("context"), "Data", String(options.Path ?? ""));
        ExpressionSyntax Reader(string format) => Call(Call(Call(Name("spark"), "Read"), "Format", String(format)), "Schema", Name("schema"));
        switch (source.Format)
        {
            case SourceFormat.Csv:
            {
                ExpressionSyntax reader = Reader("csv");
                reader = Call(reader, "Option", String("header"), Bool(options.Header));
                // With a header, Spark checks the header names against the schema instead of trusting positions.
                reader = Call(reader, "Option", String("enforceSchema"), Bool(!options.Header));
                reader = Call(reader, "Option", String("sep"), String(options.Delimiter));
                reader = Call(reader, "Option", String("quote"), String(options.Quote));
                reader = Call(reader, "Option", String("nullValue"), String(options.NullTokens.IsDefaultOrEmpty ? "" : options.NullTokens[0]));
                reader = Call(reader, "Option", String("mode"), String("PERMISSIVE"));
                return Call(reader, "Load", path);
            }
            case SourceFormat.Json or SourceFormat.Ndjson:
            {
                var withCorrupt = Call(Call(Call(Name("spark"), "Read"), "Format", String("json")), "Schema",
                    New("StructType", Call(Member(Name("schema"), "Fields"), "Concat", Array("StructField", [New("StructField", String("_corrupt_record"), New("StringType"), Bool(true))]))));
                ExpressionSyntax reader = Call(withCorrupt, "Option", String("multiLine"), Bool(source.Format == SourceFormat.Json));
                reader = Call(reader, "Option", String("mode"), String("PERMISSIVE"));
                reader = Call(reader, "Option", String("columnNameOfCorruptRecord"), String("_corrupt_record"));
                return Call(reader, "Load", path);
            }
            case SourceFormat.Parquet:
                return Call(Reader("parquet"), "Load", path);
            case SourceFormat.Postgres:
                return Call(SparkSettings.Jdbc(plan.Connection), "Read", Name("spark"), OptionalString(options.Table), OptionalString(options.Query));
            case SourceFormat.Elasticsearch:
                return Call("PulseElasticsearch", "Read", Name("spark"), SparkSettings.Elasticsearch(plan.Connection), String(options.Index ?? ""), OptionalString(options.Query));
            case SourceFormat.Http:
            {
                var url = options.Url is { } literalUrl ? String(literalUrl) : SparkSettings.Read(plan.Connection, "url");
                return Call("PulseHttp", "Read", Name("spark"), url, SparkSettings.Read(plan.Connection, "token"), OptionalString(options.RecordPath),
                    String(options.Pagination.ToString().ToLowerInvariant()), OptionalString(options.PageParam), OptionalString(options.CursorParam),
                    OptionalString(options.CursorPath), OptionalInt(options.PageSize), OptionalInt(options.MaxPages),
                    Int((int)(options.Timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds), Int(options.Retries ?? 0), Name("schema"));
            }
            case SourceFormat.Kafka:
            {
                ExpressionSyntax reader = plan.Streaming ? Call(Name("spark"), "ReadStream") : Call(Name("spark"), "Read");
                reader = Call(Call(reader, "Format", String("kafka")), "Options", SparkSettings.Kafka(plan.Connection));
                reader = Call(reader, "Option", String("subscribe"), String(options.Topic ?? ""));
                reader = Call(reader, "Option", String("startingOffsets"), String(plan.Streaming ? "latest" : "earliest"));
                if (!plan.Streaming) reader = Call(reader, "Option", String("endingOffsets"), String("latest"));
                return Call("PulseJson", "Parse", Call(reader, "Load"), Call(SparkExpressions.Col("value"), "Cast", String("string")), Name("schema"));
            }
            default:
                throw new NotSupportedException($"source format {source.Format}");
        }
    }

    private static ExpressionSyntax OptionalString(string? value) => value is null ? Null() : String(value);

    private static ExpressionSyntax OptionalInt(int? value) => value is null ? Null() : Int(value.Value);

    /// <summary>Spark reads one null token; the others become null here.</summary>
    private static IEnumerable<StatementSyntax> NullTokens(SourceIr source)
    {
        var extra = source.Options.NullTokens.IsDefaultOrEmpty ? [] : source.Options.NullTokens.Skip(1).ToList();
        if (extra.Count == 0) yield break;
        foreach (var field in source.InputFields)
        {
            var column = SparkExpressions.Col(field.ReadFrom);
            var matches = extra.Select(t => (ExpressionSyntax)Call(column, "EqualTo", String(t))).Aggregate((a, b) => Call(a, "Or", b));
            yield return Assign("rows", Call(Name("rows"), "WithColumn", String(field.ReadFrom),
                Call(Call("Functions", "When", matches, Call(SparkExpressions.Lit(Null()), "Cast", String("string"))), "Otherwise", column)));
        }
    }

    private static IEnumerable<StatementSyntax> Step(CleanStep step, SparkSourcePlan plan)
    {
        var expressions = SparkExpressions.ForSingleInput();
        var where = SparkJobParser.Where(step.Origin);
        StatementSyntax Commented(StatementSyntax statement, string text) => WithComments(statement, text + " (" + where + ")");
        var rows = Name("rows");
        switch (step)
        {
            case RenameStep rename:
                yield return Commented(Assign("rows", Call(rows, "WithColumnRenamed", String(rename.From), String(rename.To))), $"rename {rename.From} -> {rename.To}");
                break;
            case CastStep cast:
                yield return Commented(Assign("rows", Call(Name("quality"), "Cast", rows, String(cast.Column),
                    SparkExpressions.Cast(SparkExpressions.Col(cast.Column), cast.From, cast.To, cast.Format),
                    String($"{cast.Column} is not a valid {cast.To.AsNonNullable()}" + (cast.Format is null ? "" : $" (format {cast.Format})")))),
                    $"cast {cast.Column}");
                break;
            case TextTransformStep text:
                foreach (var column in text.Columns)
                    yield return Commented(Assign("rows", Call(rows, "WithColumn", String(column),
                        Call("Functions", text.Transform.ToString(), SparkExpressions.Col(column)))), $"{text.Transform.ToString().ToLowerInvariant()} {column}");
                break;
            case FillStep fill:
                foreach (var column in fill.Columns)
                    yield return Commented(Assign("rows", Call(rows, "WithColumn", String(column),
                        Call("Functions", "Coalesce", SparkExpressions.Col(column), expressions.Translate(fill.Value)))), $"fill {column}");
                break;
            case DeriveStep derive:
                yield return Commented(Assign("rows", Call(rows, "WithColumn", String(derive.Column), expressions.Translate(derive.Value))), $"derive {derive.Column}");
                break;
            case DropWhereStep drop when !plan.Streaming:
                yield return Commented(Assign("rows", Call(Name("quality"), "DropWhere", rows, expressions.Translate(drop.Predicate), String("drop where (" + where + ")"))), "drop where");
                break;
            case DropWhereStep drop:
                yield return Commented(Assign("rows", Call(rows, "Filter", Call("Functions", "Not", Call("Functions", "Coalesce", expressions.Translate(drop.Predicate), SparkExpressions.Lit(Bool(false)))))), "drop where");
                break;
            case DedupeStep dedupe when !plan.Streaming:
                yield return Commented(Assign("rows", Call(Name("quality"), "Dedupe", rows, Array("string", dedupe.Keys.Select(k => (ExpressionSyntax)String(k))),
                    dedupe.Keep == DedupeKeep.Latest && dedupe.OrderBy is { } by ? String(by) : Null())), "dedupe by " + string.Join(", ", dedupe.Keys));
                break;
            case DedupeStep dedupe:
                yield return Commented(Assign("rows", Call(rows, "DropDuplicates", [.. dedupe.Keys.Select(k => (ExpressionSyntax)String(k))])),
                    "dedupe by " + string.Join(", ", dedupe.Keys) + " (a stream keeps the first event per key)");
                break;
            case ExpectStep expect:
                foreach (var statement in Expectation(expect, plan, where)) yield return statement;
                break;
            default:
                throw new NotSupportedException($"cleaning step {step.GetType().Name}");
        }
    }

    private static IEnumerable<StatementSyntax> Expectation(ExpectStep step, SparkSourcePlan plan, string where)
    {
        var expectation = step.Expectation;
        var action = String(expectation.Action.ToString().ToLowerInvariant());
        var reason = String($"expectation {expectation.Name} ({where})");
        var comment = $"expect {expectation.Name} else {expectation.Action.ToString().ToLowerInvariant()} ({where})";
        var rows = Name("rows");
        var quality = Name("quality");
        var warn = Optional(expectation.WarnAbove);
        var fail = Optional(expectation.FailAbove);
        var name = String(expectation.Name);
        var violation = expectation.Rule is RowRule rowRule ? SparkExpressions.ForSingleInput().Violation(rowRule.Predicate) : null;

        if (plan.Streaming)
        {
            if (violation is null)
                yield return WithComments(EmptyStatement(), comment, "a set rule needs the whole input: the batch layer checks it");
            else
                yield return WithComments(Assign("rows", Call(quality, "Expect", rows, name, action, violation, reason)), comment);
            yield break;
        }
        ExpressionSyntax call = expectation.Rule switch
        {
            RowRule => Call(quality, "Expect", rows, name, action, violation!, reason, warn, fail),
            UniqueRule unique => Call(quality, "ExpectUnique", rows, name, action, Array("string", unique.Columns.Select(c => (ExpressionSyntax)String(c))), reason, warn, fail),
            ReferenceRule reference => Call(quality, "ExpectReference", rows, name, action, String(reference.Column),
                Name(TargetParameter(reference.TargetRelation)), String(reference.TargetColumn), reason, warn, fail),
            RowCountRule count => Call(quality, "ExpectRowCount", rows, name, action, Long(count.Min), Long(count.Max), reason),
            FreshnessRule fresh => Call(quality, "ExpectFreshness", rows, name, action, String(fresh.Column), Long((long)fresh.MaxAge.TotalSeconds), reason),
            _ => throw new NotSupportedException(expectation.Rule.GetType().Name),
        };
        yield return WithComments(Assign("rows", call), comment);
    }

    private static ExpressionSyntax Optional(double? value) =>
        value is null ? Null() : Double(value.Value);
}
