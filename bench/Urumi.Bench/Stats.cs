namespace Urumi.Bench;

internal static class Stats
{
    public static double P(IReadOnlyCollection<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static double Median(IReadOnlyCollection<double> values) => P(values, 50);

    public static string Spread(IReadOnlyCollection<double> values, string format = "0.00") =>
        $"median {Median(values).ToString(format, System.Globalization.CultureInfo.InvariantCulture)} " +
        $"(min {values.DefaultIfEmpty(double.NaN).Min().ToString(format, System.Globalization.CultureInfo.InvariantCulture)}, " +
        $"max {values.DefaultIfEmpty(double.NaN).Max().ToString(format, System.Globalization.CultureInfo.InvariantCulture)})";
}
