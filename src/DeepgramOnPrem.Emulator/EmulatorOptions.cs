using Microsoft.Extensions.Logging;

namespace DeepgramOnPrem.Emulator;

/// <summary>Settings for <see cref="EmulatorServer.StartAsync(EmulatorOptions, CancellationToken)"/>.</summary>
public sealed class EmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1. The default, 0, lets the operating system pick a free port.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Adds logging providers. By default the emulator logs nothing. Messages from Microsoft.* and
    /// System.* categories are filtered to warnings and above either way.
    /// </summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }
}
