using System.Globalization;
using System.Text;

namespace Pulse.Lsp.Bench;

/// <summary>A synthetic spec of a given size: repeated blocks of sources with schemas and cleaning, views that join and group them, and sinks.</summary>
public static class SpecGenerator
{
    public static string Generate(int targetLines)
    {
        var text = new StringBuilder();
        text.Append("pipeline bench {\n  owner = \"bench@pulse.example\"\n}\n\nconnection warehouse: postgres {\n  url = env(\"PG_URL\")\n}\n\nenvironment local {}\n");
        for (var i = 0; CountLines(text) < targetLines; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            text.Append($$"""

                /// Orders of shop {{n}}.
                source orders_{{n}}: csv {
                  path = "data/orders_{{n}}.csv"
                  schema {
                    order_id: long
                    customer_id: string
                    amount: decimal(12, 2)
                    currency: string
                    ordered_at: timestamp
                    note: string?
                  }
                  clean {
                    trim customer_id, currency
                    upper currency
                    fill note with ""
                    expect positive_{{n}}: amount > 0 else quarantine
                    expect euro_{{n}}: currency == "EUR" else quarantine mostly 99%
                  }
                }

                source customers_{{n}}: ndjson {
                  path = "data/customers_{{n}}.ndjson"
                  schema {
                    customer_id: string
                    name: string
                    segment: string?
                  }
                }

                /// Revenue per customer and day for shop {{n}}.
                batch view revenue_{{n}} {
                  from orders_{{n}} as o
                  left join customers_{{n}} as c using (customer_id)
                  derive day = date_trunc("day", o.ordered_at)
                  where o.amount > 0
                  group by customer_id, segment = c.segment ?? "unknown", day {
                    total = sum(o.amount)
                    orders = count()
                    largest = max(o.amount)
                  }
                  order by day, total desc
                }

                sink revenue_{{n}}_table: postgres {
                  from = revenue_{{n}}
                  connection = warehouse
                  table = "bench.revenue_{{n}}"
                  key = [customer_id, day]
                  mode = upsert
                }

                """);
        }
        return text.ToString();
    }

    private static int CountLines(StringBuilder text)
    {
        var lines = 0;
        for (var i = 0; i < text.Length; i++) if (text[i] == '\n') lines++;
        return lines;
    }
}
