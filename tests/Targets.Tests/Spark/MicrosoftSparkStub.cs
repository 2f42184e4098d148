namespace Pulse.Targets.Tests.Spark;

/// <summary>
/// A compile-only copy of the part of the Microsoft.Spark 2.3.x API the generated jobs may use,
/// with the exact signatures of dotnet/spark (src/csharp/Microsoft.Spark/Sql/...; see
/// <see cref="SparkApiSurface"/> for the file of each member). Bodies are <c>throw null</c>: the tests
/// compile generated jobs against it, so a member name or overload that Spark does not have fails
/// to compile. Only what is listed in <see cref="SparkApiSurface"/> may appear here.
/// </summary>
public static class MicrosoftSparkStub
{
    public const string Source = """
        namespace Newtonsoft.Json.Linq
        {
            public class JObject { }
        }

        namespace Microsoft.Spark
        {
            using System;

            public class JvmException : Exception
            {
                public JvmException(string message) : base(message) { }
            }
        }

        namespace Microsoft.Spark.Sql
        {
            using System;
            using System.Collections.Generic;
            using Microsoft.Spark.Sql.Expressions;
            using Microsoft.Spark.Sql.Streaming;
            using Microsoft.Spark.Sql.Types;

            public sealed class SparkSession : IDisposable
            {
                internal SparkSession() { }
                public static Builder Builder() => throw null;
                public DataFrameReader Read() => throw null;
                public DataStreamReader ReadStream() => throw null;
                public DataFrame Sql(string sqlText) => throw null;
                public DataFrame CreateDataFrame(IEnumerable<string> data) => throw null;
                public DataFrame CreateDataFrame(IEnumerable<int> data) => throw null;
                public DataFrame CreateDataFrame(IEnumerable<double> data) => throw null;
                public DataFrame CreateDataFrame(IEnumerable<bool> data) => throw null;
                public void Stop() => throw null;
                public void Dispose() => throw null;
            }

            public sealed class Builder
            {
                internal Builder() { }
                public Builder AppName(string appName) => throw null;
                public Builder Config(string key, string value) => throw null;
                public Builder Config(string key, bool value) => throw null;
                public Builder Config(string key, double value) => throw null;
                public Builder Config(string key, long value) => throw null;
                public SparkSession GetOrCreate() => throw null;
            }

            public sealed class DataFrame
            {
                internal DataFrame() { }
                public Column this[string columnName] => throw null;
                public IReadOnlyList<string> Columns() => throw null;
                public DataFrame WithWatermark(string eventTime, string delayThreshold) => throw null;
                public DataFrame Join(DataFrame right, Column joinExpr, string joinType = "inner") => throw null;
                public DataFrame Join(DataFrame right, IEnumerable<string> usingColumns, string joinType = "inner") => throw null;
                public DataFrame CrossJoin(DataFrame right) => throw null;
                public DataFrame OrderBy(params Column[] columns) => throw null;
                public DataFrame OrderBy(string column, params string[] columns) => throw null;
                public DataFrame Select(params Column[] columns) => throw null;
                public DataFrame Select(string column, params string[] columns) => throw null;
                public DataFrame Filter(Column condition) => throw null;
                public DataFrame Filter(string conditionExpr) => throw null;
                public RelationalGroupedDataset GroupBy(params Column[] columns) => throw null;
                public RelationalGroupedDataset GroupBy(string column, params string[] columns) => throw null;
                public DataFrame Agg(Column expr, params Column[] exprs) => throw null;
                public DataFrame Limit(int n) => throw null;
                public DataFrame Union(DataFrame other) => throw null;
                public DataFrame UnionByName(DataFrame other) => throw null;
                public DataFrame WithColumn(string colName, Column col) => throw null;
                public DataFrame WithColumnRenamed(string existingName, string newName) => throw null;
                public DataFrame Drop(params string[] colNames) => throw null;
                public DataFrame Drop(Column col) => throw null;
                public DataFrame DropDuplicates() => throw null;
                public DataFrame DropDuplicates(string col, params string[] cols) => throw null;
                public long Count() => throw null;
                public IEnumerable<Row> Collect() => throw null;
                public DataFrame Coalesce(int numPartitions) => throw null;
                public DataFrame Distinct() => throw null;
                public DataFrame Cache() => throw null;
                public DataFrameWriter Write() => throw null;
                public DataStreamWriter WriteStream() => throw null;
            }

            public sealed class Row
            {
                internal Row() { }
                public T GetAs<T>(int index) => throw null;
            }

            public sealed class Column
            {
                internal Column() { }
                public Column EqualTo(object rhs) => throw null;
                public Column NotEqual(object rhs) => throw null;
                public Column Gt(object rhs) => throw null;
                public Column Lt(object rhs) => throw null;
                public Column Leq(object rhs) => throw null;
                public Column Geq(object rhs) => throw null;
                public Column When(Column condition, object value) => throw null;
                public Column Otherwise(object value) => throw null;
                public Column Between(object lowerBound, object upperBound) => throw null;
                public Column IsNull() => throw null;
                public Column IsNotNull() => throw null;
                public Column Or(Column other) => throw null;
                public Column And(Column other) => throw null;
                public Column Plus(object rhs) => throw null;
                public Column Minus(object rhs) => throw null;
                public Column Multiply(object rhs) => throw null;
                public Column Divide(object rhs) => throw null;
                public Column Mod(object rhs) => throw null;
                public Column RLike(string literal) => throw null;
                public Column GetField(string fieldName) => throw null;
                public Column SubStr(Column startPos, Column len) => throw null;
                public Column SubStr(int startPos, int len) => throw null;
                public Column Alias(string alias) => throw null;
                public Column Cast(string to) => throw null;
                public Column Desc() => throw null;
                public Column DescNullsLast() => throw null;
                public Column Asc() => throw null;
                public Column Over(WindowSpec window) => throw null;
            }

            public static class Functions
            {
                public static Column Col(string columnName) => throw null;
                public static Column Lit(object literal) => throw null;
                public static Column Avg(Column column) => throw null;
                public static Column Count(Column column) => throw null;
                public static Column CountDistinct(Column column, params Column[] columns) => throw null;
                public static Column First(Column column, bool ignoreNulls = false) => throw null;
                public static Column Last(Column column, bool ignoreNulls = false) => throw null;
                public static Column Max(Column column) => throw null;
                public static Column Min(Column column) => throw null;
                public static Column Sum(Column column) => throw null;
                public static Column RowNumber() => throw null;
                public static Column Abs(Column column) => throw null;
                public static Column Coalesce(params Column[] columns) => throw null;
                public static Column MonotonicallyIncreasingId() => throw null;
                public static Column Negate(Column column) => throw null;
                public static Column Not(Column column) => throw null;
                public static Column Struct(params Column[] columns) => throw null;
                public static Column When(Column condition, object value) => throw null;
                public static Column Expr(string expr) => throw null;
                public static Column Ceil(Column column) => throw null;
                public static Column Floor(Column column) => throw null;
                public static Column Round(Column column, int scale) => throw null;
                public static Column AssertTrue(Column column, Column errMsg) => throw null;
                public static Column ConcatWs(string sep, params Column[] columns) => throw null;
                public static Column Length(Column column) => throw null;
                public static Column Lower(Column column) => throw null;
                public static Column RegexpReplace(Column column, string pattern, string replacement) => throw null;
                public static Column Trim(Column column) => throw null;
                public static Column Upper(Column column) => throw null;
                public static Column CurrentTimestamp() => throw null;
                public static Column Year(Column column) => throw null;
                public static Column Month(Column column) => throw null;
                public static Column DayOfMonth(Column column) => throw null;
                public static Column ToTimestamp(Column column, string format) => throw null;
                public static Column ToDate(Column column, string format) => throw null;
                public static Column DateTrunc(string format, Column column) => throw null;
                public static Column Window(Column column, string windowDuration, string slideDuration) => throw null;
                public static Column Window(Column column, string windowDuration) => throw null;
                public static Column Session_Window(Column timeColumn, string gapDuration) => throw null;
                public static Column FromJson(Column column, string schema, Dictionary<string, string> options = null) => throw null;
                public static Column ToJson(Column column, Dictionary<string, string> options = null) => throw null;
            }

            public sealed class RelationalGroupedDataset
            {
                internal RelationalGroupedDataset() { }
                public DataFrame Agg(Column expr, params Column[] exprs) => throw null;
            }

            public sealed class DataFrameReader
            {
                internal DataFrameReader() { }
                public DataFrameReader Format(string source) => throw null;
                public DataFrameReader Schema(StructType schema) => throw null;
                public DataFrameReader Option(string key, string value) => throw null;
                public DataFrameReader Option(string key, bool value) => throw null;
                public DataFrameReader Option(string key, long value) => throw null;
                public DataFrameReader Option(string key, double value) => throw null;
                public DataFrameReader Options(Dictionary<string, string> options) => throw null;
                public DataFrame Load() => throw null;
                public DataFrame Load(string path) => throw null;
            }

            public sealed class DataFrameWriter
            {
                internal DataFrameWriter() { }
                public DataFrameWriter Mode(string saveMode) => throw null;
                public DataFrameWriter Format(string source) => throw null;
                public DataFrameWriter Option(string key, string value) => throw null;
                public DataFrameWriter Option(string key, bool value) => throw null;
                public DataFrameWriter Option(string key, long value) => throw null;
                public DataFrameWriter Option(string key, double value) => throw null;
                public DataFrameWriter Options(Dictionary<string, string> options) => throw null;
                public DataFrameWriter PartitionBy(params string[] colNames) => throw null;
                public void Save(string path) => throw null;
                public void Save() => throw null;
                public void Text(string path) => throw null;
            }
        }

        namespace Microsoft.Spark.Sql.Expressions
        {
            public static class Window
            {
                public static WindowSpec PartitionBy(params Microsoft.Spark.Sql.Column[] columns) => throw null;
                public static WindowSpec PartitionBy(string colName, params string[] colNames) => throw null;
            }

            public sealed class WindowSpec
            {
                internal WindowSpec() { }
                public WindowSpec OrderBy(params Microsoft.Spark.Sql.Column[] columns) => throw null;
                public WindowSpec OrderBy(string colName, params string[] colNames) => throw null;
            }
        }

        namespace Microsoft.Spark.Sql.Streaming
        {
            using System;
            using System.Collections.Generic;
            using Microsoft.Spark.Sql;

            public sealed class DataStreamReader
            {
                internal DataStreamReader() { }
                public DataStreamReader Format(string source) => throw null;
                public DataStreamReader Option(string key, string value) => throw null;
                public DataStreamReader Option(string key, bool value) => throw null;
                public DataStreamReader Option(string key, long value) => throw null;
                public DataStreamReader Option(string key, double value) => throw null;
                public DataStreamReader Options(Dictionary<string, string> options) => throw null;
                public DataFrame Load() => throw null;
                public DataFrame Load(string path) => throw null;
            }

            public sealed class DataStreamWriter
            {
                internal DataStreamWriter() { }
                public DataStreamWriter OutputMode(string outputMode) => throw null;
                public DataStreamWriter Format(string source) => throw null;
                public DataStreamWriter Option(string key, string value) => throw null;
                public DataStreamWriter Option(string key, bool value) => throw null;
                public DataStreamWriter Option(string key, long value) => throw null;
                public DataStreamWriter Option(string key, double value) => throw null;
                public DataStreamWriter QueryName(string queryName) => throw null;
                public StreamingQuery Start(string path = null) => throw null;
                public DataStreamWriter ForeachBatch(Action<DataFrame, long> func) => throw null;
            }

            public sealed class StreamingQuery
            {
                internal StreamingQuery() { }
                public void AwaitTermination() => throw null;
                public bool AwaitTermination(long timeoutMs) => throw null;
            }
        }

        namespace Microsoft.Spark.Sql.Types
        {
            using System.Collections.Generic;

            public abstract class DataType
            {
                public string Json => throw null;
            }

            public sealed class StringType : DataType { }
            public sealed class BooleanType : DataType { }
            public sealed class DateType : DataType { }
            public sealed class TimestampType : DataType { }
            public sealed class DoubleType : DataType { }
            public sealed class IntegerType : DataType { }
            public sealed class LongType : DataType { }

            public sealed class DecimalType : DataType
            {
                public DecimalType(int precision = 10, int scale = 0) { }
            }

            public sealed class ArrayType : DataType
            {
                public ArrayType(DataType elementType, bool containsNull = true) { }
            }

            public sealed class StructField
            {
                public StructField(string name, DataType dataType, bool isNullable = true, Newtonsoft.Json.Linq.JObject metadata = null) { }
                public string Name => throw null;
            }

            public sealed class StructType : DataType
            {
                public StructType(IEnumerable<StructField> fields) { }
                public List<StructField> Fields => throw null;
            }
        }
        """;
}
