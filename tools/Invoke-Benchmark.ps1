#Requires -Version 7.2
<#
.SYNOPSIS
    Measures the module against its peers on loopback against the emulator and writes the
    results to a Markdown page.

.DESCRIPTION
    build.ps1 Bench runs this in a fresh pwsh after building. It needs .NET, and for the peers
    Node.js with npm, curl, bash and the Docker CLI; a peer whose tool is missing is skipped and
    the page says so. It installs the rest itself: the pinned Deepgram JavaScript SDK with
    'npm ci' in bench/js, and the C# HttpClient peer with 'dotnet build' of bench/RawHttpClient.

    It starts one emulator, then measures four things, each several times:
      1. Starting 'pwsh -NoProfile' with and without importing the module.
      2. Sequential gets of one credential: the cmdlet, Invoke-RestMethod and an empty compiled
         cmdlet in one pwsh, a C# HttpClient, the JavaScript SDK, and curl.
      3. Listing a project of many credentials: the cmdlet in a fresh pwsh per run, against
         System.Text.Json over the same body.
      4. Creating a credential and logging Docker in with it: the module's pipeline against curl
         and 'docker login --password-stdin'.
    Every child process, the emulator included, is stopped at the end, also when a step fails.

    The page keeps any text outside its generated block, which sits between the lines
    '<!-- BEGIN GENERATED -->' and '<!-- END GENERATED -->', so notes written by hand survive
    a rerun.

.PARAMETER ModulePath
    The built module's manifest, out/DeepgramOnPrem/DeepgramOnPrem.psd1.

.PARAMETER EmulatorPath
    The built emulator, out/emulator/DeepgramOnPrem.Emulator.dll.

.PARAMETER OutputPath
    The Markdown page to write, docs/benchmarks.md.

.PARAMETER Runs
    Timed runs of each measurement, after its warm-up. The page shows their median.

.PARAMETER Requests
    Sequential gets in one run of the get measurement.

.PARAMETER ImportRuns
    Process starts of each kind in the import measurement.

.PARAMETER CurlProcessRuns
    Runs of the one-curl-process-per-request loop, the slowest peer by far.

.PARAMETER ListCount
    Credentials seeded into the project that the list measurement reads.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [ValidateRange(1, 50)] [int] $Runs = 7,
    [ValidateRange(1, 100000)] [int] $Requests = 1000,
    [ValidateRange(1, 100)] [int] $ImportRuns = 21,
    [ValidateRange(1, 50)] [int] $CurlProcessRuns = 3,
    [ValidateRange(1, 100000)] [int] $ListCount = 10000
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$RepositoryRoot = Split-Path -Parent $PSScriptRoot
$ModulePath = (Resolve-Path $ModulePath).Path
$EmulatorPath = (Resolve-Path $EmulatorPath).Path
$JsBenchDir = Join-Path $RepositoryRoot 'bench/js'
$RawProject = Join-Path $RepositoryRoot 'bench/RawHttpClient/RawHttpClient.csproj'
$RawOutputDir = Join-Path $RepositoryRoot 'out/bench/RawHttpClient'
$ChildTimeoutSec = 600
$ListPeer = '$credentials = Get-DgDistributionCredential (fresh pwsh per run)'

# Untimed runs of each get loop before the timed ones. In pwsh the cmdlet loop was still getting
# faster after three runs of 1,000 gets on a 2-core machine, as .NET recompiled hot code.
$GetWarmupRounds = 5
$GetPeers = @{
    Empty            = 'Empty compiled cmdlet with the same parameters (same pwsh)'
    ApiClient        = 'DeepgramClient.GetCredentialAsync, waited on from the same pwsh, new client per call'
    HttpClientInPwsh = 'HttpClient.GetByteArrayAsync, waited on from the same pwsh'
}
$ImportPeers = @{
    Bare       = 'pwsh -NoProfile, no import'
    Module     = 'pwsh -NoProfile, Import-Module DeepgramOnPrem'
    Empty      = 'pwsh -NoProfile, Import-Module of an empty manifest module'
    FormatOnly = 'pwsh -NoProfile, Import-Module of a manifest module with only a one-view format file'
}

# The child pwsh runs the same PowerShell as this one: pwsh.dll under the dotnet host, as the build does.
$PwshCommand = @([Environment]::ProcessPath)
if ((Split-Path -Leaf $PwshCommand[0]) -like 'dotnet*') {
    $PwshCommand += (Join-Path $PSHOME 'pwsh.dll')
}

# Variables removed from every child, so that no peer goes through a proxy or a CI log hook.
$IsolatedVariables = @('DEEPGRAM_API_KEY', 'DEEPGRAM_HOST', 'TF_BUILD', 'GITHUB_ACTIONS',
    'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy')

#region Processes

function Invoke-BenchProcess {
    <#
    .SYNOPSIS
        Runs a process to its end with standard input closed, and returns its exit code, its
        output and error text, and its wall-clock time from start to exit in milliseconds.
        The process is killed when it outlives TimeoutSec.
    #>
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [hashtable] $Environment = @{},
        [string] $WorkingDirectory = $RepositoryRoot,
        [int] $TimeoutSec = $ChildTimeoutSec
    )

    $info = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $ArgumentList) { $info.ArgumentList.Add($argument) }
    $info.WorkingDirectory = $WorkingDirectory
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    foreach ($name in $IsolatedVariables) { $null = $info.Environment.Remove($name) }
    foreach ($entry in $Environment.GetEnumerator()) { $info.Environment[$entry.Key] = [string] $entry.Value }

    $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
    $process = [System.Diagnostics.Process]::Start($info)
    try {
        $process.StandardInput.Close()
        $output = $process.StandardOutput.ReadToEndAsync()
        $errorText = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSec * 1000)) {
            $process.Kill($true)
            throw "'$FilePath $($ArgumentList -join ' ')' did not finish within $TimeoutSec seconds and was stopped."
        }
        $process.WaitForExit()
        $elapsedMs = $stopwatch.Elapsed.TotalMilliseconds
        [pscustomobject]@{
            ExitCode  = $process.ExitCode
            Output    = $output.Result
            Error     = $errorText.Result
            ElapsedMs = $elapsedMs
        }
    }
    finally {
        $process.Dispose()
    }
}

function Invoke-BenchChild {
    <#
    .SYNOPSIS
        Runs a process that prints its result as one line of JSON, and returns that line parsed.
        Fails with the process's output when it exits with an error or prints no result.
    #>
    param(
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [hashtable] $Environment = @{},
        [string] $WorkingDirectory = $RepositoryRoot
    )

    $run = Invoke-BenchProcess -FilePath $FilePath -ArgumentList $ArgumentList -Environment $Environment -WorkingDirectory $WorkingDirectory
    $line = $run.Output -split "`r?`n" | Where-Object { $_.StartsWith('{') } | Select-Object -Last 1
    if ($run.ExitCode -ne 0 -or -not $line) {
        throw "$Name failed with exit code $($run.ExitCode) and printed no result.`nOutput: $($run.Output)`nError: $($run.Error)"
    }
    $line | ConvertFrom-Json
}

function Invoke-PwshScript {
    <#
    .SYNOPSIS
        Runs a script file in a fresh 'pwsh -NoProfile -NonInteractive' and returns its JSON result.
    #>
    param(
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string] $ScriptPath,
        [hashtable] $Environment = @{}
    )
    $arguments = @($PwshCommand | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $ScriptPath)
    Invoke-BenchChild -Name $Name -FilePath $PwshCommand[0] -ArgumentList $arguments -Environment $Environment
}

function Start-BenchEmulator {
    <#
    .SYNOPSIS
        Starts the emulator on a free loopback port and returns its process and ready line.
        Closing its standard input stops it.
    #>
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in $EmulatorPath, '--port', '0') { $info.ArgumentList.Add($argument) }
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($info)

    # The emulator logs every request on standard error, which is discarded so that the pipe never fills.
    $null = $process.StandardError.BaseStream.CopyToAsync([System.IO.Stream]::Null)
    $readLine = $process.StandardOutput.ReadLineAsync()
    if (-not $readLine.Wait([TimeSpan]::FromSeconds(30)) -or -not $readLine.Result) {
        $process.Kill($true)
        throw "The emulator at $EmulatorPath did not print its ready line within 30 seconds."
    }

    $ready = $readLine.Result | ConvertFrom-Json
    $project = $ready.projects | Where-Object selfHosted | Select-Object -First 1
    [pscustomobject]@{
        Process   = $process
        Url       = $ready.url.TrimEnd('/')
        Registry  = ([uri] $ready.url).Authority
        OwnerKey  = $ready.ownerKey
        ProjectId = [string] $project.projectId
    }
}

function Stop-BenchEmulator {
    param($Emulator)
    if ($Emulator -and -not $Emulator.Process.HasExited) {
        $Emulator.Process.StandardInput.Close()
        if (-not $Emulator.Process.WaitForExit(5000)) {
            $Emulator.Process.Kill($true)
        }
    }
}

function Invoke-EmulatorControl {
    param(
        [Parameter(Mandatory)] [string] $Path,
        [string] $Method = 'POST',
        $Body
    )
    $parameters = @{ Uri = "$($script:Emulator.Url)/_emulator/$Path"; Method = $Method; NoProxy = $true }
    if ($null -ne $Body) {
        $parameters.Body = $Body | ConvertTo-Json -Compress
        $parameters.ContentType = 'application/json'
    }
    Invoke-RestMethod @parameters
}

function New-EmulatorCredential {
    param([string] $Comment)
    $body = @{ comment = $Comment; scopes = @('self-hosted:products'); provider = 'quay' } | ConvertTo-Json -Compress
    Invoke-RestMethod -Method Post -NoProxy -ContentType 'application/json' -Body $body `
        -Uri "$($script:Emulator.Url)/v1/projects/$($script:Emulator.ProjectId)/self-hosted/distribution/credentials" `
        -Headers @{ Authorization = "Token $($script:Emulator.OwnerKey)" }
}

#endregion

#region Statistics and results

function Get-Median {
    param([double[]] $Values)
    if (-not $Values -or $Values.Count -eq 0) { return [double]::NaN }
    $sorted = [double[]] ($Values | Sort-Object)
    $middle = [math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2 -eq 1) { return $sorted[$middle] }
    return ($sorted[$middle - 1] + $sorted[$middle]) / 2
}

$Results = [System.Collections.Generic.List[object]]::new()
$Skipped = [System.Collections.Generic.List[string]]::new()

function Add-Result {
    <#
    .SYNOPSIS
        Records one row of a results table. A row marked -Reference (a lower bound, not a way to
        do the job) is shown but is never the fastest peer that ratios are taken against.
    #>
    param(
        [Parameter(Mandatory)] [string] $Section,
        [Parameter(Mandatory)] [string] $Peer,
        [Parameter(Mandatory)] [string] $Metric,
        [Parameter(Mandatory)] [double[]] $Values,
        [string] $Unit = 'ms',
        [switch] $Reference
    )
    $Results.Add([pscustomobject]@{
            Section   = $Section
            Peer      = $Peer
            Metric    = $Metric
            Values    = $Values
            Median    = Get-Median $Values
            Unit      = $Unit
            Reference = [bool] $Reference
        })
}

function Get-Result {
    param([string] $Section, [string] $Peer, [string] $Metric)
    $Results | Where-Object { $_.Section -eq $Section -and $_.Peer -eq $Peer -and $_.Metric -eq $Metric } | Select-Object -First 1
}

#endregion

#region Child scripts

# Each child script reads its inputs from DGBENCH_* variables, so the API key never appears on a
# command line, and prints one line of JSON.

$GetChildScript = @'
$ErrorActionPreference = 'Stop'
Import-Module $env:DGBENCH_MODULE

# PowerShell's own cost of one command: a compiled cmdlet with the same parameters that does nothing.
$source = @"
using System;
using System.Management.Automation;

[Cmdlet(VerbsCommon.Get, "BenchEmptyCredential")]
public sealed class GetBenchEmptyCredentialCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public Guid ProjectId { get; set; }

    [Parameter(Mandatory = true)]
    [Alias("Id")]
    public Guid[] DistributionCredentialId { get; set; } = Array.Empty<Guid>();

    protected override void ProcessRecord()
    {
        WriteObject(DistributionCredentialId[0]);
    }
}
"@
Add-Type -TypeDefinition $source -PassThru | Select-Object -First 1 | ForEach-Object Assembly | Import-Module

$projectId = [guid] $env:DGBENCH_PROJECT
$credentialId = [guid] $env:DGBENCH_CREDENTIAL
$baseUrl = $env:DGBENCH_URL
$requests = [int] $env:DGBENCH_REQUESTS
$runs = [int] $env:DGBENCH_RUNS
$headers = @{ Authorization = "Token $env:DGBENCH_API_KEY" }
$null = Connect-DgAccount -ApiKey $env:DGBENCH_API_KEY -BaseUri $baseUrl -SkipValidation

function Measure-Cmdlet([int] $Count) {
    $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
    for ($i = 0; $i -lt $Count; $i++) {
        $null = Get-DgDistributionCredential -ProjectId $projectId -Id $credentialId
    }
    $stopwatch.Elapsed.TotalMilliseconds
}

function Measure-RestMethod([int] $Count) {
    $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
    for ($i = 0; $i -lt $Count; $i++) {
        $null = Invoke-RestMethod -Uri "$baseUrl/v1/projects/$projectId/self-hosted/distribution/credentials/$credentialId" -Headers $headers
    }
    $stopwatch.Elapsed.TotalMilliseconds
}

# The same request from the pipeline thread without a cmdlet: the module's Api client, created per
# call as the cmdlet creates it, and a plain HttpClient. Both block the pipeline thread on a task.
$none = [System.Threading.CancellationToken]::None
$httpClient = [System.Net.Http.HttpClient]::new()
$httpClient.DefaultRequestHeaders.Add('Authorization', "Token $env:DGBENCH_API_KEY")
$credentialUri = [uri] "$baseUrl/v1/projects/$projectId/self-hosted/distribution/credentials/$credentialId"

function Measure-ApiClient([int] $Count) {
    $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
    for ($i = 0; $i -lt $Count; $i++) {
        $options = [DeepgramOnPrem.Api.DeepgramClientOptions]::new($env:DGBENCH_API_KEY)
        $options.BaseAddress = $baseUrl
        $client = [DeepgramOnPrem.Api.DeepgramClient]::new($options, $null)
        $null = $client.GetCredentialAsync($projectId, $credentialId, $none).GetAwaiter().GetResult()
    }
    $stopwatch.Elapsed.TotalMilliseconds
}

function Measure-HttpClient([int] $Count) {
    $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
    for ($i = 0; $i -lt $Count; $i++) {
        $null = $httpClient.GetByteArrayAsync($credentialUri).GetAwaiter().GetResult()
    }
    $stopwatch.Elapsed.TotalMilliseconds
}

function Measure-EmptyCmdlet([int] $Count) {
    $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
    for ($i = 0; $i -lt $Count; $i++) {
        $null = Get-BenchEmptyCredential -ProjectId $projectId -Id $credentialId
    }
    $stopwatch.Elapsed.TotalMilliseconds
}

# The check that the cmdlet really returns the credential happens once, outside the timed loops.
$check = Get-DgDistributionCredential -ProjectId $projectId -Id $credentialId
if ($check.DistributionCredentialId -ne $credentialId) { throw "The cmdlet returned $($check.DistributionCredentialId), not $credentialId." }

# The loops take turns, so a slow spell on the machine falls on all of them alike. The first rounds
# are not kept, because .NET recompiles hot code with full optimization only after thousands of
# calls, and the loops get faster until it has.
$warmupRounds = [int] $env:DGBENCH_WARMUP_ROUNDS
$cmdletMs = @(); $restMethodMs = @(); $emptyMs = @(); $apiClientMs = @(); $httpClientMs = @()
for ($run = -$warmupRounds; $run -lt $runs; $run++) {
    if ($run -eq 0) {
        $cmdletMs = @(); $restMethodMs = @(); $emptyMs = @(); $apiClientMs = @(); $httpClientMs = @()
    }

    $cmdletMs += Measure-Cmdlet $requests
    $restMethodMs += Measure-RestMethod $requests
    $emptyMs += Measure-EmptyCmdlet $requests
    $apiClientMs += Measure-ApiClient $requests
    $httpClientMs += Measure-HttpClient $requests
}
[ordered]@{
    cmdletMs = $cmdletMs
    restMethodMs = $restMethodMs
    emptyCmdletMs = $emptyMs
    apiClientMs = $apiClientMs
    httpClientMs = $httpClientMs
} | ConvertTo-Json -Compress
'@

$ListChildScript = @'
$ErrorActionPreference = 'Stop'
Import-Module $env:DGBENCH_MODULE
$projectId = [guid] $env:DGBENCH_PROJECT
$expected = [int] $env:DGBENCH_LIST_COUNT
$null = Connect-DgAccount -ApiKey $env:DGBENCH_API_KEY -BaseUri $env:DGBENCH_URL -SkipValidation
$process = [System.Diagnostics.Process]::GetCurrentProcess()

# Each first object is timed where it arrives, in ForEach-Object, before Select-Object -First 1
# stops the list and the cmdlet closes the connection. The first list of the session also pays for
# JIT compilation and for opening the connection, and the next five are the warm figures.
$stopwatch = [System.Diagnostics.Stopwatch]::new()
$firstMs = @()
for ($i = 0; $i -lt 6; $i++) {
    $arrivedMs = $null
    $stopwatch.Restart()
    Get-DgDistributionCredential -ProjectId $projectId | Select-Object -First 1 | ForEach-Object { $arrivedMs = $stopwatch.Elapsed.TotalMilliseconds }
    if ($null -eq $arrivedMs) { throw 'The list returned no credential.' }
    $firstMs += $arrivedMs
}
$coldFirstMs = $firstMs[0]
$warmFirstMs = ($firstMs[1..5] | Sort-Object)[2]

# The whole list into a variable, as a script keeps it, so that all objects are alive at the end
# as in the System.Text.Json baseline. The first whole list of the session also pays for JIT
# compilation of the per-entry code, and it sets the process's peak working set. The warm total is
# the median of the next three.
[GC]::Collect()
$process.Refresh()
$peakBefore = $process.PeakWorkingSet64
$stopwatch.Restart()
$credentials = Get-DgDistributionCredential -ProjectId $projectId
$coldTotalMs = $stopwatch.Elapsed.TotalMilliseconds
$process.Refresh()
$peakAfter = $process.PeakWorkingSet64
if ($credentials.Count -ne $expected) { throw "The list returned $($credentials.Count) credentials, not $expected." }

$warmTotals = @()
$allocations = @()
for ($i = 0; $i -lt 3; $i++) {
    $credentials = $null
    [GC]::Collect()
    $allocatedBefore = [GC]::GetTotalAllocatedBytes($true)
    $stopwatch.Restart()
    $credentials = Get-DgDistributionCredential -ProjectId $projectId
    $warmTotals += $stopwatch.Elapsed.TotalMilliseconds
    $allocations += [GC]::GetTotalAllocatedBytes($true) - $allocatedBefore
    if ($credentials.Count -ne $expected) { throw "The list returned $($credentials.Count) credentials, not $expected." }
}
$totalMs = ($warmTotals | Sort-Object)[1]
$allocated = ($allocations | Sort-Object)[1]

[ordered]@{
    coldFirstMs = $coldFirstMs
    warmFirstMs = $warmFirstMs
    coldTotalMs = $coldTotalMs
    totalMs = $totalMs
    allocatedBytes = $allocated
    peakWorkingSetBeforeBytes = $peakBefore
    peakWorkingSetBytes = $peakAfter
} | ConvertTo-Json -Compress
'@

$LoginChildScript = @'
$ErrorActionPreference = 'Stop'
Import-Module $env:DGBENCH_MODULE
if (-not (Get-Command Connect-DgRegistry -Module DeepgramOnPrem -ErrorAction SilentlyContinue)) {
    [ordered]@{ available = $false } | ConvertTo-Json -Compress
    return
}

$projectId = [guid] $env:DGBENCH_PROJECT
$runs = [int] $env:DGBENCH_RUNS
$null = Connect-DgAccount -ApiKey $env:DGBENCH_API_KEY -BaseUri $env:DGBENCH_URL -SkipValidation

# One untimed run first, so that every timed run is a warm session.
$runsMs = @()
for ($run = 0; $run -le $runs; $run++) {
    $configPath = Join-Path $env:DGBENCH_TEMP "pwsh-docker-$run"
    $null = New-Item -ItemType Directory -Path $configPath
    $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
    $login = New-DgDistributionCredential -ProjectId $projectId -Comment "bench login $run" |
        Connect-DgRegistry -Registry $env:DGBENCH_REGISTRY -ConfigPath $configPath
    $elapsedMs = $stopwatch.Elapsed.TotalMilliseconds
    if (-not $login -or $login.Registry -ne $env:DGBENCH_REGISTRY) { throw "Connect-DgRegistry returned no login for $env:DGBENCH_REGISTRY." }
    if ($run -gt 0) { $runsMs += $elapsedMs }
}
[ordered]@{ available = $true; runsMs = $runsMs } | ConvertTo-Json -Compress
'@

# One curl process per request, as a shell loop runs it. EPOCHREALTIME (bash 5) costs no process.
$CurlLoopScript = @'
set -euo pipefail
url="$DGBENCH_URL/v1/projects/$DGBENCH_PROJECT/self-hosted/distribution/credentials/$DGBENCH_CREDENTIAL"
runs_ms=()
for ((run = 0; run < DGBENCH_RUNS; run++)); do
    started=$EPOCHREALTIME
    for ((i = 0; i < DGBENCH_REQUESTS; i++)); do
        curl --silent --show-error --fail --output /dev/null --header "@$DGBENCH_HEADER_FILE" "$url"
    done
    ended=$EPOCHREALTIME
    runs_ms+=("$(awk -v s="$started" -v e="$ended" 'BEGIN { printf "%.3f", (e - s) * 1000 }')")
done
printf '{"runsMs":[%s]}\n' "$(IFS=,; echo "${runs_ms[*]}")"
'@

# Create with curl, read the id and secret with bash's own regex, log Docker in on standard input.
$CurlLoginScript = @'
set -euo pipefail
create_url="$DGBENCH_URL/v1/projects/$DGBENCH_PROJECT/self-hosted/distribution/credentials"
runs_ms=()
for ((run = 0; run <= DGBENCH_RUNS; run++)); do
    config="$DGBENCH_TEMP/curl-docker-$run"
    mkdir -p "$config"
    started=$EPOCHREALTIME
    response=$(curl --silent --show-error --fail --request POST --header "@$DGBENCH_HEADER_FILE" \
        --header 'Content-Type: application/json' \
        --data "{\"comment\":\"bench curl login $run\",\"scopes\":[\"self-hosted:products\"],\"provider\":\"quay\"}" \
        "$create_url")
    [[ $response =~ \"distribution_credentials_id\":\"([^\"]+)\" ]] || { echo "no id in the create response" >&2; exit 1; }
    id=${BASH_REMATCH[1]}
    [[ $response =~ \"secret\":\"([^\"]+)\" ]] || { echo "no secret in the create response" >&2; exit 1; }
    printf '%s' "${BASH_REMATCH[1]}" |
        DOCKER_CONFIG="$config" docker login --username "deepgram+$id" --password-stdin "$DGBENCH_REGISTRY" >/dev/null 2>&1
    ended=$EPOCHREALTIME
    if ((run > 0)); then
        runs_ms+=("$(awk -v s="$started" -v e="$ended" 'BEGIN { printf "%.3f", (e - s) * 1000 }')")
    fi
done
printf '{"runsMs":[%s]}\n' "$(IFS=,; echo "${runs_ms[*]}")"
'@

#endregion

#region Setup

function Test-Tool([string] $Name) {
    [bool] (Get-Command $Name -CommandType Application -ErrorAction SilentlyContinue)
}

function Install-BenchPeers {
    <#
    .SYNOPSIS
        Installs the JavaScript SDK from the committed lock file and builds the C# peer.
    #>
    if ((Test-Tool 'node') -and (Test-Tool 'npm')) {
        Write-Host 'Installing @deepgram/sdk with npm ci...' -ForegroundColor Cyan
        $npm = (Get-Command npm -CommandType Application | Select-Object -First 1).Source
        $install = Invoke-BenchProcess -FilePath $npm -ArgumentList @('ci', '--no-audit', '--no-fund', '--loglevel=error') -WorkingDirectory $JsBenchDir
        if ($install.ExitCode -ne 0) {
            throw "'npm ci' in $JsBenchDir failed with exit code $($install.ExitCode). Check that the npm registry can be reached.`n$($install.Error)"
        }
    }
    else {
        $Skipped.Add('The JavaScript SDK peer was skipped because node or npm is not on PATH. Install Node.js 20 or later to include it.')
    }

    Write-Host 'Building bench/RawHttpClient...' -ForegroundColor Cyan
    $build = Invoke-BenchProcess -FilePath 'dotnet' -ArgumentList @('build', $RawProject, '-c', 'Release', '-o', $RawOutputDir, '-nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    if ($build.ExitCode -ne 0) {
        throw "Building $RawProject failed with exit code $($build.ExitCode).`n$($build.Output)$($build.Error)"
    }
}

function Get-ToolVersion([string] $Name, [string[]] $ArgumentList) {
    if (-not (Test-Tool $Name)) { return 'not installed' }
    $run = Invoke-BenchProcess -FilePath $Name -ArgumentList $ArgumentList -TimeoutSec 30
    ($run.Output -split "`r?`n" | Where-Object { $_ } | Select-Object -First 1).Trim()
}

function Get-LoadAverage {
    if (Test-Path '/proc/loadavg') {
        return ((Get-Content '/proc/loadavg' -Raw) -split ' ')[0..2] -join ' '
    }
    return $null
}

function Get-MachineDescription {
    $cpu = $null
    if (Test-Path '/proc/cpuinfo') {
        $cpu = Get-Content '/proc/cpuinfo' | Where-Object { $_ -like 'model name*' } | Select-Object -First 1 | ForEach-Object { ($_ -split ':', 2)[1].Trim() }
    }
    elseif ($IsWindows) {
        $cpu = (Get-CimInstance Win32_Processor | Select-Object -First 1).Name
    }
    elseif ($IsMacOS) {
        $cpu = (& sysctl -n machdep.cpu.brand_string)
    }

    # On Linux the description is the distribution's name, so the kernel version is added.
    $os = [System.Runtime.InteropServices.RuntimeInformation]::OSDescription
    if ($IsLinux) { $os += ", Linux kernel $([Environment]::OSVersion.Version)" }

    [ordered]@{
        CPU        = if ($cpu) { $cpu } else { 'unknown' }
        Cores      = [Environment]::ProcessorCount
        Memory     = '{0:N1} GiB' -f ([GC]::GetGCMemoryInfo().TotalAvailableMemoryBytes / 1GB)
        OS         = $os
        '.NET'     = [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
        PowerShell = $PSVersionTable.PSVersion.ToString()
        'Node.js'  = Get-ToolVersion 'node' @('--version')
        curl       = (Get-ToolVersion 'curl' @('--version')) -replace '^(curl \S+).*$', '$1'
        Docker     = Get-ToolVersion 'docker' @('--version')
    }
}

#endregion

#region Measurements

function Measure-Import {
    Write-Host "Measuring pwsh start with and without Import-Module ($ImportRuns runs each)..." -ForegroundColor Cyan

    # An empty manifest module shows what Import-Module itself costs, whatever the module.
    $emptyModuleDir = Join-Path $script:TempDir 'EmptyModule'
    $null = New-Item -ItemType Directory -Path $emptyModuleDir
    $emptyManifest = Join-Path $emptyModuleDir 'EmptyModule.psd1'
    Set-Content -Path $emptyManifest -Value "@{ ModuleVersion = '1.0.0'; FunctionsToExport = @(); CmdletsToExport = @(); VariablesToExport = @(); AliasesToExport = @() }"

    # The same with a format file of one view: PowerShell builds its format database when a module
    # brings format data, instead of at the first formatted output.
    $formatModuleDir = Join-Path $script:TempDir 'FormatOnlyModule'
    $null = New-Item -ItemType Directory -Path $formatModuleDir
    $formatManifest = Join-Path $formatModuleDir 'FormatOnlyModule.psd1'
    Set-Content -Path $formatManifest -Value "@{ ModuleVersion = '1.0.0'; FormatsToProcess = @('FormatOnlyModule.Format.ps1xml'); FunctionsToExport = @(); CmdletsToExport = @(); VariablesToExport = @(); AliasesToExport = @() }"
    Set-Content -Path (Join-Path $formatModuleDir 'FormatOnlyModule.Format.ps1xml') -Value @'
<?xml version="1.0" encoding="utf-8"?>
<Configuration>
  <ViewDefinitions>
    <View>
      <Name>FormatOnlyModule.Item</Name>
      <ViewSelectedBy><TypeName>FormatOnlyModule.Item</TypeName></ViewSelectedBy>
      <TableControl>
        <TableHeaders><TableColumnHeader /></TableHeaders>
        <TableRowEntries>
          <TableRowEntry><TableColumnItems><TableColumnItem><PropertyName>Name</PropertyName></TableColumnItem></TableColumnItems></TableRowEntry>
        </TableRowEntries>
      </TableControl>
    </View>
  </ViewDefinitions>
</Configuration>
'@

    $kinds = [ordered]@{
        $ImportPeers.Bare        = 'exit 0'
        $ImportPeers.Module      = "Import-Module '$($ModulePath.Replace("'", "''"))'; exit 0"
        $ImportPeers.Empty       = "Import-Module '$($emptyManifest.Replace("'", "''"))'; exit 0"
        $ImportPeers.FormatOnly  = "Import-Module '$($formatManifest.Replace("'", "''"))'; exit 0"
    }
    $names = @($kinds.Keys)
    $times = @{}
    foreach ($name in $names) { $times[$name] = [System.Collections.Generic.List[double]]::new() }

    # The kinds take turns in a rotating order. The first round warms the disk cache and is not kept.
    for ($round = 0; $round -le $ImportRuns; $round++) {
        for ($k = 0; $k -lt $names.Count; $k++) {
            $name = $names[($round + $k) % $names.Count]
            $arguments = @($PwshCommand | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command', $kinds[$name])
            $run = Invoke-BenchProcess -FilePath $PwshCommand[0] -ArgumentList $arguments
            if ($run.ExitCode -ne 0) {
                throw "'$name' failed with exit code $($run.ExitCode).`n$($run.Output)$($run.Error)"
            }
            if ($round -gt 0) { $times[$name].Add($run.ElapsedMs) }
        }
    }

    foreach ($name in $names) {
        Add-Result -Section 'import' -Peer $name -Metric 'start' -Values $times[$name] -Reference:($name -ne $ImportPeers.Bare -and $name -ne $ImportPeers.Module)
    }
}

function Measure-Gets {
    param([Parameter(Mandatory)] [string] $CredentialId, [Parameter(Mandatory)] [hashtable] $Environment)

    $warmup = $GetWarmupRounds * $Requests
    $environment = $Environment.Clone()
    $environment.DGBENCH_CREDENTIAL = $CredentialId
    $environment.DGBENCH_REQUESTS = $Requests
    $environment.DGBENCH_RUNS = $Runs
    $environment.DGBENCH_WARMUP_ROUNDS = $GetWarmupRounds

    Write-Host "Measuring $Requests sequential gets: cmdlet, Invoke-RestMethod and an empty cmdlet in one pwsh..." -ForegroundColor Cyan
    $scriptPath = Join-Path $script:TempDir 'get.ps1'
    Set-Content -Path $scriptPath -Value $GetChildScript
    $pwsh = Invoke-PwshScript -Name 'The pwsh get loop' -ScriptPath $scriptPath -Environment $environment
    Add-Result -Section 'get' -Peer 'Get-DgDistributionCredential in a loop (one pwsh)' -Metric 'run' -Values $pwsh.cmdletMs
    Add-Result -Section 'get' -Peer 'Invoke-RestMethod in a loop (same pwsh)' -Metric 'run' -Values $pwsh.restMethodMs
    Add-Result -Section 'get' -Peer $GetPeers.Empty -Metric 'run' -Values $pwsh.emptyCmdletMs -Reference
    Add-Result -Section 'get' -Peer $GetPeers.ApiClient -Metric 'run' -Values $pwsh.apiClientMs -Reference
    Add-Result -Section 'get' -Peer $GetPeers.HttpClientInPwsh -Metric 'run' -Values $pwsh.httpClientMs -Reference

    Write-Host 'Measuring gets: C# HttpClient...' -ForegroundColor Cyan
    $raw = Invoke-BenchChild -Name 'RawHttpClient get' -FilePath 'dotnet' -Environment $environment -ArgumentList @(
        (Join-Path $RawOutputDir 'RawHttpClient.dll'), 'get', '--base-url', $script:Emulator.Url, '--project', $script:Emulator.ProjectId,
        '--credential', $CredentialId, '--requests', $Requests, '--runs', $Runs, '--warmup', $warmup)
    Add-Result -Section 'get' -Peer 'C# HttpClient + JsonDocument (bench/RawHttpClient)' -Metric 'run' -Values $raw.runsMs

    if ((Test-Tool 'node') -and (Test-Path (Join-Path $JsBenchDir 'node_modules/@deepgram/sdk'))) {
        Write-Host 'Measuring gets: @deepgram/sdk on Node.js...' -ForegroundColor Cyan
        $js = Invoke-BenchChild -Name 'The JavaScript SDK get loop' -FilePath 'node' -WorkingDirectory $JsBenchDir -Environment $environment -ArgumentList @(
            'get-credential.mjs', $script:Emulator.Url, $script:Emulator.ProjectId, $CredentialId, $Requests, $Runs, $warmup)
        $sdkVersion = (Get-Content (Join-Path $JsBenchDir 'node_modules/@deepgram/sdk/package.json') -Raw | ConvertFrom-Json).version
        Add-Result -Section 'get' -Peer "@deepgram/sdk $sdkVersion on Node.js (bench/js)" -Metric 'run' -Values $js.runsMs
    }

    if (-not (Test-Tool 'curl')) {
        $Skipped.Add('The curl peers were skipped because curl is not on PATH.')
        return
    }

    # Many URLs in one curl process, which reuses one connection, after one untimed run.
    $configPath = Join-Path $script:TempDir 'get-urls.curlrc'
    $url = "$($script:Emulator.Url)/v1/projects/$($script:Emulator.ProjectId)/self-hosted/distribution/credentials/$CredentialId"
    $lines = [System.Collections.Generic.List[string]]::new()
    for ($i = 0; $i -lt $Requests; $i++) {
        $lines.Add("url = `"$url`"")
        $lines.Add('output = "/dev/null"')
    }
    Set-Content -Path $configPath -Value $lines
    Write-Host 'Measuring gets: curl with many URLs in one process...' -ForegroundColor Cyan
    $curlRuns = [System.Collections.Generic.List[double]]::new()
    for ($run = 0; $run -le $Runs; $run++) {
        $curl = Invoke-BenchProcess -FilePath 'curl' -ArgumentList @('--silent', '--show-error', '--fail', '--header', "@$($environment.DGBENCH_HEADER_FILE)", '--config', $configPath)
        if ($curl.ExitCode -ne 0) { throw "curl with $Requests URLs failed with exit code $($curl.ExitCode): $($curl.Error)" }
        if ($run -gt 0) { $curlRuns.Add($curl.ElapsedMs) }
    }
    Add-Result -Section 'get' -Peer "curl, $Requests URLs in one process" -Metric 'run' -Values $curlRuns

    if (Test-Tool 'bash') {
        Write-Host "Measuring gets: curl, one process per request ($CurlProcessRuns runs)..." -ForegroundColor Cyan
        $loopPath = Join-Path $script:TempDir 'curl-loop.sh'
        Set-Content -Path $loopPath -Value $CurlLoopScript
        $loopEnvironment = $environment.Clone()
        $loopEnvironment.DGBENCH_RUNS = $CurlProcessRuns
        $loop = Invoke-BenchChild -Name 'The curl loop' -FilePath 'bash' -ArgumentList @($loopPath) -Environment $loopEnvironment
        Add-Result -Section 'get' -Peer 'curl, one process per request (bash loop)' -Metric 'run' -Values $loop.runsMs
    }
    else {
        $Skipped.Add('The one-curl-process-per-request loop was skipped because bash is not on PATH.')
    }
}

function Measure-List {
    param([Parameter(Mandatory)] [hashtable] $Environment)

    $null = Invoke-EmulatorControl -Path 'reset'
    $null = Invoke-EmulatorControl -Path "projects/$($script:Emulator.ProjectId)/seed" -Body @{ count = $ListCount }
    $environment = $Environment.Clone()
    $environment.DGBENCH_LIST_COUNT = $ListCount

    Write-Host "Measuring a list of $ListCount credentials: System.Text.Json..." -ForegroundColor Cyan
    $raw = Invoke-BenchChild -Name 'RawHttpClient list' -FilePath 'dotnet' -Environment $environment -ArgumentList @(
        (Join-Path $RawOutputDir 'RawHttpClient.dll'), 'list', '--base-url', $script:Emulator.Url, '--project', $script:Emulator.ProjectId, '--runs', $Runs)
    if ($raw.items -ne $ListCount) { throw "RawHttpClient read $($raw.items) credentials, not $ListCount." }
    $script:ListBodyBytes = $raw.bodyBytes
    $script:RawPeakWorkingSet = $raw.peakWorkingSetBytes
    Add-Result -Section 'list' -Peer 'JsonSerializer.Deserialize over the downloaded body (in memory)' -Metric 'total' -Values $raw.serializer.runsMs
    Add-Result -Section 'list' -Peer 'JsonSerializer.Deserialize over the downloaded body (in memory)' -Metric 'allocated' -Values $raw.serializer.allocatedBytes -Unit 'bytes'
    Add-Result -Section 'list' -Peer 'JsonDocument.Parse over the downloaded body (in memory)' -Metric 'total' -Values $raw.document.runsMs
    Add-Result -Section 'list' -Peer 'JsonDocument.Parse over the downloaded body (in memory)' -Metric 'allocated' -Values $raw.document.allocatedBytes -Unit 'bytes'
    Add-Result -Section 'list' -Peer 'HttpClient + JsonSerializer.DeserializeAsync (over HTTP)' -Metric 'total' -Values $raw.serializerOverHttp.runsMs
    Add-Result -Section 'list' -Peer 'HttpClient + JsonSerializer.DeserializeAsync (over HTTP)' -Metric 'allocated' -Values $raw.serializerOverHttp.allocatedBytes -Unit 'bytes'
    Add-Result -Section 'list' -Peer 'HttpClient download of the body only (over HTTP)' -Metric 'total' -Values $raw.downloadMs -Reference

    Write-Host "Measuring a list of $ListCount credentials: the cmdlet, one fresh pwsh per run ($Runs runs)..." -ForegroundColor Cyan
    $scriptPath = Join-Path $script:TempDir 'list.ps1'
    Set-Content -Path $scriptPath -Value $ListChildScript
    $cmdletRuns = for ($run = 0; $run -lt $Runs; $run++) {
        Invoke-PwshScript -Name 'The pwsh list run' -ScriptPath $scriptPath -Environment $environment
    }
    $peer = $ListPeer
    Add-Result -Section 'list' -Peer $peer -Metric 'total' -Values ($cmdletRuns | ForEach-Object totalMs)
    Add-Result -Section 'list' -Peer $peer -Metric 'coldTotal' -Values ($cmdletRuns | ForEach-Object coldTotalMs)
    Add-Result -Section 'list' -Peer $peer -Metric 'coldFirst' -Values ($cmdletRuns | ForEach-Object coldFirstMs)
    Add-Result -Section 'list' -Peer $peer -Metric 'warmFirst' -Values ($cmdletRuns | ForEach-Object warmFirstMs)
    Add-Result -Section 'list' -Peer $peer -Metric 'allocated' -Values ($cmdletRuns | ForEach-Object allocatedBytes) -Unit 'bytes'
    Add-Result -Section 'list' -Peer $peer -Metric 'peakBefore' -Values ($cmdletRuns | ForEach-Object peakWorkingSetBeforeBytes) -Unit 'bytes'
    Add-Result -Section 'list' -Peer $peer -Metric 'peak' -Values ($cmdletRuns | ForEach-Object peakWorkingSetBytes) -Unit 'bytes'
}

function Measure-Login {
    param([Parameter(Mandatory)] [hashtable] $Environment)

    if (-not (Test-Tool 'docker')) {
        $Skipped.Add('The create-and-login measurement was skipped because the Docker CLI is not on PATH.')
        return
    }

    $environment = $Environment.Clone()
    $environment.DGBENCH_RUNS = $Runs
    $environment.DGBENCH_REGISTRY = $script:Emulator.Registry

    Write-Host 'Measuring create and log in: New-DgDistributionCredential | Connect-DgRegistry...' -ForegroundColor Cyan
    $scriptPath = Join-Path $script:TempDir 'login.ps1'
    Set-Content -Path $scriptPath -Value $LoginChildScript
    $pwsh = Invoke-PwshScript -Name 'The pwsh login run' -ScriptPath $scriptPath -Environment $environment
    if ($pwsh.available) {
        Add-Result -Section 'login' -Peer 'New-DgDistributionCredential | Connect-DgRegistry (one pwsh)' -Metric 'run' -Values $pwsh.runsMs
    }
    else {
        $Skipped.Add('New-DgDistributionCredential | Connect-DgRegistry was not measured because this build of the module has no Connect-DgRegistry.')
    }

    if ((Test-Tool 'bash') -and (Test-Tool 'curl')) {
        Write-Host 'Measuring create and log in: curl and docker login --password-stdin...' -ForegroundColor Cyan
        $loginPath = Join-Path $script:TempDir 'curl-login.sh'
        Set-Content -Path $loginPath -Value $CurlLoginScript
        $curl = Invoke-BenchChild -Name 'The curl and docker login run' -FilePath 'bash' -ArgumentList @($loginPath) -Environment $environment
        Add-Result -Section 'login' -Peer 'curl POST, then docker login --password-stdin (bash)' -Metric 'run' -Values $curl.runsMs
    }
    else {
        $Skipped.Add('The curl and docker login peer was skipped because bash or curl is not on PATH.')
    }
}

#endregion

#region Page

function Format-Number([double] $Value, [int] $Decimals = 1) {
    if ([double]::IsNaN($Value)) { return '—' }
    $Value.ToString("N$Decimals", [cultureinfo]::InvariantCulture)
}

# A table cell cannot hold a bare '|'.
function Format-Label([string] $Text) { $Text.Replace('|', '\|') }

function Format-Megabytes([double] $Bytes) { Format-Number ($Bytes / 1MB) 1 }

function Format-Ratio([double] $Value) {
    if ([double]::IsNaN($Value) -or [double]::IsInfinity($Value)) { return '—' }
    $Value.ToString('N2', [cultureinfo]::InvariantCulture) + '×'
}

function Get-Fastest([object[]] $Rows) {
    $peers = @($Rows | Where-Object { -not $_.Reference })
    if ($peers.Count -eq 0) { return [double]::NaN }
    ($peers | Measure-Object -Property Median -Minimum).Minimum
}

function Get-MedianOf([string] $Section, [string] $Peer, [string] $Metric) {
    $row = Get-Result -Section $Section -Peer $Peer -Metric $Metric
    if ($row) { return $row.Median }
    return [double]::NaN
}

function New-TargetRows {
    <#
    .SYNOPSIS
        Returns the table rows that compare the measured medians with the targets, and the
        sentences that explain a missed target with what was measured.
    #>
    $rows = [System.Collections.Generic.List[string]]::new()
    $notes = [System.Collections.Generic.List[string]]::new()

    $bare = Get-MedianOf 'import' $ImportPeers.Bare 'start'
    $imported = Get-MedianOf 'import' $ImportPeers.Module 'start'
    $empty = Get-MedianOf 'import' $ImportPeers.Empty 'start'
    $formatOnly = Get-MedianOf 'import' $ImportPeers.FormatOnly 'start'
    $added = $imported - $bare
    $rows.Add("| Importing adds at most 60 ms to a bare pwsh start | +$(Format-Number $added) ms ($(Format-Number $imported) ms against $(Format-Number $bare) ms) | $(if ($added -le 60) { 'met' } else { 'missed' }) |")
    if ($added -gt 60) {
        $notes.Add("Import: Import-Module of an empty manifest module adds $(Format-Number ($empty - $bare)) ms by itself, and one with only a one-view format file adds $(Format-Number ($formatOnly - $bare)) ms. " +
            "The module's own share above the second is $(Format-Number ($imported - $formatOnly)) ms.")
    }

    $cmdlet = Get-MedianOf 'get' 'Get-DgDistributionCredential in a loop (one pwsh)' 'run'
    $restMethod = Get-MedianOf 'get' 'Invoke-RestMethod in a loop (same pwsh)' 'run'
    $raw = Get-MedianOf 'get' 'C# HttpClient + JsonDocument (bench/RawHttpClient)' 'run'
    $floor = Get-MedianOf 'get' $GetPeers.Empty 'run'
    # Medians of whole runs, turned into microseconds per get.
    $perGet = 1000 / $Requests
    $toRaw = $cmdlet / $raw
    $rows.Add("| A cmdlet call costs at most 1.25 × a raw HttpClient call | $(Format-Number ($cmdlet * $perGet)) against $(Format-Number ($raw * $perGet)) µs per get: $(Format-Ratio $toRaw) | $(if ($toRaw -le 1.25) { 'met' } else { 'missed' }) |")
    $rows.Add("| A cmdlet call costs less than an Invoke-RestMethod call | $(Format-Number ($cmdlet * $perGet)) against $(Format-Number ($restMethod * $perGet)) µs per get: $(Format-Ratio ($cmdlet / $restMethod)) | $(if ($cmdlet -lt $restMethod) { 'met' } else { 'missed' }) |")
    if ($toRaw -gt 1.25) {
        $apiClient = Get-MedianOf 'get' $GetPeers.ApiClient 'run'
        $httpInPwsh = Get-MedianOf 'get' $GetPeers.HttpClientInPwsh 'run'
        $notes.Add("Get: an empty compiled cmdlet with the same parameters costs $(Format-Number ($floor * $perGet)) µs per call in the same pwsh, which is PowerShell's own cost of running a command. " +
            "The same get made from the pwsh pipeline thread without a cmdlet waits while the thread pool does the I/O. " +
            "It costs $(Format-Number ($httpInPwsh * $perGet)) µs with a plain HttpClient and $(Format-Number ($apiClient * $perGet)) µs with the module's Api client, against $(Format-Number ($raw * $perGet)) µs in the C# program, whose async loop never blocks a thread. " +
            "The cmdlet costs $(Format-Number (($cmdlet - $apiClient) * $perGet)) µs more than its Api client called from the same pwsh.")
    }

    $listPeer = $ListPeer
    $warmFirst = Get-MedianOf 'list' $listPeer 'warmFirst'
    $download = Get-MedianOf 'list' 'HttpClient download of the body only (over HTTP)' 'total'
    $rows.Add("| The $(Format-Number $ListCount 0)-item list streams its first object before the body is fully read | first object after $(Format-Number $warmFirst) ms; downloading the whole body alone takes $(Format-Number $download) ms | $(if ($warmFirst -lt $download) { 'met' } else { 'missed' }) |")
    $listTotal = Get-MedianOf 'list' $listPeer 'total'
    $deserialize = Get-MedianOf 'list' 'JsonSerializer.Deserialize over the downloaded body (in memory)' 'total'
    $toDeserialize = $listTotal / $deserialize
    $rows.Add("| The list stays within 2 × the raw deserialization time | $(Format-Number $listTotal) against $(Format-Number $deserialize) ms (JsonSerializer in memory): $(Format-Ratio $toDeserialize) | $(if ($toDeserialize -le 2) { 'met' } else { 'missed' }) |")
    if ($toDeserialize -gt 2) {
        $overHttp = Get-MedianOf 'list' 'HttpClient + JsonSerializer.DeserializeAsync (over HTTP)' 'total'
        $notes.Add("List: the cmdlet's time includes the HTTP transfer, which the in-memory baseline leaves out. Against JsonSerializer over HTTP ($(Format-Number $overHttp) ms) the cmdlet takes $(Format-Ratio ($listTotal / $overHttp)).")
    }

    [pscustomobject]@{ Rows = $rows; Notes = $notes }
}

function New-GeneratedBlock {
    param([System.Collections.IDictionary] $Machine, [string] $StartedAt, [string] $LoadStart, [string] $LoadEnd, [double] $DurationSec)

    $md = [System.Collections.Generic.List[string]]::new()
    $md.Add('<!-- BEGIN GENERATED -->')
    $md.Add('<!-- Written by tools/Invoke-Benchmark.ps1; edits between these markers are replaced on the next run. -->')
    $md.Add('')
    $md.Add("Run on $StartedAt UTC in $(Format-Number ($DurationSec / 60) 1) minutes, with ``dotnet pwsh ./build.ps1 Bench``, which ran:")
    $md.Add('')
    $md.Add('```')
    $md.Add("tools/Invoke-Benchmark.ps1 -ModulePath out/DeepgramOnPrem/DeepgramOnPrem.psd1 -EmulatorPath out/emulator/DeepgramOnPrem.Emulator.dll -OutputPath docs/benchmarks.md -Runs $Runs -Requests $Requests -ImportRuns $ImportRuns -CurlProcessRuns $CurlProcessRuns -ListCount $ListCount")
    $md.Add('```')
    $md.Add('')
    $md.Add('Every figure is the median of the runs listed under "All runs". Ratios divide by the fastest peer in the same table; rows marked *reference* are lower bounds, not ways to do the job, and are never the fastest peer.')
    $md.Add('')

    $targets = New-TargetRows
    $md.Add('### Targets')
    $md.Add('')
    $md.Add('| Target | Measured (medians) | Verdict |')
    $md.Add('|---|---|---|')
    foreach ($row in $targets.Rows) { $md.Add($row) }
    $md.Add('')
    foreach ($note in $targets.Notes) { $md.Add("- $note") }
    if ($targets.Notes.Count -gt 0) { $md.Add('') }

    $md.Add('### 1. Starting pwsh, with and without the module')
    $md.Add('')
    $md.Add("Wall-clock time from process start to exit of ``pwsh -NoProfile -NonInteractive -Command …``, $ImportRuns starts of each kind, taking turns.")
    $md.Add('')
    $md.Add('| Process | Median (ms) | Added to a bare start (ms) |')
    $md.Add('|---|---:|---:|')
    $bare = Get-MedianOf 'import' $ImportPeers.Bare 'start'
    foreach ($row in $Results | Where-Object Section -EQ 'import') {
        $label = if ($row.Reference) { "$(Format-Label $row.Peer) (*reference*)" } else { Format-Label $row.Peer }
        $md.Add("| $label | $(Format-Number $row.Median) | $(Format-Number ($row.Median - $bare)) |")
    }
    $md.Add('')

    $md.Add("### 2. $(Format-Number $Requests 0) sequential gets of one credential")
    $md.Add('')
    $md.Add("Each peer gets the same credential $(Format-Number $Requests 0) times in a row per run, over one kept-alive connection, after $(Format-Number ($GetWarmupRounds * $Requests) 0) untimed gets; curl with one process per request opens a connection per get and has no untimed gets. " +
        "The loops in pwsh take turns. The µs column is the median run divided by $(Format-Number $Requests 0).")
    $md.Add('')
    $md.Add("| Peer | Median ms per $(Format-Number $Requests 0) gets | µs per get | Ratio to fastest |")
    $md.Add('|---|---:|---:|---:|')
    $getRows = @($Results | Where-Object Section -EQ 'get' | Sort-Object Median)
    $fastest = Get-Fastest $getRows
    foreach ($row in $getRows) {
        $label = if ($row.Reference) { "$(Format-Label $row.Peer) (*reference*)" } else { Format-Label $row.Peer }
        $md.Add("| $label | $(Format-Number $row.Median) | $(Format-Number ($row.Median * 1000 / $Requests)) | $(Format-Ratio ($row.Median / $fastest)) |")
    }
    $md.Add('')

    $md.Add("### 3. Listing a project of $(Format-Number $ListCount 0) credentials")
    $md.Add('')
    $md.Add("The body is $(Format-Megabytes $script:ListBodyBytes) MB of JSON. The cmdlet runs in a fresh pwsh per run, and each figure in its row is the median over those runs. " +
        'Its first object is timed where it arrives, in `Select-Object -First 1 | ForEach-Object`. ' +
        'The *first list* figure comes from the session''s first list, which also pays for JIT compilation and the connection, and the *warm* figure is the median of the next five. ' +
        'Its total is the whole list assigned to a variable, so that every object is alive at the end, as in the System.Text.Json baseline. ' +
        'The *first list* total is the first whole list of the session, and the *warm* total the median of the next three. ' +
        'The System.Text.Json rows are medians over runs in one process after three untimed runs. GC allocated is what the .NET garbage collector counted during one whole list (GC.GetTotalAllocatedBytes). ' +
        'Peak working set is the high-water mark of the whole process (Process.PeakWorkingSet64): pwsh with the module after its first whole list, or the RawHttpClient process after all its runs.')
    $md.Add('')
    $md.Add('| Peer | First object (ms) | Total (ms) | Ratio to fastest | GC allocated (MB) | Peak working set (MB) |')
    $md.Add('|---|---:|---:|---:|---:|---:|')
    $totalRows = @($Results | Where-Object { $_.Section -eq 'list' -and $_.Metric -eq 'total' } | Sort-Object Median)
    $fastest = Get-Fastest $totalRows
    foreach ($row in $totalRows) {
        $label = if ($row.Reference) { "$(Format-Label $row.Peer) (*reference*)" } else { Format-Label $row.Peer }
        $allocated = Get-MedianOf 'list' $row.Peer 'allocated'
        if ($row.Peer -eq $ListPeer) {
            $first = "$(Format-Number (Get-MedianOf 'list' $row.Peer 'warmFirst')) warm, $(Format-Number (Get-MedianOf 'list' $row.Peer 'coldFirst')) first list"
            $total = "$(Format-Number $row.Median) warm, $(Format-Number (Get-MedianOf 'list' $row.Peer 'coldTotal')) first list"
            $peak = "$(Format-Megabytes (Get-MedianOf 'list' $row.Peer 'peak')) (before the list: $(Format-Megabytes (Get-MedianOf 'list' $row.Peer 'peakBefore')))"
        }
        else {
            $first = 'whole list at once'
            $total = Format-Number $row.Median
            $peak = Format-Megabytes $script:RawPeakWorkingSet
        }
        $md.Add("| $label | $first | $total | $(Format-Ratio ($row.Median / $fastest)) | $(if ([double]::IsNaN($allocated)) { '—' } else { Format-Megabytes $allocated }) | $peak |")
    }
    $md.Add('')

    $md.Add('### 4. Create a credential, then log Docker in with it')
    $md.Add('')
    $md.Add("Docker logs in to the emulator's ``/v2/`` endpoint with an empty configuration folder per run; each peer runs once untimed first.")
    $md.Add('')
    $loginRows = @($Results | Where-Object Section -EQ 'login' | Sort-Object Median)
    if ($loginRows.Count -gt 0) {
        $md.Add('| Peer | Median per create and login (ms) | Ratio to fastest |')
        $md.Add('|---|---:|---:|')
        $fastest = Get-Fastest $loginRows
        foreach ($row in $loginRows) {
            $md.Add("| $(Format-Label $row.Peer) | $(Format-Number $row.Median) | $(Format-Ratio ($row.Median / $fastest)) |")
        }
        $md.Add('')
    }

    if ($Skipped.Count -gt 0) {
        $md.Add('### Not measured in this run')
        $md.Add('')
        foreach ($line in $Skipped) { $md.Add("- $line") }
        $md.Add('')
    }

    $md.Add('### Machine')
    $md.Add('')
    $md.Add('| | |')
    $md.Add('|---|---|')
    foreach ($entry in $Machine.GetEnumerator()) { $md.Add("| $($entry.Key) | $($entry.Value) |") }
    if ($LoadStart) {
        $md.Add("| Load average (1, 5, 15 min) | $LoadStart at the start, $LoadEnd at the end |")
    }
    $md.Add('')
    $md.Add('The emulator, the client under test and any other work on the machine share its cores, so absolute times vary from run to run; the ratios within one run are the figures to compare.')
    $md.Add('')

    $md.Add('<details><summary>All runs</summary>')
    $md.Add('')
    $md.Add('| Section | Peer | Metric | Runs |')
    $md.Add('|---|---|---|---|')
    foreach ($row in $Results) {
        $values = if ($row.Unit -eq 'bytes') { ($row.Values | ForEach-Object { Format-Megabytes $_ }) -join ', ' } else { ($row.Values | ForEach-Object { Format-Number $_ }) -join ', ' }
        $unit = if ($row.Unit -eq 'bytes') { 'MB' } else { $row.Unit }
        $md.Add("| $($row.Section) | $(Format-Label $row.Peer) | $($row.Metric) ($unit) | $values |")
    }
    $md.Add('')
    $md.Add('</details>')
    $md.Add('<!-- END GENERATED -->')
    $md
}

function Write-BenchmarkPage {
    <#
    .SYNOPSIS
        Replaces the generated block of the page, keeping the text around it, or writes a new page.
    #>
    param([string[]] $Block)

    $begin = '<!-- BEGIN GENERATED -->'
    $end = '<!-- END GENERATED -->'
    $generated = $Block -join "`n"
    if (Test-Path $OutputPath) {
        $existing = Get-Content $OutputPath -Raw
        $start = $existing.IndexOf($begin, [StringComparison]::Ordinal)
        $stop = $existing.IndexOf($end, [StringComparison]::Ordinal)
        if ($start -ge 0 -and $stop -gt $start) {
            $text = $existing.Substring(0, $start) + $generated + $existing.Substring($stop + $end.Length)
            Set-Content -Path $OutputPath -Value $text.TrimEnd() -Encoding utf8NoBOM
            return
        }
    }

    $page = @(
        '# Benchmarks'
        ''
        'How the module compares with other ways to call the same API, measured on loopback against the local emulator.'
        ''
        '## How to rerun'
        ''
        '```'
        'dotnet tool restore'
        'dotnet pwsh ./build.ps1 Bench'
        '```'
        ''
        '## Results'
        ''
        $generated
    ) -join "`n"
    $folder = Split-Path -Parent $OutputPath
    if ($folder -and -not (Test-Path $folder)) { $null = New-Item -ItemType Directory -Path $folder }
    Set-Content -Path $OutputPath -Value $page -Encoding utf8NoBOM
}

#endregion

$startedAt = [DateTime]::UtcNow
$loadStart = Get-LoadAverage
$script:Emulator = $null
$script:TempDir = Join-Path ([System.IO.Path]::GetTempPath()) ('dgonprem-bench-' + [guid]::NewGuid().ToString('N'))
$script:ListBodyBytes = [double]::NaN
$script:RawPeakWorkingSet = [double]::NaN
$null = New-Item -ItemType Directory -Path $script:TempDir
try {
    Install-BenchPeers
    Measure-Import

    Write-Host 'Starting the emulator...' -ForegroundColor Cyan
    $script:Emulator = Start-BenchEmulator

    # curl reads the Authorization header from this file, so the key is on no command line.
    $headerFile = Join-Path $script:TempDir 'authorization.header'
    Set-Content -Path $headerFile -Value "Authorization: Token $($script:Emulator.OwnerKey)"
    if (-not $IsWindows) { [System.IO.File]::SetUnixFileMode($headerFile, [System.IO.UnixFileMode] 'UserRead, UserWrite') }

    $environment = @{
        DGBENCH_MODULE      = $ModulePath
        DGBENCH_URL         = $script:Emulator.Url
        DGBENCH_API_KEY     = $script:Emulator.OwnerKey
        DGBENCH_PROJECT     = $script:Emulator.ProjectId
        DGBENCH_HEADER_FILE = $headerFile
        DGBENCH_TEMP        = $script:TempDir
    }

    $credential = New-EmulatorCredential -Comment 'bench get'
    Measure-Gets -CredentialId $credential.distribution_credentials_id -Environment $environment
    Measure-List -Environment $environment
    $null = Invoke-EmulatorControl -Path 'reset'
    Measure-Login -Environment $environment

    $machine = Get-MachineDescription
    $duration = ([DateTime]::UtcNow - $startedAt).TotalSeconds
    $block = New-GeneratedBlock -Machine $machine -StartedAt $startedAt.ToString('yyyy-MM-dd HH:mm') -LoadStart $loadStart -LoadEnd (Get-LoadAverage) -DurationSec $duration
    Write-BenchmarkPage -Block $block
    Write-Host "Wrote $OutputPath" -ForegroundColor Green
    New-TargetRows | ForEach-Object Rows | Write-Host
}
finally {
    Stop-BenchEmulator $script:Emulator
    if (Test-Path $script:TempDir) { Remove-Item $script:TempDir -Recurse -Force -ErrorAction SilentlyContinue }
}
