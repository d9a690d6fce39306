# Proxies from the environment: a forward proxy on 127.0.0.1, written here, receives the module's
# plain-http requests when HTTP_PROXY names it, and none when NO_PROXY names the emulator's host.
# The HTTPS_PROXY CONNECT tunnel is tested in xunit (ClientProxyTests).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Emulator = Start-TestEmulator
    $script:EmulatorEnvironment = Get-EmulatorEnvironment $script:Emulator

    if (-not ('DeepgramOnPremTests.ForwardProxy' -as [type])) {
        Add-Type -TypeDefinition @'
using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace DeepgramOnPremTests
{
    /// <summary>
    /// A forward proxy for plain http on 127.0.0.1. It takes absolute-form requests such as
    /// "GET http://127.0.0.1:5000/v1/projects HTTP/1.1", records each request line, sends the
    /// request on in origin form with "Connection: close", and relays the response.
    /// </summary>
    public sealed class ForwardProxy : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly ConcurrentQueue<string> _requestLines = new ConcurrentQueue<string>();

        public ForwardProxy()
        {
            _listener.Start();
            Task.Run(AcceptLoopAsync);
        }

        public int Port { get { return ((IPEndPoint)_listener.LocalEndpoint).Port; } }

        public string[] RequestLines { get { return _requestLines.ToArray(); } }

        public void Dispose() { _listener.Stop(); }

        private async Task AcceptLoopAsync()
        {
            while (true)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(); }
                catch (Exception) { return; }
                var ignored = Task.Run(() => HandleAsync(client));
            }
        }

        private async Task HandleAsync(TcpClient client)
        {
            using (client)
            {
                NetworkStream downstream = client.GetStream();
                string head = ReadHead(downstream);
                if (head == null) { return; }
                string[] lines = head.Split(new[] { "\r\n" }, StringSplitOptions.None);
                string[] requestLine = lines[0].Split(' ');
                _requestLines.Enqueue(lines[0]);
                Uri target;
                if (requestLine.Length != 3 || !Uri.TryCreate(requestLine[1], UriKind.Absolute, out target) || target.Scheme != "http")
                {
                    byte[] rejection = Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    await downstream.WriteAsync(rejection, 0, rejection.Length);
                    return;
                }

                var forwarded = new StringBuilder();
                forwarded.Append(requestLine[0]).Append(' ').Append(target.PathAndQuery).Append(" HTTP/1.1\r\n");
                int contentLength = 0;
                for (int i = 1; i < lines.Length; i++)
                {
                    if (lines[i].Length == 0) { continue; }
                    string name = lines[i].Substring(0, Math.Max(0, lines[i].IndexOf(':'))).Trim();
                    if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase)) { continue; }
                    if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) { contentLength = int.Parse(lines[i].Substring(lines[i].IndexOf(':') + 1).Trim()); }
                    forwarded.Append(lines[i]).Append("\r\n");
                }

                forwarded.Append("Connection: close\r\n\r\n");
                using (var upstream = new TcpClient())
                {
                    await upstream.ConnectAsync(target.Host, target.Port);
                    NetworkStream upstreamStream = upstream.GetStream();
                    byte[] headBytes = Encoding.ASCII.GetBytes(forwarded.ToString());
                    await upstreamStream.WriteAsync(headBytes, 0, headBytes.Length);
                    if (contentLength > 0)
                    {
                        byte[] body = new byte[contentLength];
                        int read = 0;
                        while (read < contentLength)
                        {
                            int n = await downstream.ReadAsync(body, read, contentLength - read);
                            if (n == 0) { break; }
                            read += n;
                        }

                        await upstreamStream.WriteAsync(body, 0, read);
                    }

                    await upstreamStream.CopyToAsync(downstream);
                }
            }
        }

        // Reads up to the blank line that ends the request head, one byte at a time so no body byte is consumed.
        private static string ReadHead(Stream stream)
        {
            var bytes = new MemoryStream();
            int matched = 0;
            byte[] end = { 13, 10, 13, 10 };
            while (matched < 4)
            {
                int b = stream.ReadByte();
                if (b < 0) { return null; }
                bytes.WriteByte((byte)b);
                matched = b == end[matched] ? matched + 1 : (b == 13 ? 1 : 0);
            }

            return Encoding.ASCII.GetString(bytes.ToArray(), 0, (int)bytes.Length - 4);
        }
    }
}
'@
    }

    $script:Proxy = [DeepgramOnPremTests.ForwardProxy]::new()
    $proxyAddress = "http://127.0.0.1:$($script:Proxy.Port)"
    $script:ChildScript = @'
$projects = @(Get-DgProject -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL)
$credential = New-DgDistributionCredential -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL -ProjectId $env:DGT_PROJECT -Comment 'through a proxy'
$credential | Remove-DgDistributionCredential -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL -Force
[ordered]@{ Projects = $projects.Count; HasSecret = $credential.HasSecret } | ConvertTo-Json -Compress
'@

    function Invoke-Proxied([hashtable] $Variables) {
        $before = $script:Proxy.RequestLines.Count
        $run = Invoke-ChildPwsh -Environment ($script:EmulatorEnvironment + $Variables) -Script $script:ChildScript
        [pscustomobject]@{
            Result = Get-ChildResult $run
            Lines  = @($script:Proxy.RequestLines | Select-Object -Skip $before)
        }
    }

    $script:Proxied = Invoke-Proxied @{ HTTP_PROXY = $proxyAddress }
    $script:LowerCase = Invoke-Proxied @{ http_proxy = $proxyAddress }
    $script:Bypassed = Invoke-Proxied @{ HTTP_PROXY = $proxyAddress; NO_PROXY = '127.0.0.1' }
    $script:HttpsOnly = Invoke-Proxied @{ HTTPS_PROXY = $proxyAddress }
}

AfterAll {
    if ($script:Proxy) { $script:Proxy.Dispose() }
    Stop-TestEmulator $script:Emulator
}

Describe 'HTTP_PROXY' {
    It 'carries every request' {
        $script:Proxied.Result.Projects | Should -Be 2
        $script:Proxied.Lines | Should -Contain "GET $($script:Emulator.Url)/v1/projects HTTP/1.1"
        $script:Proxied.Lines | Should -Contain "POST $($script:Emulator.Url)/v1/projects/$($script:Emulator.ProjectId)/self-hosted/distribution/credentials HTTP/1.1"
        @($script:Proxied.Lines | Where-Object { $_ -like 'DELETE *' }).Count | Should -Be 1
    }

    It 'delivers the create response through the proxy' {
        $script:Proxied.Result.HasSecret | Should -BeTrue
    }

    It 'is read in lower case too' {
        $script:LowerCase.Result.Projects | Should -Be 2
        $script:LowerCase.Lines.Count | Should -Be 3
    }
}

Describe 'NO_PROXY' {
    It 'sends a listed host direct' {
        $script:Bypassed.Result.Projects | Should -Be 2
        $script:Bypassed.Lines | Should -BeNullOrEmpty
    }
}

Describe 'HTTPS_PROXY' {
    It 'leaves plain http direct' {
        $script:HttpsOnly.Result.Projects | Should -Be 2
        $script:HttpsOnly.Lines | Should -BeNullOrEmpty
    }
}
