using System.Net;
using System.Net.Sockets;
using System.Text;
using DeepgramOnPrem.Api;
using Xunit;

namespace DeepgramOnPrem.Tests.Client;

/// <summary>Tests that change process-wide environment variables, so they never run beside others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}

/// <summary>
/// <c>HTTPS_PROXY</c> read through the client's shared <see cref="System.Net.Http.HttpClient"/>:
/// an https base address is reached through a CONNECT tunnel to the proxy.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ClientProxyTests
{
    private static readonly string[] ProxyVariables = { "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy" };

    [Fact]
    public async Task HttpsProxy_ReceivesConnect()
    {
        using var proxy = new ConnectRecorder();
        var saved = ProxyVariables.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        try
        {
            foreach (string name in ProxyVariables)
            {
                Environment.SetEnvironmentVariable(name, null);
            }

            Environment.SetEnvironmentVariable("HTTPS_PROXY", "http://127.0.0.1:" + proxy.Port);
            var options = new DeepgramClientOptions("key-for-proxy-test")
            {
                BaseAddress = new Uri("https://api.deepgram.example/"),
                Timeout = TimeSpan.FromSeconds(5),
                RetryPolicy = RetryPolicy.None,
            };

            // The recorder rejects the tunnel, so the call fails after the CONNECT has arrived.
            await Assert.ThrowsAsync<DeepgramApiException>(() => new DeepgramClient(options).ListProjectsAsync(default));
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        Assert.Equal("CONNECT api.deepgram.example:443", Assert.Single(proxy.RequestLines).Split(' ').Take(2).Aggregate((a, b) => a + " " + b));
    }

    /// <summary>A proxy on 127.0.0.1 that records each request line and responds with 403 Forbidden.</summary>
    private sealed class ConnectRecorder : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<string> _lines = new();
        private readonly Task _loop;

        public ConnectRecorder()
        {
            _listener.Start();
            _loop = Task.Run(AcceptAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public IReadOnlyList<string> RequestLines
        {
            get
            {
                lock (_lines)
                {
                    return _lines.ToArray();
                }
            }
        }

        public void Dispose() => _listener.Stop();

        private async Task AcceptAsync()
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync();
                }
                catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
                {
                    return;
                }

                using (client)
                {
                    var stream = client.GetStream();
                    var reader = new StreamReader(stream, Encoding.ASCII);
                    string? line = await reader.ReadLineAsync();
                    if (line != null)
                    {
                        lock (_lines)
                        {
                            _lines.Add(line);
                        }
                    }

                    byte[] answer = Encoding.ASCII.GetBytes("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(answer);
                }
            }
        }
    }
}
