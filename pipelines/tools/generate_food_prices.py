#!/usr/bin/env python3
"""Writes pipelines/data/food_prices.ndjson: a deterministic stream of market food-price readings.

The stream is synthetic (seeded, so the checked-in file never changes) but shaped like real
market monitoring: a few markets per country, staple commodities, prices in USD per unit, event
times over two days with some readings arriving late and out of order, a few duplicates, and a
handful of bad readings (zero prices, wrong units) that the pipeline's expectations quarantine.
Run: python3 pipelines/tools/generate_food_prices.py
"""
import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

MARKETS = [
    ("Kano", "Nigeria"), ("Lagos", "Nigeria"), ("Mopti", "Mali"), ("Bamako", "Mali"),
    ("Kabul", "Afghanistan"), ("Herat", "Afghanistan"), ("Sana'a", "Yemen"), ("Aden", "Yemen"),
    ("Juba", "South Sudan"), ("Dhaka", "Bangladesh"), ("Port-au-Prince", "Haiti"), ("Addis Ababa", "Ethiopia"),
]
COMMODITIES = {"maize": 0.35, "rice": 0.80, "sorghum": 0.40, "wheat flour": 0.60, "beans": 1.10}
START = datetime(2024, 6, 1, tzinfo=timezone.utc)
EVENTS = 6000


def main() -> None:
    rng = random.Random(20240601)
    out = Path(__file__).resolve().parent.parent / "data" / "food_prices.ndjson"
    lines = []
    for i in range(EVENTS):
        market, country = rng.choice(MARKETS)
        commodity = rng.choice(sorted(COMMODITIES))
        observed = START + timedelta(seconds=int(i * 48 * 3600 / EVENTS) + rng.randint(0, 600))
        if rng.random() < 0.02:  # a reading that arrives hours late
            observed -= timedelta(hours=rng.randint(2, 5))
        price = round(COMMODITIES[commodity] * (1 + rng.uniform(-0.15, 0.25)), 4)
        unit = "kg"
        if rng.random() < 0.005:
            price = 0.0
        if rng.random() < 0.005:
            unit = "bag"
        name = market if rng.random() > 0.05 else f"  {market} "  # stray spaces to trim
        event = {
            "market": name, "country": country, "commodity": commodity.title() if rng.random() < 0.1 else commodity,
            "price_usd": price, "unit": unit.upper() if rng.random() < 0.05 else unit,
            "observed_at": observed.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        lines.append(json.dumps(event, ensure_ascii=False))
        if rng.random() < 0.01:  # at-least-once delivery: the same event twice
            lines.append(lines[-1])
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} events to {out}")


if __name__ == "__main__":
    main()
