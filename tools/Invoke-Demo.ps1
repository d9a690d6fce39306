<#
.SYNOPSIS
    Runs the module's main job against the local emulator: connect, create a distribution
    credential, and log the real Docker CLI in with it.

.DESCRIPTION
    build.ps1 Demo runs this in a fresh pwsh after building. It starts the emulator on a free
    loopback port, points DOCKER_CONFIG at a throwaway folder so the user's own Docker logins are
    untouched, runs the pipeline a user would type, shows the objects it returns, then deletes
    the credential and stops the emulator, also when a step fails.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

if (-not (Get-Command docker -CommandType Application -ErrorAction SilentlyContinue)) {
    Write-Error ("The Docker CLI was not found on PATH, and the demo logs it in to the emulator's registry endpoint. " +
        'Install the Docker CLI (on Debian or Ubuntu: apt-get install docker.io; on Windows or macOS: Docker Desktop), then run the demo again. ' +
        'No Docker engine is needed: docker login talks to the registry itself.')
    exit 1
}

Import-Module $ModulePath

$emulator = $null
$dockerConfig = Join-Path ([System.IO.Path]::GetTempPath()) ('dgonprem-demo-' + [guid]::NewGuid().ToString('N'))
$previousDockerConfig = $env:DOCKER_CONFIG
$credential = $null
try {
    Write-Host 'Starting the Deepgram API emulator...' -ForegroundColor Cyan
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in $EmulatorPath, '--port', '0') { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardInput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $emulator = [System.Diagnostics.Process]::Start($info)
    $null = $emulator.StandardError.ReadToEndAsync()
    $readLine = $emulator.StandardOutput.ReadLineAsync()
    if (-not $readLine.Wait([TimeSpan]::FromSeconds(30)) -or -not $readLine.Result) {
        throw 'The emulator did not report that it was ready within 30 seconds.'
    }
    $ready = $readLine.Result | ConvertFrom-Json
    $baseUri = $ready.url
    $registry = ([uri] $baseUri).Authority
    Write-Host "Emulator listening at $baseUri"

    New-Item -ItemType Directory -Path $dockerConfig | Out-Null
    $env:DOCKER_CONFIG = $dockerConfig
    Write-Host "DOCKER_CONFIG is a throwaway folder: $dockerConfig"

    # The main job, as a user types it. The emulator's seeded owner key stands in for a real one.
    $apiKey = ConvertTo-SecureString $ready.ownerKey -AsPlainText -Force
    Write-Host "`nPS> Connect-DgAccount -ApiKey `$apiKey -BaseUri $baseUri" -ForegroundColor Yellow
    Connect-DgAccount -ApiKey $apiKey -BaseUri $baseUri | Format-Table | Out-Host

    Write-Host "PS> Get-DgProject -Name 'Acme on-prem' | New-DgDistributionCredential -Comment 'build agent 42' -OutVariable credential | Connect-DgRegistry -Registry $registry" -ForegroundColor Yellow
    $login = Get-DgProject -Name 'Acme on-prem' |
        New-DgDistributionCredential -Comment 'build agent 42' -OutVariable credential |
        Connect-DgRegistry -Registry $registry
    $credential = $credential | Select-Object -First 1

    Write-Host "`nThe credential (its secret is a SecureString and is never shown):" -ForegroundColor Cyan
    $credential | Format-List DistributionCredentialId, ProjectId, UserName, Comment, Scopes, Created, Registry, HasSecret | Out-Host
    Write-Host 'The login:' -ForegroundColor Cyan
    $login | Format-Table | Out-Host

    $config = Get-Content (Join-Path $dockerConfig 'config.json') -Raw | ConvertFrom-Json
    if (-not ($config.auths.PSObject.Properties.Name -contains $registry)) {
        throw "Docker's config in $dockerConfig has no login for $registry."
    }
    Write-Host "Docker is logged in to $registry (an entry in $dockerConfig/config.json)." -ForegroundColor Green
}
finally {
    if ($credential) {
        Write-Host "`nPS> `$credential | Remove-DgDistributionCredential -Force" -ForegroundColor Yellow
        $credential | Remove-DgDistributionCredential -Force -ErrorAction Continue
    }
    $env:DOCKER_CONFIG = $previousDockerConfig
    if (Test-Path $dockerConfig) { Remove-Item $dockerConfig -Recurse -Force }
    if ($emulator -and -not $emulator.HasExited) {
        # Closing standard input stops the emulator; Kill is the fallback.
        $emulator.StandardInput.Close()
        if (-not $emulator.WaitForExit(5000)) { $emulator.Kill() }
    }
    Write-Host 'Emulator stopped.'
}
