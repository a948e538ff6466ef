using System.Diagnostics;

namespace Urumi.Testing;

/// <summary>
/// The Azure Functions host the tests run the Functions app on: <c>URUMI_FUNCTIONS_HOST</c> (a
/// <c>run-host</c>-style launcher or Core Tools' <c>func</c>), else <c>func</c> on PATH, else the
/// repository's neighbour <c>../shared/tools/functions-host/run-host</c>. Tests on this host are
/// skipped with one line saying so when none is found, and fail instead under CI (<c>CI=true</c>).
/// </summary>
public sealed class FunctionsHost
{
    /// <summary>The function key and master key every test host is started with (see <see cref="SeedKeys"/>).</summary>
    public const string FunctionKey = "urumi-test-function-key-0123456789";

    public const string MasterKey = "urumi-test-master-key-0123456789";

    private static readonly Lazy<FunctionsHost?> Found = new(Locate);

    private FunctionsHost(string launcher)
    {
        Launcher = launcher;
    }

    public static FunctionsHost? Instance => Found.Value;

    /// <summary>Why no host was found, in one line.</summary>
    public static string Missing =>
        "No Azure Functions host found: set URUMI_FUNCTIONS_HOST to a run-host-style launcher or to func, put Azure Functions Core Tools' func on PATH, or provide ../shared/tools/functions-host/run-host.";

    public string Launcher { get; }

    /// <summary>Core Tools run the app from its folder and do not enforce function keys locally.</summary>
    public bool IsCoreTools => Path.GetFileNameWithoutExtension(Launcher) == "func";

    /// <summary>The Functions app's build output of the same configuration as the running tests.</summary>
    public static string AppDirectory
    {
        get
        {
            // tests/Urumi.Server.Tests/bin/<Configuration>/<tfm>/
            var tfm = new DirectoryInfo(AppContext.BaseDirectory);
            var configuration = tfm.Parent!.Name;
            var app = Path.Combine(Repository.Root, "src", "Urumi.Functions", "bin", configuration, tfm.Name);
            return File.Exists(Path.Combine(app, "functions.metadata"))
                ? app
                : throw new InvalidOperationException($"The Functions app is not built at {app}: build Urumi.sln first.");
        }
    }

    /// <summary>The host in the foreground on 127.0.0.1:<paramref name="port"/>, keys and logs under <paramref name="stateDirectory"/>.</summary>
    public ProcessStartInfo StartInfo(int port, string stateDirectory)
    {
        SeedKeys(stateDirectory);
        // This host build looks for language workers beside its own folder (which may be read-only
        // and has none; the dotnet-isolated worker comes from the app's worker.config.json).
        var workers = Directory.CreateDirectory(Path.Combine(stateDirectory, "workers")).FullName;
        var info = new ProcessStartInfo(Launcher) { WorkingDirectory = AppDirectory };
        if (IsCoreTools)
        {
            info.ArgumentList.Add("start");
            info.ArgumentList.Add("--port");
            info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            info.ArgumentList.Add(AppDirectory);
        }

        info.Environment["FUNCTIONS_HOST_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["FUNCTIONS_STATE_DIR"] = stateDirectory;
        info.Environment["languageWorkers__workersDirectory"] = workers;
        info.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development";
        return info;
    }

    /// <summary>Writes the host's key file before its first start, so tests know the keys.</summary>
    private static void SeedKeys(string stateDirectory)
    {
        var secrets = Directory.CreateDirectory(Path.Combine(stateDirectory, "secrets")).FullName;
        var file = Path.Combine(secrets, "host.json");
        if (!File.Exists(file))
        {
            File.WriteAllText(file, $$"""
                {"masterKey":{"name":"master","value":"{{MasterKey}}","encrypted":false},
                 "functionKeys":[{"name":"default","value":"{{FunctionKey}}","encrypted":false}],
                 "systemKeys":[],"hostName":null,"instanceId":"{{Guid.NewGuid():N}}","source":"runtime","decryptionKeyId":""}
                """);
        }
    }

    private static FunctionsHost? Locate()
    {
        if (Environment.GetEnvironmentVariable("URUMI_FUNCTIONS_HOST") is { Length: > 0 } configured)
        {
            return new FunctionsHost(configured);
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "func"))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return new FunctionsHost(onPath);
        }

        var shared = Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "tools", "functions-host", "run-host"));
        return File.Exists(shared) ? new FunctionsHost(shared) : null;
    }
}
