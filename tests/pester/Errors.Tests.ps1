# The error table through the cmdlets: each row's fully qualified error id, category, HTTP status,
# Deepgram error code, request id, next step, and whether it stops the pipeline. Faults are keyed
# to a random project id per row, so one child pwsh runs every row against one emulator.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Emulator = Start-TestEmulator
    $script:EmulatorEnvironment = Get-EmulatorEnvironment $script:Emulator

    # Defined in the child: runs one call and returns what its error record carries.
    $script:SummaryFunction = @'
function Get-FaultSummary {
    param([scriptblock] $Call)
    $record = $null
    $terminating = $false
    $Error.Clear()
    $output = @()
    try { $output = @(& $Call) }
    catch { $record = $_; $terminating = $true }
    if (-not $terminating -and $Error.Count -gt 0) { $record = $Error[0] }
    if ($null -eq $record) { return [ordered]@{ Id = $null; OutputCount = $output.Count } }
    $exception = $record.Exception
    [ordered]@{
        Id          = $record.FullyQualifiedErrorId
        Category    = [string] $record.CategoryInfo.Category
        Status      = $exception.StatusCode
        ErrorCode   = $exception.ErrorCode
        RequestId   = $exception.RequestId
        Attempts    = $exception.Attempts
        Message     = $record.ToString()
        Recommended = $record.ErrorDetails.RecommendedAction
        Terminating = $terminating
        OutputCount = $output.Count
    }
}
'@

    function Add-Fault([string] $PathContains, [object[]] $Steps, [string] $Method = 'GET') {
        $null = Invoke-EmulatorControl $script:Emulator 'faults' -Method POST -Body @{ method = $Method; pathContains = $PathContains; steps = $Steps }
    }

    # One project id per faulted row; the fault matches only requests for that id.
    $script:Rows = @{}
    foreach ($name in 'Conflict', 'RateLimited', 'ServerError', 'Drop', 'Timeout', 'Malformed', 'Html', 'EmptyError', 'EmptySuccess', 'Teapot', 'Redirect', 'PipeConflict', 'StopFirst', 'StopSecond') {
        $script:Rows[$name] = [string] [guid]::NewGuid()
    }
    $fast = @{ 'retry-after-ms' = '50' }
    Add-Fault $script:Rows.Conflict @(@{ kind = 'status'; status = 409 })
    Add-Fault $script:Rows.PipeConflict @(@{ kind = 'status'; status = 409 })
    Add-Fault $script:Rows.RateLimited @(1..3 | ForEach-Object { @{ kind = 'status'; status = 429; headers = $fast } })
    Add-Fault $script:Rows.ServerError @(1..3 | ForEach-Object { @{ kind = 'status'; status = 503; headers = $fast } })
    Add-Fault $script:Rows.Drop @(1..3 | ForEach-Object { @{ kind = 'drop' } })
    Add-Fault $script:Rows.Timeout @(@{ kind = 'delay'; delayMs = 5000 })
    Add-Fault $script:Rows.Malformed @(@{ kind = 'malformed-json' })
    Add-Fault $script:Rows.Html @(1..3 | ForEach-Object { @{ kind = 'html502' } })
    Add-Fault $script:Rows.EmptyError @(1..3 | ForEach-Object { @{ kind = 'empty'; status = 503 } })
    Add-Fault $script:Rows.EmptySuccess @(@{ kind = 'empty'; status = 200 })
    Add-Fault $script:Rows.Teapot @(@{ kind = 'status'; status = 418 })
    Add-Fault $script:Rows.Redirect @(@{ kind = 'status'; status = 302; headers = @{ Location = 'https://login.example/' } })

    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $closedPort = $listener.LocalEndpoint.Port
    $listener.Stop()

    $environment = $script:EmulatorEnvironment + @{ DGT_ROWS = ($script:Rows | ConvertTo-Json -Compress); DGT_CLOSED = "http://127.0.0.1:$closedPort" }
    $run = Invoke-ChildPwsh -Environment $environment -Script ($script:SummaryFunction + @'

$rows = $env:DGT_ROWS | ConvertFrom-Json
$null = Connect-DgAccount -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL
$summaries = [ordered]@{
    BadRequest   = Get-FaultSummary { New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'bad scope' -Scope 'self-hosted:product:bogus' -ErrorAction SilentlyContinue }
    Auth         = Get-FaultSummary { Get-DgProject -ApiKey $env:DGT_INVALID -ErrorAction SilentlyContinue }
    Permission   = Get-FaultSummary { New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -ApiKey $env:DGT_MEMBER -ErrorAction SilentlyContinue }
    NotFound     = Get-FaultSummary { Get-DgProject -ProjectId ([guid]::NewGuid()) -ErrorAction SilentlyContinue }
    Conflict     = Get-FaultSummary { Get-DgProject -ProjectId $rows.Conflict -ErrorAction SilentlyContinue }
    RateLimited  = Get-FaultSummary { Get-DgProject -ProjectId $rows.RateLimited -ErrorAction SilentlyContinue }
    ServerError  = Get-FaultSummary { Get-DgProject -ProjectId $rows.ServerError -ErrorAction SilentlyContinue }
    Drop         = Get-FaultSummary { Get-DgProject -ProjectId $rows.Drop -ErrorAction SilentlyContinue }
    Unreachable  = Get-FaultSummary { Get-DgProject -BaseUri $env:DGT_CLOSED -TimeoutSec 5 -ErrorAction SilentlyContinue }
    Timeout      = Get-FaultSummary { Get-DgProject -ProjectId $rows.Timeout -TimeoutSec 1 -ErrorAction SilentlyContinue }
    Malformed    = Get-FaultSummary { Get-DgProject -ProjectId $rows.Malformed -ErrorAction SilentlyContinue }
    Html         = Get-FaultSummary { Get-DgProject -ProjectId $rows.Html -ErrorAction SilentlyContinue }
    EmptyError   = Get-FaultSummary { Get-DgProject -ProjectId $rows.EmptyError -ErrorAction SilentlyContinue }
    EmptySuccess = Get-FaultSummary { Get-DgProject -ProjectId $rows.EmptySuccess -ErrorAction SilentlyContinue }
    Teapot       = Get-FaultSummary { Get-DgProject -ProjectId $rows.Teapot -ErrorAction SilentlyContinue }
    Redirect     = Get-FaultSummary { Get-DgProject -ProjectId $rows.Redirect -ErrorAction SilentlyContinue }
    PipeConflict = Get-FaultSummary {
        $rows.PipeConflict, $env:DGT_PROJECT | ForEach-Object { [pscustomobject]@{ ProjectId = $_ } } | Get-DgProject -ErrorAction SilentlyContinue
    }
    PipeBadKey   = Get-FaultSummary {
        $rows.StopFirst, $rows.StopSecond | ForEach-Object { [pscustomobject]@{ ProjectId = $_ } } | Get-DgProject -ApiKey $env:DGT_INVALID -ErrorAction SilentlyContinue
    }
}
$script:sent = 0
$summaries.PipeUnreachable = Get-FaultSummary {
    1, 2 | ForEach-Object { $script:sent++; [pscustomobject]@{ ProjectId = [guid]::NewGuid() } } | Get-DgProject -BaseUri $env:DGT_CLOSED -TimeoutSec 5 -ErrorAction SilentlyContinue
}
$summaries.PipeUnreachableSent = $script:sent
$summaries | ConvertTo-Json -Compress -Depth 4
'@)
    $script:Result = Get-ChildResult $run
    $script:Requests = (Invoke-EmulatorControl $script:Emulator 'requests').requests
}

AfterAll {
    Stop-TestEmulator $script:Emulator
}

Describe 'Error table' {
    It '<Row> has id <Id>' -ForEach @(
        @{ Row = 'BadRequest'; Id = 'DeepgramInvalidRequest,DeepgramOnPrem.Commands.NewDgDistributionCredentialCommand' }
        @{ Row = 'Auth'; Id = 'DeepgramAuthenticationFailed,DeepgramOnPrem.Commands.GetDgProjectCommand' }
        @{ Row = 'Permission'; Id = 'DeepgramPermissionDenied,DeepgramOnPrem.Commands.NewDgDistributionCredentialCommand' }
        @{ Row = 'NotFound'; Id = 'ProjectNotFound,DeepgramOnPrem.Commands.GetDgProjectCommand' }
        @{ Row = 'Conflict'; Id = 'DeepgramConflict,DeepgramOnPrem.Commands.GetDgProjectCommand' }
        @{ Row = 'RateLimited'; Id = 'DeepgramRateLimited,DeepgramOnPrem.Commands.GetDgProjectCommand' }
        @{ Row = 'ServerError'; Id = 'DeepgramServerError,DeepgramOnPrem.Commands.GetDgProjectCommand' }
        @{ Row = 'Drop'; Id = 'DeepgramUnreachable,DeepgramOnPrem.Commands.GetDgProjectCommand' }
        @{ Row = 'Unreachable'; Id = 'DeepgramUnreachable,DeepgramOnPrem.Commands.GetDgProjectCommand' }
        @{ Row = 'Timeout'; Id = 'DeepgramTimeout,DeepgramOnPrem.Commands.GetDgProjectCommand' }
        @{ Row = 'Malformed'; Id = 'DeepgramInvalidResponse,DeepgramOnPrem.Commands.GetDgProjectCommand' }
        @{ Row = 'Html'; Id = 'DeepgramServerError,DeepgramOnPrem.Commands.GetDgProjectCommand' }
        @{ Row = 'EmptyError'; Id = 'DeepgramServerError,DeepgramOnPrem.Commands.GetDgProjectCommand' }
        @{ Row = 'EmptySuccess'; Id = 'DeepgramInvalidResponse,DeepgramOnPrem.Commands.GetDgProjectCommand' }
        @{ Row = 'Teapot'; Id = 'DeepgramUnexpectedStatus,DeepgramOnPrem.Commands.GetDgProjectCommand' }
        @{ Row = 'Redirect'; Id = 'DeepgramUnexpectedStatus,DeepgramOnPrem.Commands.GetDgProjectCommand' }
    ) {
        $script:Result.$Row.Id | Should -Be $Id
    }

    It '<Row> has category <Category>' -ForEach @(
        @{ Row = 'BadRequest'; Category = 'InvalidArgument' }
        @{ Row = 'Auth'; Category = 'AuthenticationError' }
        @{ Row = 'Permission'; Category = 'PermissionDenied' }
        @{ Row = 'NotFound'; Category = 'ObjectNotFound' }
        @{ Row = 'Conflict'; Category = 'ResourceExists' }
        @{ Row = 'RateLimited'; Category = 'LimitsExceeded' }
        @{ Row = 'ServerError'; Category = 'ConnectionError' }
        @{ Row = 'Drop'; Category = 'ConnectionError' }
        @{ Row = 'Unreachable'; Category = 'ConnectionError' }
        @{ Row = 'Timeout'; Category = 'OperationTimeout' }
        @{ Row = 'Malformed'; Category = 'InvalidResult' }
        @{ Row = 'Html'; Category = 'ConnectionError' }
        @{ Row = 'EmptyError'; Category = 'ConnectionError' }
        @{ Row = 'EmptySuccess'; Category = 'InvalidResult' }
        @{ Row = 'Teapot'; Category = 'NotSpecified' }
    ) {
        $script:Result.$Row.Category | Should -Be $Category
    }

    It '<Row> carries status <Status>' -ForEach @(
        @{ Row = 'BadRequest'; Status = 400 }
        @{ Row = 'Auth'; Status = 401 }
        @{ Row = 'Permission'; Status = 403 }
        @{ Row = 'NotFound'; Status = 404 }
        @{ Row = 'Conflict'; Status = 409 }
        @{ Row = 'RateLimited'; Status = 429 }
        @{ Row = 'ServerError'; Status = 503 }
        @{ Row = 'Drop'; Status = $null }
        @{ Row = 'Unreachable'; Status = $null }
        @{ Row = 'Timeout'; Status = $null }
        @{ Row = 'Malformed'; Status = 200 }
        @{ Row = 'Html'; Status = 502 }
        @{ Row = 'EmptyError'; Status = 503 }
        @{ Row = 'EmptySuccess'; Status = 200 }
        @{ Row = 'Teapot'; Status = 418 }
        @{ Row = 'Redirect'; Status = 302 }
    ) {
        $script:Result.$Row.Status | Should -Be $Status
    }

    It '<Row> carries Deepgram code <Code>' -ForEach @(
        @{ Row = 'BadRequest'; Code = 'BAD_REQUEST' }
        @{ Row = 'Auth'; Code = 'INVALID_AUTH' }
        @{ Row = 'Permission'; Code = 'INSUFFICIENT_PERMISSIONS' }
        @{ Row = 'NotFound'; Code = 'NOT_FOUND' }
        @{ Row = 'Conflict'; Code = 'CONFLICT' }
        @{ Row = 'RateLimited'; Code = 'TOO_MANY_REQUESTS' }
        @{ Row = 'ServerError'; Code = 'SERVICE_UNAVAILABLE' }
        @{ Row = 'Html'; Code = $null }
        @{ Row = 'EmptyError'; Code = $null }
    ) {
        $script:Result.$Row.ErrorCode | Should -Be $Code
    }

    It '<Row> carries the emulator''s request id' -ForEach @(
        @{ Row = 'BadRequest' }, @{ Row = 'Auth' }, @{ Row = 'Permission' }, @{ Row = 'NotFound' }, @{ Row = 'Conflict' }
        @{ Row = 'RateLimited' }, @{ Row = 'ServerError' }, @{ Row = 'Malformed' }, @{ Row = 'Html' }, @{ Row = 'EmptyError' }
        @{ Row = 'EmptySuccess' }, @{ Row = 'Teapot' }, @{ Row = 'Redirect' }
    ) {
        $requestId = $script:Result.$Row.RequestId
        $requestId | Should -Not -BeNullOrEmpty
        $script:Requests.requestId | Should -Contain $requestId
        $script:Result.$Row.Message | Should -BeLike "*Request id: $requestId.*"
    }

    It '<Row> says what to do next' -ForEach @(
        @{ Row = 'BadRequest'; Advice = '*Scopes look like self-hosted:products*' }
        @{ Row = 'Auth'; Advice = '*run Connect-DgAccount -ApiKey again*' }
        @{ Row = 'Permission'; Advice = '*owner or admin role, or the keys:write scope*' }
        @{ Row = 'NotFound'; Advice = '*list your projects with Get-DgProject*' }
        @{ Row = 'Conflict'; Advice = '*Get-DgDistributionCredential*' }
        @{ Row = 'RateLimited'; Advice = '*3 attempts failed: wait a minute, or run fewer requests at once*' }
        @{ Row = 'ServerError'; Advice = '*failed after 3 attempts: try again later*' }
        @{ Row = 'Drop'; Advice = '*Check the address (-BaseUri, DEEPGRAM_HOST), the network, and any proxy*' }
        @{ Row = 'Unreachable'; Advice = '*Check the address (-BaseUri, DEEPGRAM_HOST)*' }
        @{ Row = 'Timeout'; Advice = '*Raise -TimeoutSec*' }
        @{ Row = 'Malformed'; Advice = '*check -BaseUri and any proxy*' }
        @{ Row = 'EmptySuccess'; Advice = '*check -BaseUri and any proxy*' }
        @{ Row = 'Teapot'; Advice = '*Check -BaseUri*' }
    ) {
        $script:Result.$Row.Recommended | Should -BeLike $Advice
        $script:Result.$Row.Message | Should -BeLike "*$($script:Result.$Row.Recommended)"
    }

    It 'names the failed request and status in the message' {
        $script:Result.Malformed.Message | Should -BeLike "GET /v1/projects/$($script:Rows.Malformed) returned 200, but *"
    }

    It 'explains an HTML page as a proxy''s' {
        $script:Result.Html.Message | Should -BeLike '*An HTML page (502 Bad Gateway) came back instead of a Deepgram response, so a proxy or gateway probably answered*'
    }

    It 'times out after -TimeoutSec' {
        $script:Result.Timeout.Message | Should -BeLike '*timed out after 1.0 s*'
    }

    It 'retries a read up to the maximum' -ForEach @(
        @{ Row = 'RateLimited' }, @{ Row = 'ServerError' }, @{ Row = 'Drop' }, @{ Row = 'Html' }, @{ Row = 'EmptyError' }
    ) {
        $script:Result.$Row.Attempts | Should -Be 3
        @($script:Requests | Where-Object path -Like "*$($script:Rows.$Row)").Count | Should -Be 3
    }
}

Describe 'Pipeline behaviour' {
    It '<Row> is terminating: <Terminating>' -ForEach @(
        @{ Row = 'BadRequest'; Terminating = $false }
        @{ Row = 'Auth'; Terminating = $true }
        @{ Row = 'Permission'; Terminating = $false }
        @{ Row = 'NotFound'; Terminating = $false }
        @{ Row = 'Conflict'; Terminating = $false }
        @{ Row = 'RateLimited'; Terminating = $false }
        @{ Row = 'ServerError'; Terminating = $false }
        @{ Row = 'Drop'; Terminating = $true }
        @{ Row = 'Unreachable'; Terminating = $true }
        @{ Row = 'Timeout'; Terminating = $false }
        @{ Row = 'Malformed'; Terminating = $false }
        @{ Row = 'Html'; Terminating = $false }
        @{ Row = 'EmptySuccess'; Terminating = $false }
        @{ Row = 'Teapot'; Terminating = $false }
    ) {
        $script:Result.$Row.Terminating | Should -Be $Terminating
    }

    It 'goes on past one failing item' {
        $script:Result.PipeConflict.Id | Should -Be 'DeepgramConflict,DeepgramOnPrem.Commands.GetDgProjectCommand'
        $script:Result.PipeConflict.Terminating | Should -BeFalse
        $script:Result.PipeConflict.OutputCount | Should -Be 1
    }

    It 'stops at a bad key' {
        $script:Result.PipeBadKey.Terminating | Should -BeTrue
        @($script:Requests | Where-Object path -Like "*$($script:Rows.StopFirst)").Count | Should -Be 1
        @($script:Requests | Where-Object path -Like "*$($script:Rows.StopSecond)").Count | Should -Be 0
    }

    It 'stops at an unreachable address' {
        $script:Result.PipeUnreachable.Id | Should -Be 'DeepgramUnreachable,DeepgramOnPrem.Commands.GetDgProjectCommand'
        $script:Result.PipeUnreachable.Terminating | Should -BeTrue
        $script:Result.PipeUnreachableSent | Should -Be 1
    }
}

Describe 'Invalid DEEPGRAM_HOST' {
    BeforeAll {
        $run = Invoke-ChildPwsh -Environment ($script:EmulatorEnvironment + @{ DEEPGRAM_HOST = 'https://[bad' }) -Script @'
$connectError = $null
try { Connect-DgAccount -ApiKey $env:DGT_OWNER } catch { $connectError = $_ }
$listError = $null
try { Get-DgProject -ApiKey $env:DGT_OWNER } catch { $listError = $_ }
[ordered]@{
    ConnectId       = $connectError.FullyQualifiedErrorId
    ConnectCategory = [string] $connectError.CategoryInfo.Category
    ListId          = $listError.FullyQualifiedErrorId
    ListMessage     = $listError.ToString()
} | ConvertTo-Json -Compress
'@
        $script:HostResult = Get-ChildResult $run
    }

    It 'fails Connect-DgAccount with DeepgramHostInvalid' {
        $script:HostResult.ConnectId | Should -Be 'DeepgramHostInvalid,DeepgramOnPrem.Commands.ConnectDgAccountCommand'
        $script:HostResult.ConnectCategory | Should -Be 'InvalidArgument'
    }

    It 'fails other cmdlets with DeepgramHostInvalid' {
        $script:HostResult.ListId | Should -Be 'DeepgramHostInvalid,DeepgramOnPrem.Commands.GetDgProjectCommand'
        $script:HostResult.ListMessage | Should -BeLike "DEEPGRAM_HOST 'https://``[bad' is not a valid address*"
    }
}
