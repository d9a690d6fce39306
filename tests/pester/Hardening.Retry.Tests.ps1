# Retries through the cmdlets: each retry header measured against the emulator's request log
# timestamps, the maximum number of attempts, the create rules, and how waits are shown.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Emulator = Start-TestEmulator
    $script:EmulatorEnvironment = Get-EmulatorEnvironment $script:Emulator

    # Defined in the child: fault rules and the request log through the control API.
    $script:ControlFunctions = @'
function Add-Fault {
    param([string] $PathContains, [object[]] $Steps, [string] $Method = 'GET')
    $body = @{ method = $Method; pathContains = $PathContains; steps = @($Steps) } | ConvertTo-Json -Depth 6 -Compress
    $null = Invoke-RestMethod -Uri "$env:DGT_URL/_emulator/faults" -Method Post -Body $body -ContentType 'application/json' -NoProxy
}
function Get-LoggedRequest {
    param([string] $PathLike, [string] $Method = 'GET')
    @((Invoke-RestMethod -Uri "$env:DGT_URL/_emulator/requests" -NoProxy).requests | Where-Object { $_.path -like $PathLike -and $_.method -eq $Method })
}
function Get-RetryGap {
    param([string] $PathLike)
    $requests = Get-LoggedRequest $PathLike
    ([datetimeoffset] $requests[1].receivedAt - [datetimeoffset] $requests[0].receivedAt).TotalMilliseconds
}
'@
}

AfterAll {
    Stop-TestEmulator $script:Emulator
}

Describe 'Retry headers' {
    BeforeAll {
        $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script ($script:ControlFunctions + @'

$null = Connect-DgAccount -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL -SkipValidation
$gaps = [ordered]@{}
$cases = [ordered]@{
    # Without a header the first wait is 250 to 500 ms, so a wait of 700 ms or more proves the header was read.
    RetryAfterMs  = @{ kind = 'status'; status = 429; headers = @{ 'retry-after-ms' = '700' } }
    RetryAfter    = @{ kind = 'status'; status = 503; headers = @{ 'Retry-After' = '1' } }
    RateLimitReset = @{ kind = 'status'; status = 429; headers = @{ 'X-RateLimit-Reset' = '1' } }
}
foreach ($name in $cases.Keys) {
    $id = [guid]::NewGuid()
    Add-Fault $id $cases[$name]
    # The retry reaches the real handler, which does not know this project: that 404 is expected.
    $null = Get-DgProject -ProjectId $id -ErrorAction SilentlyContinue
    $gaps[$name] = Get-RetryGap "*$id"
}

# An HTTP date has whole seconds, so it is made here, just before the request that reads it.
$id = [guid]::NewGuid()
$now = [datetimeoffset]::UtcNow
$at = [datetimeoffset]::new($now.Ticks - ($now.Ticks % [timespan]::TicksPerSecond), [timespan]::Zero).AddSeconds(2)
Add-Fault $id @{ kind = 'status'; status = 429; headers = @{ 'Retry-After' = $at.ToString('r', [cultureinfo]::InvariantCulture) } }
$null = Get-DgProject -ProjectId $id -ErrorAction SilentlyContinue
$gaps.RetryAfterDate = Get-RetryGap "*$id"

$id = [guid]::NewGuid()
Add-Fault $id (1..5 | ForEach-Object { @{ kind = 'status'; status = 503; headers = @{ 'retry-after-ms' = '20' } } })
$null = Get-DgProject -ProjectId $id -ErrorAction SilentlyContinue -ErrorVariable maxErrors
$gaps.MaxAttempts = (Get-LoggedRequest "*$id").Count
$gaps.MaxAttemptsReported = $maxErrors[0].Exception.Attempts
$gaps | ConvertTo-Json -Compress
'@)
        $script:Result = Get-ChildResult $run
    }

    # Waits are never shorter than the header asks; the upper bounds leave room for a slow machine.
    It 'honours retry-after-ms' {
        $script:Result.RetryAfterMs | Should -BeGreaterOrEqual 700
        $script:Result.RetryAfterMs | Should -BeLessThan 2300
    }

    It 'honours Retry-After in seconds' {
        $script:Result.RetryAfter | Should -BeGreaterOrEqual 1000
        $script:Result.RetryAfter | Should -BeLessThan 2600
    }

    It 'honours Retry-After as an HTTP date' {
        $script:Result.RetryAfterDate | Should -BeGreaterOrEqual 900
        $script:Result.RetryAfterDate | Should -BeLessThan 3600
    }

    It 'honours X-RateLimit-Reset' {
        $script:Result.RateLimitReset | Should -BeGreaterOrEqual 1000
        $script:Result.RateLimitReset | Should -BeLessThan 2600
    }

    It 'stops at three attempts' {
        $script:Result.MaxAttempts | Should -Be 3
        $script:Result.MaxAttemptsReported | Should -Be 3
    }
}

Describe 'Retried reads' {
    BeforeAll {
        $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script ($script:ControlFunctions + @'

$null = Connect-DgAccount -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL -SkipValidation
$path = "/v1/projects/$env:DGT_PROJECT"
$null = Invoke-RestMethod -Uri "$env:DGT_URL/_emulator/requests" -Method Delete -NoProxy
Add-Fault $path @{ kind = 'status'; status = 503; headers = @{ 'retry-after-ms' = '20' } }
$afterUnavailable = Get-DgProject -ProjectId $env:DGT_PROJECT
$unavailableStatuses = @(Get-LoggedRequest "*$path" | ForEach-Object status)

$null = Invoke-RestMethod -Uri "$env:DGT_URL/_emulator/requests" -Method Delete -NoProxy
Add-Fault $path @{ kind = 'drop' }
$afterDrop = Get-DgProject -ProjectId $env:DGT_PROJECT
$dropStatuses = @(Get-LoggedRequest "*$path" | ForEach-Object status)

# Progress and verbose records are read from a nested pipeline's streams.
$id = [guid]::NewGuid()
Add-Fault $id @{ kind = 'status'; status = 429; headers = @{ 'retry-after-ms' = '300' } }
$ps = [powershell]::Create()
$null = $ps.AddScript("Import-Module '$((Get-Module DeepgramOnPrem).Path)'; Get-DgProject -ProjectId $id -ApiKey '$env:DGT_OWNER' -BaseUri '$env:DGT_URL' -Verbose -ErrorAction SilentlyContinue")
$null = $ps.Invoke()
$progress = @($ps.Streams.Progress | Where-Object RecordType -eq 'Processing')
[ordered]@{
    UnavailableName     = $afterUnavailable.Name
    UnavailableStatuses = $unavailableStatuses
    DropName            = $afterDrop.Name
    DropStatuses        = $dropStatuses
    ProgressActivity    = $progress[0].Activity
    ProgressStatus      = $progress[0].StatusDescription
    ProgressCompleted   = @($ps.Streams.Progress | Where-Object RecordType -eq 'Completed').Count
    Verbose             = @($ps.Streams.Verbose | ForEach-Object Message)
} | ConvertTo-Json -Compress -Depth 4
'@)
        $script:Result = Get-ChildResult $run
    }

    It 'retries after 503' {
        $script:Result.UnavailableName | Should -Be $script:Emulator.ProjectName
        $script:Result.UnavailableStatuses | Should -Be @(503, 200)
    }

    It 'retries after a dropped connection' {
        $script:Result.DropName | Should -Be $script:Emulator.ProjectName
        $script:Result.DropStatuses | Should -Be @(0, 200)
    }

    It 'shows the wait as progress' {
        $script:Result.ProgressActivity | Should -BeLike 'Waiting to retry GET /v1/projects/*'
        $script:Result.ProgressStatus | Should -Be 'Retry 1 of 2 in 1 s'
        $script:Result.ProgressCompleted | Should -Be 1
    }

    It 'shows the wait as verbose' {
        @($script:Result.Verbose | Where-Object { $_ -like 'GET /v1/projects/*: retry 1 of 2 in 0.3 s' }).Count | Should -Be 1
    }

    It 'shows each attempt as verbose' {
        @($script:Result.Verbose | Where-Object { $_ -like 'GET /v1/projects/*: 429 Too Many Requests in * ms, request id *' }).Count | Should -Be 1
    }
}

Describe 'Retried and lost creates' {
    BeforeAll {
        $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script ($script:ControlFunctions + @'

$null = Connect-DgAccount -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL -SkipValidation
$path = "*/$env:DGT_PROJECT/self-hosted/distribution/credentials"
$results = [ordered]@{}
$cases = [ordered]@{
    ServerError  = @{ kind = 'status-after-handling'; status = 500 }
    LostResponse = @{ kind = 'drop-after-handling' }
    RateLimited  = @{ kind = 'status'; status = 429; headers = @{ 'retry-after-ms' = '50' } }
}
foreach ($name in $cases.Keys) {
    # A quote and brackets test that the suggested command quotes the comment and escapes wildcards.
    $comment = "$name agent's [7] `u{2019}$([guid]::NewGuid())"
    $null = Invoke-RestMethod -Uri "$env:DGT_URL/_emulator/requests" -Method Delete -NoProxy
    Add-Fault '/distribution/credentials' $cases[$name] -Method POST
    $created = $null
    $failure = $null
    try { $created = New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment $comment -ErrorAction Stop }
    catch { $failure = $_ }
    $posts = (Get-LoggedRequest $path -Method POST).Count

    $found = @(Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment ([WildcardPattern]::Escape($comment)))

    # The message's own advice, run as written, must find the credential.
    $advice = if ($failure) { [regex]::Match($failure.ToString(), "Get-DgDistributionCredential -ProjectId \S+ -Comment '(?:[^']|'')*'").Value } else { '' }
    $foundByAdvice = if ($advice) { @(Invoke-Expression $advice).Count } else { 0 }
    $results[$name] = [ordered]@{
        Id          = if ($failure) { $failure.FullyQualifiedErrorId } else { $null }
        Message     = if ($failure) { $failure.ToString() } else { $null }
        Posts       = $posts
        Found       = $found.Count
        Advice      = $advice
        FoundByAdvice = $foundByAdvice
        HasSecret   = if ($created) { $created.HasSecret } else { $false }
        SameId      = if ($created) { $found[0].DistributionCredentialId -eq $created.DistributionCredentialId } else { $false }
        Comment     = $comment
    }
    $found | Remove-DgDistributionCredential -Force
}
$results | ConvertTo-Json -Compress -Depth 4
'@)
        $script:Result = Get-ChildResult $run
    }

    It 'does not retry a create after 500' {
        $script:Result.ServerError.Posts | Should -Be 1
        $script:Result.ServerError.Found | Should -Be 1
        $script:Result.ServerError.Id | Should -Be 'DeepgramServerError,DeepgramOnPrem.Commands.NewDgDistributionCredentialCommand'
    }

    It 'says how to find a credential after 500' {
        $script:Result.ServerError.Message | Should -BeLike '*may have created the credential*'
        $script:Result.ServerError.Advice | Should -BeLike "Get-DgDistributionCredential -ProjectId $($script:Emulator.ProjectId) -Comment '*"
        $script:Result.ServerError.FoundByAdvice | Should -Be 1
    }

    It 'does not retry a create whose response was lost' {
        $script:Result.LostResponse.Posts | Should -Be 1
        $script:Result.LostResponse.Found | Should -Be 1
        $script:Result.LostResponse.Id | Should -Be 'DeepgramUnreachable,DeepgramOnPrem.Commands.NewDgDistributionCredentialCommand'
    }

    It 'says how to find a credential after a lost response' {
        $script:Result.LostResponse.Message | Should -BeLike '*may have created the credential*'
        $script:Result.LostResponse.Advice | Should -BeLike "Get-DgDistributionCredential -ProjectId $($script:Emulator.ProjectId) -Comment '*"
        $script:Result.LostResponse.FoundByAdvice | Should -Be 1
    }

    It 'retries a create after 429 and creates one' {
        $script:Result.RateLimited.Posts | Should -Be 2
        $script:Result.RateLimited.Found | Should -Be 1
        $script:Result.RateLimited.SameId | Should -BeTrue
        $script:Result.RateLimited.HasSecret | Should -BeTrue
    }
}
