# Shared helpers for the Pester suite: the built module, the emulator, and child pwsh processes.
# build.ps1 Test sets DGONPREM_MODULE and DGONPREM_EMULATOR to the built module and emulator.

Set-StrictMode -Version 3.0

# Defined in every child: turns an ErrorRecord into plain fields a test can assert on.
$script:ChildPrelude = @'
function ConvertTo-ErrorSummary {
    param($ErrorRecord)
    [ordered]@{
        Id         = $ErrorRecord.FullyQualifiedErrorId
        Category   = [string] $ErrorRecord.CategoryInfo.Category
        Message    = $ErrorRecord.ToString()
        Recommended = if ($ErrorRecord.ErrorDetails) { $ErrorRecord.ErrorDetails.RecommendedAction } else { $null }
        TargetType = if ($null -ne $ErrorRecord.TargetObject) { $ErrorRecord.TargetObject.GetType().FullName } else { $null }
        Exception  = $ErrorRecord.Exception.GetType().FullName
        Status     = if ($ErrorRecord.Exception.PSObject.Properties['StatusCode']) { $ErrorRecord.Exception.StatusCode } else { $null }
        RequestId  = if ($ErrorRecord.Exception.PSObject.Properties['RequestId']) { $ErrorRecord.Exception.RequestId } else { $null }
    }
}
'@

function Get-TestModulePath {
    if (-not $env:DGONPREM_MODULE -or -not (Test-Path $env:DGONPREM_MODULE)) {
        throw "The built module was not found at '$env:DGONPREM_MODULE'. Run the suite with 'dotnet pwsh ./build.ps1 Test'."
    }
    return $env:DGONPREM_MODULE
}

function Start-TestEmulator {
    <#
    .SYNOPSIS
        Starts the emulator on a free loopback port and returns its address, keys and projects.
        Stop it with Stop-TestEmulator.
    #>
    if (-not $env:DGONPREM_EMULATOR -or -not (Test-Path $env:DGONPREM_EMULATOR)) {
        throw "The built emulator was not found at '$env:DGONPREM_EMULATOR'. Run the suite with 'dotnet pwsh ./build.ps1 Test'."
    }

    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $info.ArgumentList.Add($env:DGONPREM_EMULATOR)
    $info.ArgumentList.Add('--port')
    $info.ArgumentList.Add('0')
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardInput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)

    # Standard error is drained in the background so the emulator's request log cannot fill the pipe.
    $null = $process.StandardError.ReadToEndAsync()
    $readLine = $process.StandardOutput.ReadLineAsync()
    if (-not $readLine.Wait([TimeSpan]::FromSeconds(30)) -or -not $readLine.Result) {
        $process.Kill()
        throw 'The emulator did not print its ready line within 30 seconds.'
    }

    $ready = $readLine.Result | ConvertFrom-Json
    $selfHosted = $ready.projects | Where-Object selfHosted | Select-Object -First 1
    $cloud = $ready.projects | Where-Object { -not $_.selfHosted } | Select-Object -First 1
    [pscustomobject]@{
        Process             = $process
        Url                 = $ready.url.TrimEnd('/')
        HostPort            = ([uri] $ready.url).Authority
        OwnerKey            = $ready.ownerKey
        MemberKey           = $ready.memberKey
        InvalidKey          = $ready.invalidKey
        AccessToken         = $ready.accessToken
        ProjectId           = [guid] $selfHosted.projectId
        ProjectName         = $selfHosted.name
        CloudProjectId      = [guid] $cloud.projectId
    }
}

function Stop-TestEmulator {
    param([Parameter(Mandatory)] $Emulator)
    if ($Emulator -and -not $Emulator.Process.HasExited) {
        # Closing standard input ends the emulator cleanly; Kill is the fallback.
        $Emulator.Process.StandardInput.Close()
        if (-not $Emulator.Process.WaitForExit(5000)) {
            $Emulator.Process.Kill()
        }
    }
}

function Invoke-EmulatorControl {
    <#
    .SYNOPSIS
        Calls the emulator's control API (/_emulator/...), for faults, keys, config and the request log.
    #>
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [string] $Path,
        [string] $Method = 'GET',
        $Body
    )
    $parameters = @{ Uri = "$($Emulator.Url)/_emulator/$($Path.TrimStart('/'))"; Method = $Method; NoProxy = $true }
    if ($null -ne $Body) {
        $parameters.Body = ($Body | ConvertTo-Json -Depth 10 -Compress)
        $parameters.ContentType = 'application/json'
    }
    Invoke-RestMethod @parameters
}

function Get-EmulatorEnvironment {
    <#
    .SYNOPSIS
        Returns the emulator's address, keys and project ids as environment variables for a
        child pwsh (DGT_URL, DGT_OWNER, DGT_MEMBER, DGT_INVALID, DGT_TOKEN, DGT_PROJECT, DGT_CLOUD).
    #>
    param([Parameter(Mandatory)] $Emulator)
    @{
        DGT_URL     = $Emulator.Url
        DGT_HOST    = $Emulator.HostPort
        DGT_OWNER   = $Emulator.OwnerKey
        DGT_MEMBER  = $Emulator.MemberKey
        DGT_INVALID = $Emulator.InvalidKey
        DGT_TOKEN   = $Emulator.AccessToken
        DGT_PROJECT = [string] $Emulator.ProjectId
        DGT_CLOUD   = [string] $Emulator.CloudProjectId
    }
}

function Get-ChildResult {
    <#
    .SYNOPSIS
        Returns the last line of a child's output that starts with '{', parsed as JSON.
    #>
    param([Parameter(Mandatory)] $Run)
    $line = $Run.Output -split "`r?`n" | Where-Object { $_.StartsWith('{') } | Select-Object -Last 1
    if (-not $line) {
        throw "The child pwsh printed no JSON result. Exit code $($Run.ExitCode). Output: $($Run.Output) Error: $($Run.Error)"
    }
    $line | ConvertFrom-Json
}

function Invoke-ChildPwsh {
    <#
    .SYNOPSIS
        Runs a script in a fresh pwsh -NoProfile -NonInteractive that has the built module
        imported, and returns its exit code and its standard output and error as text.
    .PARAMETER Script
        The script text. It runs after Import-Module of the built module.
    .PARAMETER Environment
        Extra environment variables for the child; a $null value removes one.
    #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Environment = @{},
        [int] $TimeoutSec = 120
    )

    $modulePath = Get-TestModulePath
    $info = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
    if ((Split-Path -Leaf ([Environment]::ProcessPath)) -like 'dotnet*') {
        $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
    }
    # A script file, unlike -Command -, runs multi-line statements exactly as written.
    $scriptPath = Join-Path ([System.IO.Path]::GetTempPath()) ("dgonprem-child-" + [guid]::NewGuid().ToString('N') + '.ps1')
    Set-Content -Path $scriptPath -Encoding utf8 -Value @(
        "`$ErrorActionPreference = 'Stop'"
        "Import-Module '$modulePath'"
        $script:ChildPrelude
        $Script
    )
    foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $scriptPath) {
        $info.ArgumentList.Add($argument)
    }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    foreach ($name in 'DEEPGRAM_API_KEY', 'DEEPGRAM_HOST', 'TF_BUILD', 'GITHUB_ACTIONS') {
        $null = $info.Environment.Remove($name)
    }
    foreach ($entry in $Environment.GetEnumerator()) {
        if ($null -eq $entry.Value) { $null = $info.Environment.Remove($entry.Key) }
        else { $info.Environment[$entry.Key] = [string] $entry.Value }
    }

    try {
        $process = [System.Diagnostics.Process]::Start($info)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSec * 1000)) {
            $process.Kill($true)
            throw "The child pwsh did not finish within $TimeoutSec seconds."
        }
        $process.WaitForExit()
    }
    finally {
        Remove-Item $scriptPath -ErrorAction SilentlyContinue
    }
    [pscustomobject]@{
        ExitCode = $process.ExitCode
        Output   = $stdout.Result
        Error    = $stderr.Result
    }
}

Export-ModuleMember -Function Get-TestModulePath, Start-TestEmulator, Stop-TestEmulator, Invoke-EmulatorControl, Get-EmulatorEnvironment, Get-ChildResult, Invoke-ChildPwsh
