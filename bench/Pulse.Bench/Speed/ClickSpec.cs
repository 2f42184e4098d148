namespace Pulse.Bench.Speed;

/// <summary>
/// The speed suite's pipeline: a kafka source of page views (parse, lower, fill, an expectation that
/// quarantines), a one-minute tumbling window per page, upserted into PostgreSQL. Names are per
/// iteration so each run writes fresh tables.
/// </summary>
public static class ClickSpec
{
    public const string Source = "clicks";
    public const string View = "page_minutes";
    public const string Bus = "bus";
    public const string Warehouse = "warehouse";

    public static string Text(string topic, string schema, string table) => $$"""
        pipeline bench_clicks {
          owner = "bench@pulse.example"
        }

        connection {{Bus}}: kafka {
          brokers = env("BENCH_KAFKA_BROKERS")
        }

        connection {{Warehouse}}: postgres {
          url = env("BENCH_PG_URL")
        }

        environment local {}

        /// Page views, keyed by visitor.
        source {{Source}}: kafka {
          connection = {{Bus}}
          topic = "{{topic}}"
          key = visitor_id
          event_time = ts
          watermark = 30s
          lateness = 1m
          schema {
            visitor_id: string
            page: string
            duration_ms: int?
            ts: timestamp
          }
          clean {
            lower page
            fill duration_ms with 0
            expect sane_duration: duration_ms between 0 and 3600000 else quarantine
          }
        }

        /// Views and time on page per page and minute.
        speed view {{View}} {
          from {{Source}}
          window tumbling 1m on ts
          group by page {
            views = count()
            total_ms = sum(duration_ms)
            longest = max(duration_ms)
          }
          late drop
          retain 2h
        }

        sink page_minutes_table: postgres {
          from = {{View}}
          connection = {{Warehouse}}
          table = "{{schema}}.{{table}}"
          key = [page, window_start]
          mode = upsert
        }
        """;
}
