# Ctrl+C and timeouts through the cmdlets. A nested pipeline in the child pwsh runs the cmdlet,
# and PowerShell.Stop() is what Ctrl+C calls, so the time Stop() takes is the user's wait.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Emulator = Start-TestEmulator
    $script:EmulatorEnvironment = Get-EmulatorEnvironment $script:Emulator

    $script:Run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script @'
$module = (Get-Module DeepgramOnPrem).Path

function Add-Fault {
    param([string] $PathContains, [hashtable] $Step, [string] $Method = 'GET')
    $body = @{ method = $Method; pathContains = $PathContains; steps = @($Step) } | ConvertTo-Json -Depth 6 -Compress
    $null = Invoke-RestMethod -Uri "$env:DGT_URL/_emulator/faults" -Method Post -Body $body -ContentType 'application/json' -NoProxy
}

function Wait-Until {
    param([scriptblock] $Condition, [string] $What)
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    while (-not (& $Condition)) {
        if ($clock.Elapsed.TotalSeconds -gt 15) { throw "Timed out waiting for $What." }
        Start-Sleep -Milliseconds 20
    }
}

function Get-LoggedRequest([string] $PathLike, [string] $Method) {
    @((Invoke-RestMethod -Uri "$env:DGT_URL/_emulator/requests" -NoProxy).requests | Where-Object { $_.path -like $PathLike -and $_.method -eq $Method })
}

# Starts the script in a nested pipeline, waits for the condition, stops it, and times Stop().
function Measure-Stop {
    param([string] $Script, [scriptblock] $ReadyWhen, [string] $What)
    $ps = [powershell]::Create()
    $null = $ps.AddScript("Import-Module '$module'; $Script")
    $handle = $ps.BeginInvoke()
    Wait-Until { $handle.IsCompleted -or (& $ReadyWhen $ps) } $What
    $completedEarly = $handle.IsCompleted
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $ps.Stop()
    $clock.Stop()
    [ordered]@{
        CompletedEarly = $completedEarly
        StopMs         = $clock.Elapsed.TotalMilliseconds
        State          = [string] $ps.InvocationStateInfo.State
        Errors         = @($ps.Streams.Error | ForEach-Object { $_.FullyQualifiedErrorId })
    }
}

$connection = "-ApiKey '$env:DGT_OWNER' -BaseUri '$env:DGT_URL'"
$results = [ordered]@{}

$id = [guid]::NewGuid()
Add-Fault $id @{ kind = 'delay'; delayMs = 20000 }
$results.Request = Measure-Stop "Get-DgProject -ProjectId $id $connection" {
    param($ps) @(Get-LoggedRequest "*$id" 'GET' | Where-Object { $null -eq $_.status }).Count -gt 0
} 'the request to reach the emulator'

$id = [guid]::NewGuid()
Add-Fault $id @{ kind = 'status'; status = 429; headers = @{ 'Retry-After' = '2' } }
$results.RetryWait = Measure-Stop "Get-DgProject -ProjectId $id $connection" {
    param($ps) $ps.Streams.Progress.Count -gt 0
} 'the retry wait to start'
# The server asked for 2 s; a retry that survived the stop would arrive within this sleep.
Start-Sleep -Seconds 3
$results.RetryWaitAttempts = (Get-LoggedRequest "*$id" 'GET').Count

Add-Fault '/distribution/credentials' @{ kind = 'delay'; delayMs = 20000 } -Method POST
$results.Create = Measure-Stop "New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'stopped create' $connection" {
    param($ps) @(Get-LoggedRequest '*/distribution/credentials' 'POST' | Where-Object { $null -eq $_.status }).Count -gt 0
} 'the create to reach the emulator'

$id = [guid]::NewGuid()
Add-Fault $id @{ kind = 'delay'; delayMs = 5000 }
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$timeoutError = $null
try { Get-DgProject -ProjectId $id -TimeoutSec 1 -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL -ErrorAction Stop } catch { $timeoutError = $_ }
$results.TimeoutMs = $clock.Elapsed.TotalMilliseconds
$results.TimeoutId = $timeoutError.FullyQualifiedErrorId
$results.TimeoutCategory = [string] $timeoutError.CategoryInfo.Category
$results.TimeoutAttempts = (Get-LoggedRequest "*$id" 'GET').Count
$results | ConvertTo-Json -Compress -Depth 4
'@
    $script:Result = Get-ChildResult $script:Run
}

AfterAll {
    Stop-TestEmulator $script:Emulator
}

Describe 'Stopping a cmdlet' {
    It 'stops during a request within one second' {
        $script:Result.Request.CompletedEarly | Should -BeFalse
        $script:Result.Request.StopMs | Should -BeLessThan 1000
        $script:Result.Request.State | Should -Be 'Stopped'
    }

    It 'stops during a retry wait within one second' {
        $script:Result.RetryWait.CompletedEarly | Should -BeFalse
        $script:Result.RetryWait.StopMs | Should -BeLessThan 1000
        $script:Result.RetryWait.State | Should -Be 'Stopped'
    }

    It 'sends no retry after the stop' {
        $script:Result.RetryWaitAttempts | Should -Be 1
    }

    It 'stops during a create within one second' {
        $script:Result.Create.CompletedEarly | Should -BeFalse
        $script:Result.Create.StopMs | Should -BeLessThan 1000
        $script:Result.Create.State | Should -Be 'Stopped'
    }

    It 'reports no error for a stop' {
        $script:Result.Request.Errors | Should -BeNullOrEmpty
        $script:Result.RetryWait.Errors | Should -BeNullOrEmpty
    }
}

Describe 'Timeout' {
    It 'fails with DeepgramTimeout' {
        $script:Result.TimeoutId | Should -Be 'DeepgramTimeout,DeepgramOnPrem.Commands.GetDgProjectCommand'
        $script:Result.TimeoutCategory | Should -Be 'OperationTimeout'
    }

    It 'fails after -TimeoutSec, without retrying' {
        $script:Result.TimeoutMs | Should -BeGreaterOrEqual 950
        $script:Result.TimeoutMs | Should -BeLessThan 2500
        $script:Result.TimeoutAttempts | Should -Be 1
    }
}
