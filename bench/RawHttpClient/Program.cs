using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace RawHttpClient;

/// <summary>
/// The baseline the module is measured against, a C# program that uses only
/// <see cref="HttpClient"/> and System.Text.Json for the same requests. It prints one line
/// of JSON with its timings on standard output. The API key is read from DGBENCH_API_KEY so that
/// it never appears on a command line.
/// </summary>
internal static class Program
{
    private const string Usage =
        "Usage: RawHttpClient get  --base-url URL --project ID --credential ID [--requests N] [--runs N] [--warmup N]\n"
        + "       RawHttpClient list --base-url URL --project ID [--runs N]\n"
        + "The API key is read from the DGBENCH_API_KEY environment variable.";

    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (!Options.TryParse(args[1..], out Options? options, out string? error))
        {
            Console.Error.WriteLine(error + "\n" + Usage);
            return 2;
        }

        string? apiKey = Environment.GetEnvironmentVariable("DGBENCH_API_KEY");
        if (string.IsNullOrEmpty(apiKey))
        {
            Console.Error.WriteLine("DGBENCH_API_KEY is not set. Set it to the emulator's owner key.");
            return 2;
        }

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", apiKey);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        switch (args[0])
        {
            case "get":
                await GetBenchmark.RunAsync(http, options!);
                return 0;
            case "list":
                await ListBenchmark.RunAsync(http, options!);
                return 0;
            default:
                Console.Error.WriteLine($"Unknown mode '{args[0]}'.\n{Usage}");
                return 2;
        }
    }
}

/// <summary>Command-line options shared by both modes.</summary>
internal sealed record Options(Uri BaseUrl, Guid ProjectId, Guid CredentialId, int Requests, int Runs, int Warmup)
{
    public static bool TryParse(string[] args, out Options? options, out string? error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                options = null;
                error = $"Invalid argument '{args[i]}': expected --name value pairs.";
                return false;
            }

            values[args[i]] = args[i + 1];
        }

        options = null;
        if (!values.TryGetValue("--base-url", out string? baseText) || !Uri.TryCreate(baseText, UriKind.Absolute, out Uri? baseUrl))
        {
            error = "--base-url is missing or not an absolute URL.";
            return false;
        }

        if (!values.TryGetValue("--project", out string? projectText) || !Guid.TryParse(projectText, out Guid projectId))
        {
            error = "--project is missing or not a GUID.";
            return false;
        }

        Guid credentialId = Guid.Empty;
        if (values.TryGetValue("--credential", out string? credentialText) && !Guid.TryParse(credentialText, out credentialId))
        {
            error = "--credential is not a GUID.";
            return false;
        }

        options = new Options(
            new Uri(baseUrl.GetLeftPart(UriPartial.Authority) + "/"),
            projectId,
            credentialId,
            int.Parse(values.GetValueOrDefault("--requests", "1000")),
            int.Parse(values.GetValueOrDefault("--runs", "5")),
            int.Parse(values.GetValueOrDefault("--warmup", "100")));
        error = null;
        return true;
    }
}

/// <summary>Sequential GETs of one credential: send, read the body, parse it with JsonDocument.</summary>
internal static class GetBenchmark
{
    public static async Task RunAsync(HttpClient http, Options options)
    {
        if (options.CredentialId == Guid.Empty)
        {
            throw new ArgumentException("get needs --credential.");
        }

        var uri = new Uri(options.BaseUrl, $"v1/projects/{options.ProjectId}/self-hosted/distribution/credentials/{options.CredentialId}");
        for (int i = 0; i < options.Warmup; i++)
        {
            await GetOnceAsync(http, uri);
        }

        var runsMs = new List<double>();
        for (int run = 0; run < options.Runs; run++)
        {
            long started = Stopwatch.GetTimestamp();
            for (int i = 0; i < options.Requests; i++)
            {
                await GetOnceAsync(http, uri);
            }

            runsMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Output.Write(writer =>
        {
            writer.WriteString("mode", "get");
            writer.WriteNumber("requests", options.Requests);
            Output.WriteNumbers(writer, "runsMs", runsMs);
        });
    }

    private static async Task GetOnceAsync(HttpClient http, Uri uri)
    {
        using HttpResponseMessage response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        using JsonDocument document = JsonDocument.Parse(body);
        if (document.RootElement.GetProperty("distribution_credentials").ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("The get response has no 'distribution_credentials' object.");
        }
    }
}

/// <summary>
/// One project's whole credential list, downloaded once and then deserialized from memory with
/// JsonSerializer and with JsonDocument. It is also fetched over HTTP straight into JsonSerializer.
/// </summary>
internal static class ListBenchmark
{
    private static readonly JsonSerializerOptions SerializerOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task RunAsync(HttpClient http, Options options)
    {
        var uri = new Uri(options.BaseUrl, $"v1/projects/{options.ProjectId}/self-hosted/distribution/credentials");
        long peakBefore = Process.GetCurrentProcess().PeakWorkingSet64;

        // The untimed downloads open the connection and warm up the code.
        byte[] body = [];
        for (int i = 0; i < WarmupRuns; i++)
        {
            body = await http.GetByteArrayAsync(uri);
        }

        var downloadMs = new List<double>();
        for (int run = 0; run < options.Runs; run++)
        {
            long started = Stopwatch.GetTimestamp();
            body = await http.GetByteArrayAsync(uri);
            downloadMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        int count = Deserialize(body).DistributionCredentials.Count;
        var serializer = Measure(options.Runs, () => Deserialize(body).DistributionCredentials.Count);
        var document = Measure(options.Runs, () =>
        {
            using JsonDocument parsed = JsonDocument.Parse(body);
            return parsed.RootElement.GetProperty("distribution_credentials").GetArrayLength();
        });
        var overHttp = await MeasureAsync(options.Runs, async () =>
        {
            using HttpResponseMessage response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using Stream stream = await response.Content.ReadAsStreamAsync();
            CredentialList? list = await JsonSerializer.DeserializeAsync<CredentialList>(stream, SerializerOptions);
            return list!.DistributionCredentials.Count;
        });

        long peakAfter = Process.GetCurrentProcess().PeakWorkingSet64;
        Output.Write(writer =>
        {
            writer.WriteString("mode", "list");
            writer.WriteNumber("items", count);
            writer.WriteNumber("bodyBytes", body.Length);
            Output.WriteNumbers(writer, "downloadMs", downloadMs);
            serializer.Write(writer, "serializer");
            document.Write(writer, "document");
            overHttp.Write(writer, "serializerOverHttp");
            writer.WriteNumber("peakWorkingSetBeforeBytes", peakBefore);
            writer.WriteNumber("peakWorkingSetBytes", peakAfter);
        });
    }

    private static CredentialList Deserialize(byte[] body) =>
        JsonSerializer.Deserialize<CredentialList>(body, SerializerOptions)
        ?? throw new InvalidDataException("The list body is JSON null.");

    // Untimed runs before the timed ones, because .NET recompiles hot code with full optimization
    // only after thousands of calls, and the first runs are slower until it has.
    private const int WarmupRuns = 3;

    // Runs the work WarmupRuns times untimed, then records the time and allocated bytes of each timed run.
    private static Measurement Measure(int runs, Func<int> work)
    {
        for (int i = 0; i < WarmupRuns; i++)
        {
            work();
        }

        var result = new Measurement();
        for (int run = 0; run < runs; run++)
        {
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            long started = Stopwatch.GetTimestamp();
            work();
            result.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds, GC.GetTotalAllocatedBytes(precise: true) - allocated);
        }

        return result;
    }

    private static async Task<Measurement> MeasureAsync(int runs, Func<Task<int>> work)
    {
        for (int i = 0; i < WarmupRuns; i++)
        {
            await work();
        }

        var result = new Measurement();
        for (int run = 0; run < runs; run++)
        {
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            long started = Stopwatch.GetTimestamp();
            await work();
            result.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds, GC.GetTotalAllocatedBytes(precise: true) - allocated);
        }

        return result;
    }

    private sealed class Measurement
    {
        private readonly List<double> milliseconds = [];
        private readonly List<double> allocatedBytes = [];

        public void Add(double ms, long bytes)
        {
            milliseconds.Add(ms);
            allocatedBytes.Add(bytes);
        }

        public void Write(Utf8JsonWriter writer, string name)
        {
            writer.WriteStartObject(name);
            Output.WriteNumbers(writer, "runsMs", milliseconds);
            Output.WriteNumbers(writer, "allocatedBytes", allocatedBytes);
            writer.WriteEndObject();
        }
    }
}

/// <summary>The list body, typed as a C# client of the API would declare it.</summary>
internal sealed class CredentialList
{
    public List<CredentialEntry> DistributionCredentials { get; set; } = [];
}

internal sealed class CredentialEntry
{
    public MemberInfo? Member { get; set; }

    public Credential? DistributionCredentials { get; set; }
}

internal sealed class MemberInfo
{
    public string? MemberId { get; set; }

    public string? Email { get; set; }
}

internal sealed class Credential
{
    public Guid DistributionCredentialsId { get; set; }

    public string? Provider { get; set; }

    public string? Comment { get; set; }

    public string[] Scopes { get; set; } = [];

    public string[] Tags { get; set; } = [];

    public DateTimeOffset Created { get; set; }
}

/// <summary>Writes the one result line.</summary>
internal static class Output
{
    public static void Write(Action<Utf8JsonWriter> writeProperties)
    {
        using var stream = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        stream.Write("\n"u8);
    }

    public static void WriteNumbers(Utf8JsonWriter writer, string name, IEnumerable<double> values)
    {
        writer.WriteStartArray(name);
        foreach (double value in values)
        {
            writer.WriteNumberValue(Math.Round(value, 3));
        }

        writer.WriteEndArray();
    }
}
