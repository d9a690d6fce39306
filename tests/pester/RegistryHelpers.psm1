# Helpers for the registry tests: fake container tools, a real docker-registry with an htpasswd
# file, and child pwsh runs that receive their inputs as PowerShell variables. Inputs must not
# travel as environment variables, because the tests check that no secret reaches a tool's
# environment.

Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')

function Get-FreeTcpPort {
    <#
    .SYNOPSIS
        Returns a loopback TCP port that was free a moment ago.
    #>
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { return ([System.Net.IPEndPoint] $listener.LocalEndpoint).Port }
    finally { $listener.Stop() }
}

function Copy-FakeTool {
    <#
    .SYNOPSIS
        Copies a fixture script such as record-tool.sh to a folder and makes the copy executable.
        Returns the copy's full path.
    #>
    param(
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string] $Destination
    )
    $source = Join-Path $PSScriptRoot "fixtures/$Name"
    $target = Join-Path $Destination $Name
    Copy-Item -LiteralPath $source -Destination $target -Force
    [System.IO.File]::SetUnixFileMode($target, [System.IO.UnixFileMode] 'UserRead, UserWrite, UserExecute, GroupRead, GroupExecute, OtherRead, OtherExecute')
    return $target
}

function Read-NulSeparated {
    <#
    .SYNOPSIS
        Reads a file of NUL-terminated UTF-8 strings, as printf '%s\0' and env -0 write them.
    #>
    param([Parameter(Mandatory)] [string] $Path)
    $text = [System.Text.UTF8Encoding]::new($false).GetString([System.IO.File]::ReadAllBytes($Path))
    return , @($text.Split([char] 0) | Select-Object -SkipLast 1)
}

function Invoke-NativeWithInput {
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [Parameter(Mandatory)] [string[]] $ArgumentList,
        [Parameter(Mandatory)] [byte[]] $InputBytes
    )
    $info = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $ArgumentList) { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    $process.StandardInput.BaseStream.Write($InputBytes, 0, $InputBytes.Length)
    $process.StandardInput.Close()
    if (-not $process.WaitForExit(30000)) {
        $process.Kill($true)
        throw "'$FilePath' did not finish within 30 seconds."
    }
    $process.WaitForExit()
    if ($process.ExitCode -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $($process.ExitCode): $($stderr.Result)$($stdout.Result)"
    }
}

function Start-TestRegistry {
    <#
    .SYNOPSIS
        Starts docker-registry on a free loopback port with htpasswd (bcrypt) logins for the given
        users, and waits until it answers /v2/ with 401. Stop it with Stop-TestRegistry.
    .PARAMETER Users
        User names mapped to their passwords.
    #>
    param([Parameter(Mandatory)] [hashtable] $Users)

    foreach ($command in 'docker-registry', 'htpasswd') {
        if (-not (Get-Command $command -CommandType Application -ErrorAction SilentlyContinue)) {
            throw "'$command' was not found on PATH. Install it (apt-get install docker-registry apache2-utils) to run the registry tests."
        }
    }

    $directory = Join-Path ([System.IO.Path]::GetTempPath()) ('dgonprem-registry-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path (Join-Path $directory 'data') | Out-Null
    $htpasswd = Join-Path $directory 'htpasswd'
    $create = $true
    foreach ($user in $Users.GetEnumerator()) {
        # -i reads the password from standard input, so it never appears on a command line.
        $arguments = @('-B', '-i') + $(if ($create) { @('-c') } else { @() }) + @($htpasswd, $user.Key)
        Invoke-NativeWithInput -FilePath (Get-Command htpasswd -CommandType Application | Select-Object -First 1).Source -ArgumentList $arguments -InputBytes ([System.Text.UTF8Encoding]::new($false).GetBytes($user.Value))
        $create = $false
    }

    $port = Get-FreeTcpPort
    $configPath = Join-Path $directory 'config.yml'
    Set-Content -LiteralPath $configPath -Encoding utf8 -Value @"
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $(Join-Path $directory 'data')
http:
  addr: 127.0.0.1:$port
auth:
  htpasswd:
    realm: DeepgramOnPrem test registry
    path: $htpasswd
"@

    $info = [System.Diagnostics.ProcessStartInfo]::new((Get-Command docker-registry -CommandType Application | Select-Object -First 1).Source)
    $info.ArgumentList.Add('serve')
    $info.ArgumentList.Add($configPath)
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    $null = $process.StandardOutput.ReadToEndAsync()
    $log = $process.StandardError.ReadToEndAsync()

    $address = "127.0.0.1:$port"
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    while ($true) {
        if ($process.HasExited) {
            throw "docker-registry exited with code $($process.ExitCode) before it was ready: $($log.Result)"
        }
        try {
            $response = Invoke-WebRequest -Uri "http://$address/v2/" -NoProxy -SkipHttpErrorCheck -TimeoutSec 2
            if ($response.StatusCode -eq 401) { break }
        }
        catch [System.Net.Http.HttpRequestException] {
            # Not listening yet.
        }
        if ([DateTime]::UtcNow -gt $deadline) {
            $process.Kill()
            throw "docker-registry did not answer http://$address/v2/ with 401 within 20 seconds."
        }
        Start-Sleep -Milliseconds 100
    }

    [pscustomobject]@{
        Process   = $process
        Address   = $address
        Directory = $directory
    }
}

function Stop-TestRegistry {
    param([Parameter(Mandatory)] [AllowNull()] $Registry)
    if (-not $Registry) { return }
    if (-not $Registry.Process.HasExited) {
        $Registry.Process.Kill()
        $null = $Registry.Process.WaitForExit(5000)
    }
    Remove-Item -LiteralPath $Registry.Directory -Recurse -Force -ErrorAction SilentlyContinue
}

# Defined in every child: a credential as New-DgDistributionCredential returns it, and an
# ErrorRecord turned into fields that survive ConvertTo-Json.
$script:ChildPrelude = @'
function New-CredentialWithSecret {
    param([guid] $Id, [string] $Secret)
    [DeepgramOnPrem.DgDistributionCredential]@{
        DistributionCredentialId = $Id
        Secret                   = ConvertTo-SecureString $Secret -AsPlainText -Force
    }
}

# Returns the credential as Import-Clixml (Source 'Clixml') or Start-Job output (Source 'Job')
# returns it: a Deserialized.DeepgramOnPrem.DgDistributionCredential property bag.
function New-DeserializedCredential {
    param([guid] $Id, [string] $Secret, [string] $Source, [string] $ClixmlPath)
    if ($Source -eq 'Clixml') {
        New-CredentialWithSecret $Id $Secret | Export-Clixml -LiteralPath $ClixmlPath
        return Import-Clixml -LiteralPath $ClixmlPath
    }
    $job = Start-Job -ArgumentList (Get-Module DeepgramOnPrem).Path, $Id, $Secret -ScriptBlock {
        param($ModulePath, $Id, $Secret)
        Import-Module $ModulePath
        [DeepgramOnPrem.DgDistributionCredential]@{
            DistributionCredentialId = $Id
            Secret                   = ConvertTo-SecureString $Secret -AsPlainText -Force
        }
    }
    $job | Receive-Job -Wait -AutoRemoveJob
}

function ConvertTo-ErrorSummary {
    param($Record)
    $target = $Record.TargetObject
    $targetSecret = $null
    if ($target -is [DeepgramOnPrem.DgDistributionCredential] -and $target.HasSecret) {
        $targetSecret = [System.Net.NetworkCredential]::new('', $target.Secret).Password
    }
    [ordered]@{
        Id           = $Record.FullyQualifiedErrorId
        Category     = [string] $Record.CategoryInfo.Category
        Message      = [string] $Record
        TargetType   = if ($null -ne $target) { $target.GetType().FullName } else { $null }
        TargetSecret = $targetSecret
    }
}
'@

function Invoke-RegistryChild {
    <#
    .SYNOPSIS
        Runs a script in a child pwsh with the module imported, after defining each entry of
        -Variables as a PowerShell string variable, and returns the JSON object that the script
        writes as its last output line.
    .PARAMETER AllowFailure
        Returns the child's result even when it exits with a non-zero code.
    #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Variables = @{},
        [hashtable] $Environment = @{},
        [int] $TimeoutSec = 120,
        [switch] $AllowFailure
    )
    $lines = foreach ($variable in $Variables.GetEnumerator()) {
        '${0} = ''{1}''' -f $variable.Key, ([string] $variable.Value).Replace("'", "''")
    }
    $text = (@($lines) + $script:ChildPrelude + $Script) -join [Environment]::NewLine
    $result = Invoke-ChildPwsh -Script $text -Environment $Environment -TimeoutSec $TimeoutSec
    if ($result.ExitCode -ne 0 -and -not $AllowFailure) {
        throw "The child pwsh exited with code $($result.ExitCode). Output: $($result.Output) Error: $($result.Error)"
    }

    $json = @($result.Output -split "`r?`n" | Where-Object { $_.StartsWith('{') }) | Select-Object -Last 1
    [pscustomobject]@{
        ExitCode = $result.ExitCode
        Output   = $result.Output
        Error    = $result.Error
        Value    = if ($json) { $json | ConvertFrom-Json } else { $null }
    }
}

Export-ModuleMember -Function Get-FreeTcpPort, Copy-FakeTool, Read-NulSeparated, Start-TestRegistry, Stop-TestRegistry, Invoke-RegistryChild
