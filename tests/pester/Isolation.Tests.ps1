# Runspace isolation: eight parallel runspaces in one process each store their own key with
# Connect-DgAccount and send 125 requests; the emulator's request log shows which key each
# request carried, so a key seen from the wrong runspace shows up as a wrong count.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Emulator = Start-TestEmulator
    $script:RunspaceCount = 8
    $script:RequestsPerRunspace = 125

    $script:Keys = @(1..$script:RunspaceCount | ForEach-Object { (Invoke-EmulatorControl $script:Emulator 'keys' -Method POST -Body @{ role = 'owner' }).key })
    $null = Invoke-EmulatorControl $script:Emulator 'requests' -Method DELETE

    $environment = (Get-EmulatorEnvironment $script:Emulator) + @{
        DGT_KEYS     = ($script:Keys -join ',')
        DGT_REQUESTS = [string] $script:RequestsPerRunspace
    }
    $run = Invoke-ChildPwsh -Environment $environment -TimeoutSec 300 -Script @'
$module = (Get-Module DeepgramOnPrem).Path
$keys = $env:DGT_KEYS -split ','
$perRunspace = [int] $env:DGT_REQUESTS
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$reports = $keys | ForEach-Object -ThrottleLimit $keys.Count -Parallel {
    Import-Module $using:module
    $key = $_
    $null = Connect-DgAccount -ApiKey $key -BaseUri $using:env:DGT_URL -SkipValidation
    $failures = 0
    $projects = 0
    for ($i = 0; $i -lt $using:perRunspace; $i++) {
        try { $projects += @(Get-DgProject -ErrorAction Stop).Count }
        catch { $failures++ }
    }
    [pscustomobject]@{
        Runspace = [runspace]::DefaultRunspace.InstanceId
        Failures = $failures
        Projects = $projects
    }
}
[ordered]@{
    Runspaces = @($reports.Runspace | Sort-Object -Unique).Count
    Failures  = ($reports | Measure-Object Failures -Sum).Sum
    Projects  = ($reports | Measure-Object Projects -Sum).Sum
    Seconds   = [math]::Round($clock.Elapsed.TotalSeconds, 1)
} | ConvertTo-Json -Compress
'@
    $script:Result = Get-ChildResult $run
    $script:Requests = @((Invoke-EmulatorControl $script:Emulator 'requests').requests)
    $script:ByKey = @{}
    foreach ($group in ($script:Requests | Group-Object key)) { $script:ByKey[[string] $group.Name] = $group.Count }
}

AfterAll {
    Stop-TestEmulator $script:Emulator
}

Describe 'Parallel runspaces' {
    It 'run in eight distinct runspaces' {
        $script:Result.Runspaces | Should -Be $script:RunspaceCount
    }

    It 'complete every request' {
        $script:Result.Failures | Should -Be 0
        $script:Result.Projects | Should -Be ($script:RunspaceCount * $script:RequestsPerRunspace * 2)
    }

    It 'send 1,000 requests in all' {
        $script:Requests.Count | Should -Be 1000
    }

    It 'send 125 requests with each runspace''s key' {
        foreach ($key in $script:Keys) {
            $script:ByKey[$key] | Should -Be $script:RequestsPerRunspace
        }
    }

    It 'send no request with another key' {
        @($script:ByKey.Keys | Where-Object { $script:Keys -notcontains $_ }) | Should -BeNullOrEmpty
    }
}
