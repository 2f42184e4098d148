namespace Pulse.Runtime.Expressions;

/// <summary>
/// Decimal values held to a column's <c>decimal(p, s)</c>, the way DuckDB's CAST to DECIMAL does it
/// (measured, see the parity tests): round half away from zero to the scale, and a value with more
/// integer digits than <c>p - s</c> does not fit (an <see cref="OverflowException"/>, which turns the
/// row into a quarantined one). A double becomes a decimal by rounding <c>value * 10^s</c>, which is
/// what DuckDB does (so 0.38155 as a double is 0.3816, not the 0.3815 of its exact binary value).
/// </summary>
public static class DecimalMath
{
    /// <summary>.NET decimals carry at most 28 decimals; larger IR scales are held at 28.</summary>
    public const int MaxScale = 28;

    private static readonly decimal[] PowersOfTen = BuildPowers();

    /// <summary>Zero with 0..28 decimals: adding one gives a value exactly that many decimals (0.5 → 0.5000).</summary>
    private static readonly decimal[] ScaledZeros = [.. Enumerable.Range(0, MaxScale + 1).Select(s => new decimal(0, 0, 0, false, (byte)s))];

    private static decimal[] BuildPowers()
    {
        var powers = new decimal[29];
        powers[0] = 1m;
        for (var i = 1; i < powers.Length; i++) powers[i] = powers[i - 1] * 10m;
        return powers;
    }

    public static decimal Fit(decimal value, int precision, int scale)
    {
        scale = Math.Clamp(scale, 0, MaxScale);
        var rounded = decimal.Round(value, scale, MidpointRounding.AwayFromZero);
        var integerDigits = precision - scale;
        if (integerDigits < 29 && Math.Abs(rounded) >= PowersOfTen[Math.Max(integerDigits, 0)])
            throw new OverflowException($"{value.ToString(System.Globalization.CultureInfo.InvariantCulture)} does not fit decimal({precision}, {scale})");
        // Values of a decimal(p, s) column always carry s decimals, so they print the same everywhere.
        return rounded.Scale == scale ? rounded : rounded + ScaledZeros[scale];
    }

    public static decimal? Fit(decimal? value, int precision, int scale) => value is { } v ? Fit(v, precision, scale) : null;

    /// <summary>The decimal nearest to <c>round(value * 10^scale) / 10^scale</c>, half away from zero.</summary>
    public static decimal FromDouble(double value, int precision, int scale)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            throw new OverflowException($"{value.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a decimal number");
        scale = Math.Clamp(scale, 0, MaxScale);
        var scaled = Math.Round(value * Math.Pow(10, scale), MidpointRounding.AwayFromZero);
        decimal result;
        try { result = (decimal)scaled / PowersOfTen[scale]; }
        catch (OverflowException) { throw new OverflowException($"{value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} does not fit decimal({precision}, {scale})"); }
        return Fit(result, precision, scale);
    }

    /// <summary>Half away from zero to <paramref name="digits"/> decimals; negative digits round to tens, hundreds, ...</summary>
    public static decimal Round(decimal value, int digits)
    {
        if (digits >= 0) return decimal.Round(value, Math.Min(digits, MaxScale), MidpointRounding.AwayFromZero);
        if (-digits > 28) return 0m;
        var factor = PowersOfTen[-digits];
        return decimal.Round(value / factor, 0, MidpointRounding.AwayFromZero) * factor;
    }

    /// <summary>DuckDB's <c>round(double, d)</c>: <c>round(v * 10^d) / 10^d</c>, half away from zero.</summary>
    public static double Round(double value, int digits)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return value;
        if (digits == 0) return Math.Round(value, MidpointRounding.AwayFromZero);
        if (digits > 0)
        {
            var power = Math.Pow(10, digits);
            var scaled = value * power;
            return double.IsInfinity(scaled) ? value : Math.Round(scaled, MidpointRounding.AwayFromZero) / power;
        }
        var divisor = Math.Pow(10, -digits);
        return Math.Round(value / divisor, MidpointRounding.AwayFromZero) * divisor;
    }

    public static long Round(long value, int digits)
    {
        if (digits >= 0) return value;
        if (-digits >= 19) return 0;
        long factor = 1;
        for (var i = 0; i < -digits; i++) factor *= 10;
        var quotient = value / factor;
        var remainder = value % factor;
        if (Math.Abs(remainder) * 2 >= factor) quotient += Math.Sign(value);
        return checked(quotient * factor);
    }
}
