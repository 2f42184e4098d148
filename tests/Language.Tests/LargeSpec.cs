using System.Globalization;
using System.Text;

namespace Pulse.Language.Tests;

/// <summary>
/// Generates a valid spec of about the requested number of lines by repeating a realistic unit
/// (a documented source with schema and cleaning, a batch view with a join and aggregates, a sink)
/// under fresh names. Used to check that size does not change correctness, and to time the parser.
/// </summary>
public static class LargeSpec
{
    public static string Generate(int lines)
    {
        var builder = new StringBuilder();
        builder.Append("pipeline generated {\n  owner = \"generator@pulse.example\"\n}\n\n");
        builder.Append("connection warehouse: postgres {\n  url = env(\"PG_URL\")\n}\n\n");
        for (var i = 0; CountLines(builder) < lines; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            builder.Append(CultureInfo.InvariantCulture, $$"""
                /// Orders of region {{n}}.
                source orders_{{n}}: csv {
                  path = "data/orders_{{n}}.csv"
                  delimiter = ";"
                  nulls = ["", "n/a"]
                  schema {
                    order_id: long from "Order ID"
                    customer_id: string
                    ordered_on: string
                    amount: decimal(12, 2)
                    `unit price`: double?
                    tags: list<string>?
                  }
                  clean {
                    trim customer_id
                    cast ordered_on as date format "dd/MM/yyyy"
                    fill `unit price` with 0
                    derive total = amount * 2 - (amount % 3) ?? 0
                    dedupe by order_id keep first
                    expect positive_{{n}}: amount > 0 and amount between 1 and 1_000_000 else quarantine mostly 99.5%
                    expect known_{{n}}: customer_id is not null or customer_id in ("a", "b", "c") else warn
                  }
                }

                batch view revenue_{{n}} {
                  from orders_{{n}} as o
                  left join orders_{{n}} as p on o.order_id == p.order_id and p.amount >= 10
                  derive month = date_trunc("month", cast(o.ordered_on as timestamp)), big = case when o.amount > 100 then "big" else "small" end
                  group by customer_id = o.customer_id, month {
                    revenue = sum(o.amount)
                    orders = count_distinct(o.order_id)
                    largest = max(o.amount)
                  }
                  where revenue != 0
                  order by month desc, revenue
                  limit 1000
                }

                sink revenue_{{n}}_table: postgres {
                  from = revenue_{{n}}
                  connection = warehouse
                  table = "shop.revenue_{{n}}"
                  key = [customer_id, month]
                  mode = upsert
                }


                """);
        }
        return builder.ToString();
    }

    private static int CountLines(StringBuilder builder)
    {
        var count = 0;
        foreach (var chunk in builder.GetChunks())
        {
            foreach (var c in chunk.Span) if (c == '\n') count++;
        }
        return count;
    }
}
