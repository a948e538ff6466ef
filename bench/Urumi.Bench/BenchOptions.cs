using System.Globalization;

namespace Urumi.Bench;

/// <summary>bench/run.sh [--pairs P] [--stores N] [--cap C] [--ready-delay-ms MS] [--status-calls K]</summary>
internal sealed record BenchOptions(int Pairs, int Stores, int Cap, int ReadyDelayMs, int StatusCalls)
{
    public static BenchOptions Parse(string[] args)
    {
        int Option(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new(Option("--pairs", 5), Option("--stores", 50), Option("--cap", 4), Option("--ready-delay-ms", 300), Option("--status-calls", 200));
    }
}
