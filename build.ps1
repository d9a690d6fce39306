#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests, demonstrates, benchmarks and packages the DeepgramOnPrem module.

.DESCRIPTION
    Run it through the repository's local PowerShell tool:

        dotnet tool restore
        dotnet pwsh ./build.ps1 Demo    # the main job against the local emulator
        dotnet pwsh ./build.ps1 Test    # xunit and Pester, one closing count line

    Build leaves the importable module in out/DeepgramOnPrem and the emulator in out/emulator.
    Every task that loads the module does so in a child pwsh, so the build never locks the DLL.

.PARAMETER Task
    Build, Test, Demo, Bench or Package. Defaults to Build.

.PARAMETER Configuration
    The .NET build configuration. Defaults to Release.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Root = $PSScriptRoot
$OutDir = Join-Path $Root 'out'
$ModuleDir = Join-Path $OutDir 'DeepgramOnPrem'
$EmulatorDir = Join-Path $OutDir 'emulator'
$PesterVersion = '5.7.1'

# The child pwsh runs the same PowerShell as this one: pwsh.dll under the dotnet host.
$script:ChildPwsh = @([Environment]::ProcessPath)
if ((Split-Path -Leaf $script:ChildPwsh[0]) -like 'dotnet*') {
    $script:ChildPwsh += (Join-Path $PSHOME 'pwsh.dll')
}

function Invoke-Native {
    param([string] $FilePath, [string[]] $ArgumentList)
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Invoke-ChildPwsh {
    param([string[]] $ArgumentList)
    $exe = $script:ChildPwsh[0]
    $arguments = @($script:ChildPwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive') + $ArgumentList
    # The child's output goes to the host, so that only the exit code is returned.
    & $exe @arguments | Out-Host
    return $LASTEXITCODE
}

function Get-NuGetPackageRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    return Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages'
}

function Invoke-Build {
    Write-Host "Building ($Configuration)..." -ForegroundColor Cyan
    Invoke-Native dotnet @('build', (Join-Path $Root 'DeepgramOnPrem.sln'), '-c', $Configuration, '-nologo', '-v', 'quiet', '-clp:ErrorsOnly')

    # The module folder: the DLL, its dependencies for Windows PowerShell, manifest, views and help.
    $moduleBuild = Join-Path $Root "src/DeepgramOnPrem/bin/$Configuration/netstandard2.0"
    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    New-Item -ItemType Directory -Path $ModuleDir | Out-Null
    Get-ChildItem $moduleBuild -File |
        Where-Object { $_.Extension -in '.dll', '.psd1', '.ps1xml' -and $_.Name -ne 'DeepgramOnPrem.deps.json' } |
        Copy-Item -Destination $ModuleDir

    $helpBuilder = Join-Path $Root 'tools/Build-Help.ps1'
    if (Test-Path $helpBuilder) {
        & $helpBuilder -SourcePath (Join-Path $Root 'docs/help') -OutputPath (Join-Path $ModuleDir 'en-US')
    }

    $emulatorBuild = Join-Path $Root "src/DeepgramOnPrem.Emulator/bin/$Configuration/net10.0"
    if (Test-Path $EmulatorDir) { Remove-Item $EmulatorDir -Recurse -Force }
    Copy-Item $emulatorBuild -Destination $EmulatorDir -Recurse
    Write-Host "Module: $ModuleDir"
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $OutDir 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Path $results | Out-Null

    Write-Host 'Running xunit tests...' -ForegroundColor Cyan
    $trx = 'xunit.trx'
    & dotnet test (Join-Path $Root 'tests/DeepgramOnPrem.Tests') -c $Configuration --no-build --nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=normal' --results-directory $results
    $xunitExit = $LASTEXITCODE
    $xunit = Read-TrxCounts (Join-Path $results $trx)
    if ($xunitExit -ne 0 -and $xunit.Failed -eq 0) {
        # The run broke before reporting (a crash or a build error): count it as one failure.
        $xunit.Failed = 1
    }

    Write-Host 'Running Pester tests...' -ForegroundColor Cyan
    $pesterJson = Join-Path $results 'pester.json'
    $env:DGONPREM_MODULE = Join-Path $ModuleDir 'DeepgramOnPrem.psd1'
    $env:DGONPREM_EMULATOR = Join-Path $EmulatorDir 'DeepgramOnPrem.Emulator.dll'
    $env:DGONPREM_PESTER = Join-Path (Get-NuGetPackageRoot) "pester/$PesterVersion/tools/Pester.psd1"
    $pesterExit = Invoke-ChildPwsh @('-File', (Join-Path $Root 'tests/pester/Invoke-PesterTests.ps1'), '-ResultPath', $pesterJson)
    $pester = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    if (Test-Path $pesterJson) {
        $pester = Get-Content $pesterJson -Raw | ConvertFrom-Json
    }
    elseif ($pesterExit -eq 0) {
        $pester.Failed = 1
    }

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"
    Write-Host "Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) { exit 1 }
}

function Read-TrxCounts([string] $Path) {
    $counts = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 }
    if (-not (Test-Path $Path)) { return $counts }
    [xml] $trx = Get-Content $Path -Raw
    $summary = $trx.TestRun.ResultSummary.Counters
    $counts.Passed = [int] $summary.passed
    $counts.Failed = [int] $summary.failed + [int] $summary.error + [int] $summary.timeout + [int] $summary.aborted
    $counts.Skipped = [int] $summary.notExecuted
    return $counts
}

function Invoke-Demo {
    Invoke-Build
    $exit = Invoke-ChildPwsh @('-File', (Join-Path $Root 'tools/Invoke-Demo.ps1'),
        '-ModulePath', (Join-Path $ModuleDir 'DeepgramOnPrem.psd1'),
        '-EmulatorPath', (Join-Path $EmulatorDir 'DeepgramOnPrem.Emulator.dll'))
    if ($exit -ne 0) { exit $exit }
}

function Invoke-Bench {
    Invoke-Build
    $exit = Invoke-ChildPwsh @('-File', (Join-Path $Root 'tools/Invoke-Benchmark.ps1'),
        '-ModulePath', (Join-Path $ModuleDir 'DeepgramOnPrem.psd1'),
        '-EmulatorPath', (Join-Path $EmulatorDir 'DeepgramOnPrem.Emulator.dll'),
        '-OutputPath', (Join-Path $Root 'docs/benchmarks.md'))
    if ($exit -ne 0) { exit $exit }
}

function Invoke-Package {
    Invoke-Build
    $exit = Invoke-ChildPwsh @('-File', (Join-Path $Root 'tools/New-ModulePackage.ps1'),
        '-ModuleDirectory', $ModuleDir, '-OutputPath', (Join-Path $OutDir 'package'))
    if ($exit -ne 0) { exit $exit }
}

Push-Location $Root
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Package' { Invoke-Package }
    }
}
finally {
    Pop-Location
}
