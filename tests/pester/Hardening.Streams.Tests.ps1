# -Debug without -Verbose, as a pipeline step might pass it. PowerShell sets a compiled cmdlet's
# verbose and warning preferences to Inquire under -Debug, so each such line would prompt, and in a
# non-interactive session the prompt fails the command.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Emulator = Start-TestEmulator
    $script:EmulatorEnvironment = Get-EmulatorEnvironment $script:Emulator

    $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script @'
$results = [ordered]@{}
function Invoke-Debugged([string] $Name, [scriptblock] $Call) {
    $failure = $null
    $records = @()
    try { $records = @(& $Call 5>&1) }
    catch { $failure = $_.ToString() }
    $results[$Name] = [ordered]@{
        Failure = $failure
        Debug   = @($records | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message)
        Output  = @($records | Where-Object { $_ -isnot [System.Management.Automation.DebugRecord] }).Count
    }
}

# Each call names its key, so one failing call leaves the others to run.
$account = @{ ApiKey = $env:DGT_OWNER; BaseUri = $env:DGT_URL }
Invoke-Debugged 'Connect' { Connect-DgAccount @account -Debug }
Invoke-Debugged 'List' { Get-DgProject @account -Debug }
$null = Invoke-RestMethod -Uri "$env:DGT_URL/_emulator/config" -Method Post -Body '{"createShape":"wrapped"}' -ContentType 'application/json' -NoProxy
Invoke-Debugged 'Create' { New-DgDistributionCredential @account -ProjectId $env:DGT_PROJECT -Comment 'debug only' -Debug }
$created = @(Get-DgDistributionCredential @account -ProjectId $env:DGT_PROJECT -Comment 'debug only')
Invoke-Debugged 'Remove' { $created | Remove-DgDistributionCredential @account -Force -Debug }

# The real docker warns that it stored the login unencrypted; that warning must not prompt either.
$null = Invoke-RestMethod -Uri "$env:DGT_URL/_emulator/config" -Method Delete -NoProxy
$withSecret = New-DgDistributionCredential @account -ProjectId $env:DGT_PROJECT -Comment 'debug login'
$configPath = Join-Path ([System.IO.Path]::GetTempPath()) ('dgonprem-debug-' + [guid]::NewGuid().ToString('N'))
Invoke-Debugged 'Login' { $withSecret | Connect-DgRegistry -Registry $env:DGT_HOST -ConfigPath $configPath -Debug }
Remove-Item $configPath -Recurse -Force -ErrorAction SilentlyContinue
$withSecret | Remove-DgDistributionCredential @account -Force
Invoke-Debugged 'Disconnect' { Disconnect-DgAccount -Debug }
$results | ConvertTo-Json -Compress -Depth 4
'@
    $script:Result = Get-ChildResult $run
}

AfterAll {
    Stop-TestEmulator $script:Emulator
}

Describe '-Debug without -Verbose' {
    It '<Name> does not fail on a prompt' -ForEach @(
        @{ Name = 'Connect' }, @{ Name = 'List' }, @{ Name = 'Create' }, @{ Name = 'Remove' }, @{ Name = 'Login' }, @{ Name = 'Disconnect' }
    ) {
        $script:Result.$Name.Failure | Should -BeNullOrEmpty
    }

    It 'returns the output' {
        $script:Result.List.Output | Should -Be 2
        $script:Result.Create.Output | Should -Be 1
    }

    It 'shows each request as a debug line' {
        @($script:Result.List.Debug | Where-Object { $_ -like 'GET /v1/projects: 200 OK in * ms, request id *' }).Count | Should -Be 1
    }

    It 'shows response bodies as debug lines' {
        @($script:Result.List.Debug | Where-Object { $_ -like 'Response body of GET /v1/projects: {"projects":*' }).Count | Should -Be 1
    }

    It 'shows a warning as a debug line' {
        @($script:Result.Create.Debug | Where-Object { $_ -like 'WARNING: The server created deepgram+* but returned no secret*' }).Count | Should -Be 1
    }

    It 'returns the registry login' {
        $script:Result.Login.Output | Should -Be 1
    }

    It 'shows docker''s storage warning as a debug line' {
        @($script:Result.Login.Debug | Where-Object { $_ -like 'WARNING: docker: *stored unencrypted*' }).Count | Should -Be 1
    }

    It 'shows the cmdlets'' own verbose lines' {
        @($script:Result.Remove.Debug | Where-Object { $_ -like 'Deleted deepgram+*' }).Count | Should -Be 1
        @($script:Result.Disconnect.Debug | Where-Object { $_ -like 'Forgot the key*' }).Count | Should -Be 1
    }
}
