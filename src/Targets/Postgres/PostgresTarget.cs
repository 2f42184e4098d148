using Pulse.Compiler.Ir;
using Pulse.Targets.Common;
using Pulse.Targets.Postgres.Planning;

namespace Pulse.Targets.Postgres;

/// <summary>
/// <c>postgres/schema.sql</c> (the full DDL) and <c>postgres/pulse.state.json</c> (the schema this
/// compile produced, which the next <c>pulse plan</c> diffs against). Nothing when the pipeline has
/// no PostgreSQL sink.
/// </summary>
public sealed class PostgresTarget : ITarget
{
    public string Name => "postgres";

    public IReadOnlyList<GeneratedFile> Emit(PipelineIr ir, TargetOptions options)
    {
        var model = PostgresModelParser.Parse(ir);
        if (model.IsEmpty) return [];
        return
        [
            new GeneratedFile("postgres/schema.sql", PostgresDdlEmitter.Emit(model)),
            new GeneratedFile("postgres/" + SchemaState.FileName, SchemaStateJson.Write(SchemaState.From(model))),
        ];
    }
}
