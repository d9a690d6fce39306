<#
.SYNOPSIS
    Runs the Pester suite in this process and writes its counts to a JSON file for build.ps1.
.PARAMETER ResultPath
    File that receives {"Passed":n,"Failed":n,"Skipped":n}.
.PARAMETER Path
    Test files or folders to run. Defaults to this folder.
#>
param(
    [Parameter(Mandatory)]
    [string] $ResultPath,

    [string[]] $Path = @($PSScriptRoot)
)

$ErrorActionPreference = 'Stop'
if (-not $env:DGONPREM_PESTER -or -not (Test-Path $env:DGONPREM_PESTER)) {
    throw "Pester was not found at '$env:DGONPREM_PESTER'. Run 'dotnet restore tests/DeepgramOnPrem.Tests', which downloads it, or run the tests through build.ps1 Test."
}

Import-Module $env:DGONPREM_PESTER -Force
$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.Should.ErrorAction = 'Continue'
$result = Invoke-Pester -Configuration $configuration

# Failed blocks (a BeforeAll that threw) fail their tests without counting them as failed tests.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $failed
    Skipped = $result.SkippedCount + $result.NotRunCount
} | ConvertTo-Json | Set-Content -Path $ResultPath -Encoding utf8

exit ([int]($failed -gt 0))
