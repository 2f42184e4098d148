namespace Pulse.Bench.Batch;

/// <summary>
/// The pipeline the batch suite runs: clean the sales (trim, lower, cast with a format, fill, an
/// expectation that quarantines), join the small stores dimension, aggregate per region, day and
/// channel. The same spec reads the CSV or the Parquet file.
/// </summary>
public static class SalesSpec
{
    public const string View = "sales_by_region_day";

    public static string Text(string format, string salesFile, string storesFile) => $$"""
        pipeline bench_sales {
          owner = "bench@pulse.example"
        }

        environment local {}

        /// Point-of-sale records with the defects of a real export.
        source sales: {{format}} {
          path = "{{salesFile}}"
          schema {
            sale_id: long
            store_id: int
            customer: string
            sold_on: string
            amount: decimal(12, 2)
            quantity: int?
            channel: string?
          }
          clean {
            trim customer, channel
            lower channel
            cast sold_on as date format "dd/MM/yyyy"
            fill quantity with 1
            fill channel with "unknown"
            expect positive_amount: amount > 0 else quarantine
          }
        }

        source stores: csv {
          path = "{{storesFile}}"
          schema {
            store_id: int
            region: string
            city: string
          }
        }

        /// Revenue per region, day and channel.
        batch view {{View}} {
          from sales as s
          inner join stores as st on s.store_id == st.store_id
          group by region = st.region, day = s.sold_on, channel = s.channel {
            revenue = sum(s.amount)
            units = sum(s.quantity)
            sales = count()
            largest = max(s.amount)
          }
        }
        """;
}
