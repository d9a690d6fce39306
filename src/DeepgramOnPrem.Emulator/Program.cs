using DeepgramOnPrem.Emulator.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace DeepgramOnPrem.Emulator;

/// <summary>
/// Command-line host: <c>dotnet DeepgramOnPrem.Emulator.dll [--port N] [--no-stdin-watch]</c>.
/// Standard output carries exactly one line, the ready line, so a parent process can read the
/// address and keys from it. Everything else goes to standard error.
/// </summary>
internal static class Program
{
    public const string Usage =
        "Usage: dotnet DeepgramOnPrem.Emulator.dll [--port N] [--no-stdin-watch]\n"
        + "  --port N          TCP port on 127.0.0.1 (default 0: the system picks a free port)\n"
        + "  --no-stdin-watch  keep running when standard input reaches end of file\n"
        + "                    (by default the emulator stops then, so it ends with its parent process)";

    private static async Task<int> Main(string[] args)
    {
        if (!CommandLine.TryParse(args, out var commandLine, out string? error))
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (commandLine.ShowHelp)
        {
            Console.Error.WriteLine(Usage);
            return 0;
        }

        var options = new EmulatorOptions { Port = commandLine.Port, ConfigureLogging = AddStandardErrorLogging };
        EmulatorServer server;
        try
        {
            server = await EmulatorServer.StartAsync(options, handleProcessSignals: true, CancellationToken.None);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"Failed to listen on 127.0.0.1:{commandLine.Port}: {ex.Message} Choose another --port, or 0 for a free one.");
            return 1;
        }

        await using (server)
        {
            var logger = server.CreateLogger("DeepgramOnPrem.Emulator");
            Console.Out.WriteLine(ReadyLine.Format(server));
            Console.Out.Flush();
            logger.LogInformation("Listening on {BaseAddress}", server.BaseAddress);

            if (commandLine.WatchStandardInput)
            {
                StandardInputWatcher.Start(server, logger);
            }

            await server.WaitForShutdownAsync();
            logger.LogInformation("Stopped");
        }

        return 0;
    }

    /// <summary>Logs to standard error in one line per message, because standard output carries only the ready line.</summary>
    private static void AddStandardErrorLogging(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
            console.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}

/// <summary>Parsed command-line arguments.</summary>
internal sealed record CommandLine(int Port, bool WatchStandardInput, bool ShowHelp)
{
    public static bool TryParse(string[] args, out CommandLine commandLine, out string? error)
    {
        int port = 0;
        bool watchStandardInput = true;
        bool showHelp = false;
        commandLine = new CommandLine(port, watchStandardInput, showHelp);
        error = null;

        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port":
                    if (i + 1 >= args.Length || !int.TryParse(args[i + 1], out port) || port is < 0 or > 65535)
                    {
                        error = $"Invalid --port value '{(i + 1 < args.Length ? args[i + 1] : "")}': expected a number from 0 to 65535.";
                        return false;
                    }

                    i++;
                    break;

                case "--no-stdin-watch":
                    watchStandardInput = false;
                    break;

                case "--help" or "-h" or "-?":
                    showHelp = true;
                    break;

                default:
                    error = $"Unknown argument '{args[i]}'.";
                    return false;
            }
        }

        commandLine = new CommandLine(port, watchStandardInput, showHelp);
        return true;
    }
}

/// <summary>The one line of compact JSON that Program writes to standard output once it is listening.</summary>
internal static class ReadyLine
{
    /// <summary>
    /// Formats <c>{"event":"ready","url",…,"ownerKey","memberKey","invalidKey","accessToken","projects":[…]}</c>.
    /// It carries keys on purpose: it goes only to the parent process's pipe, never to a log.
    /// </summary>
    public static string Format(EmulatorServer server) => JsonOutput.ToJsonString(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("event", "ready");
        writer.WriteString("url", server.BaseAddress.ToString());
        writer.WriteString("ownerKey", server.OwnerKey);
        writer.WriteString("memberKey", server.MemberKey);
        writer.WriteString("invalidKey", server.InvalidKey);
        writer.WriteString("accessToken", server.AccessToken);
        writer.WriteStartArray("projects");
        foreach (var project in server.State.Projects)
        {
            writer.WriteStartObject();
            writer.WriteString("projectId", project.ProjectId);
            writer.WriteString("name", project.Name);
            writer.WriteBoolean("selfHosted", project.SelfHosted);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });
}

/// <summary>Stops the server when standard input reaches end of file, so that it ends when its parent process dies.</summary>
internal static class StandardInputWatcher
{
    public static void Start(EmulatorServer server, ILogger logger)
    {
        var thread = new Thread(() => WatchUntilEndOfFile(server, logger))
        {
            IsBackground = true,
            Name = "Standard input watcher",
        };
        thread.Start();
    }

    private static void WatchUntilEndOfFile(EmulatorServer server, ILogger logger)
    {
        try
        {
            using var input = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (input.Read(buffer, 0, buffer.Length) > 0)
            {
                // The input itself is discarded. Only its end matters.
            }

            logger.LogInformation("Standard input reached end of file, so the emulator is stopping. Start with --no-stdin-watch to keep running without standard input.");
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Reading standard input failed, so the emulator is stopping. Start with --no-stdin-watch to keep running without standard input.");
        }

        server.RequestStop();
    }
}
