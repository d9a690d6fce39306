# Secret hygiene: every exported cmdlet runs with -Verbose -Debug under a transcript, every stream
# and error is captured, and neither the API key, nor a distribution secret, nor the base64
# "deepgram+<id>:<secret>" pair may appear in the capture, the transcript or the child's raw
# standard output and error.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Emulator = Start-TestEmulator
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ('dgonprem-secrets-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $script:Work
    $docker = Get-Command docker -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    $environment = (Get-EmulatorEnvironment $script:Emulator) + @{
        DGT_WORK   = $script:Work
        DGT_DOCKER = if ($docker) { $docker.Source } else { '' }
    }

    $script:Run = Invoke-ChildPwsh -Environment $environment -TimeoutSec 300 -Script @'
$ErrorActionPreference = 'Continue'
$DebugPreference = 'Continue'
$InformationPreference = 'Continue'
$transcriptPath = Join-Path $env:DGT_WORK 'transcript.txt'
$configPath = Join-Path $env:DGT_WORK 'docker-config'
$null = New-Item -ItemType Directory -Path $configPath
$null = Start-Transcript -Path $transcriptPath

$capture = [System.Collections.Generic.List[string]]::new()
$covered = [System.Collections.Generic.List[string]]::new()
$pullSecretOutputs = [System.Collections.Generic.List[string]]::new()
$recordTypes = [System.Management.Automation.ErrorRecord], [System.Management.Automation.WarningRecord],
    [System.Management.Automation.VerboseRecord], [System.Management.Automation.DebugRecord],
    [System.Management.Automation.InformationRecord]

# Adds everything a user could see of one item: its string, every property, and for an error
# record its message, details, exception chain and target object.
function Add-Capture($Item) {
    if ($null -eq $Item) { return }
    $capture.Add([string] $Item)
    $capture.Add(($Item | Format-List * -Force | Out-String -Width 4096))
    if ($Item -is [System.Management.Automation.ErrorRecord]) {
        $capture.Add($Item.ToString())
        if ($Item.ErrorDetails) { $capture.Add($Item.ErrorDetails.Message + ' ' + $Item.ErrorDetails.RecommendedAction) }
        for ($exception = $Item.Exception; $exception; $exception = $exception.InnerException) {
            $capture.Add($exception.Message)
            $capture.Add($exception.ToString())
        }
        if ($null -ne $Item.TargetObject) { $capture.Add(($Item.TargetObject | Format-List * -Force | Out-String -Width 4096)) }
    }
}

# Runs one call with all six streams merged into the capture, and returns its output objects.
function Invoke-Captured {
    param([string] $Name, [scriptblock] $Call, [switch] $PullSecret)
    $covered.Add($Name)
    $output = [System.Collections.Generic.List[object]]::new()
    try {
        foreach ($item in (& $Call *>&1)) {
            $isRecord = @($recordTypes | Where-Object { $item -is $_ }).Count -gt 0
            if (-not $isRecord) {
                $output.Add($item)
                if ($PullSecret) {
                    # This output is the Kubernetes Secret manifest, which carries the base64 pair on purpose.
                    $pullSecretOutputs.Add([string] $item)
                    continue
                }
            }
            Add-Capture $item
        }
    }
    catch { Add-Capture $_ }
    , $output.ToArray()
}

$tool = @{}
if ($env:DGT_DOCKER) { $tool.ToolPath = $env:DGT_DOCKER }

$null = Invoke-Captured 'Connect-DgAccount' { Connect-DgAccount -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL -Verbose -Debug }
$null = Invoke-Captured 'Get-DgProject' { Get-DgProject -Verbose -Debug }
$null = Invoke-Captured 'Get-DgProject' { Get-DgProject -ProjectId ([guid]::NewGuid()) -Verbose -Debug }
$credential = (Invoke-Captured 'New-DgDistributionCredential' { New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'secret hygiene' -Verbose -Debug })[0]
$null = Invoke-Captured 'New-DgDistributionCredential' { New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Scope 'self-hosted:product:bogus' -Verbose -Debug }
$null = Invoke-Captured 'New-DgDistributionCredential' {
    New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'secret hygiene downstream' -Verbose -Debug | ForEach-Object { throw 'downstream failed' }
}
$downstream = @(Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'secret hygiene downstream')
$downstreamCredential = $Error | Where-Object FullyQualifiedErrorId -Like 'CreatedCredentialOutputFailed*' | Select-Object -First 1 -ExpandProperty TargetObject
$null = Invoke-Captured 'Get-DgDistributionCredential' { Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Verbose -Debug }
$null = Invoke-Captured 'Get-DgDistributionCredential' { Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Id $credential.DistributionCredentialId, ([guid]::NewGuid()) -Verbose -Debug }

$registryCommands = @{}
Get-Command -Module DeepgramOnPrem | ForEach-Object { $registryCommands[$_.Name] = $_ }
if ($registryCommands.ContainsKey('Connect-DgRegistry')) {
    $null = Invoke-Captured 'Connect-DgRegistry' { $credential | Connect-DgRegistry -Registry $env:DGT_HOST -ConfigPath $configPath @tool -Verbose -Debug }
    $null = Invoke-Captured 'Connect-DgRegistry' { Connect-DgRegistry -Credential $credential.Credential -Registry $env:DGT_HOST -ConfigPath $configPath @tool -Verbose -Debug }
    $null = Invoke-Captured 'Connect-DgRegistry' { Connect-DgRegistry -UserName $credential.UserName -Secret $credential.Secret -Registry $env:DGT_HOST -ConfigPath $configPath @tool -Verbose -Debug }
}
if ($registryCommands.ContainsKey('Disconnect-DgRegistry')) {
    $null = Invoke-Captured 'Disconnect-DgRegistry' { Disconnect-DgRegistry -Registry $env:DGT_HOST -ConfigPath $configPath @tool -Verbose -Debug }
}
if ($registryCommands.ContainsKey('ConvertTo-DgImagePullSecret')) {
    $null = Invoke-Captured 'ConvertTo-DgImagePullSecret' { $credential | ConvertTo-DgImagePullSecret -Verbose -Debug } -PullSecret
    $null = Invoke-Captured 'ConvertTo-DgImagePullSecret' { $credential | ConvertTo-DgImagePullSecret -AsJson -Verbose -Debug } -PullSecret
}

$null = Invoke-Captured 'Remove-DgDistributionCredential' { @($credential) + $downstream | Remove-DgDistributionCredential -Force -PassThru -Verbose -Debug }
$null = Invoke-Captured 'Remove-DgDistributionCredential' { Remove-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Id $credential.DistributionCredentialId -Force -Verbose -Debug }
$null = Invoke-Captured 'Disconnect-DgAccount' { Disconnect-DgAccount -Verbose -Debug }

foreach ($record in @($Error)) { Add-Capture $record }
$null = Stop-Transcript

# The manifest encodes the Docker config JSON, pair included, in base64 once more, so a leaked
# manifest shows only that outer value: it is searched for too.
$manifestData = @(
    foreach ($manifest in $pullSecretOutputs) {
        [regex]::Match($manifest, '\.dockerconfigjson"?:\s*"(?<data>[A-Za-z0-9+/=]+)"').Groups['data'].Value
    }
) | Where-Object { $_ } | Sort-Object -Unique
$dockerConfigs = @($manifestData | ForEach-Object { [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($_)) })

# The values searched for go to a file for the parent, never to a stream.
$secrets = @(
    foreach ($item in $credential, $downstreamCredential) {
        $plain = [System.Net.NetworkCredential]::new('', $item.Secret).Password
        $plain
        [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($item.UserName + ':' + $plain))
    }
)
$secrets += $manifestData
$secrets | ConvertTo-Json | Set-Content -Path (Join-Path $env:DGT_WORK 'secrets.json')

$all = $capture -join "`n"
[ordered]@{
    Exported          = @(Get-Command -Module DeepgramOnPrem | ForEach-Object Name)
    Covered           = @($covered | Sort-Object -Unique)
    CaptureLength     = $all.Length
    ErrorCount        = $Error.Count
    ErrorIds          = @($Error | ForEach-Object FullyQualifiedErrorId | Sort-Object -Unique)
    HasVerboseRequest = $all.Contains('GET /v1/projects: 200 OK in ')
    HasRedactedSecret = $all.Contains('"secret":"[redacted]"')
    PullSecretOutputs = $pullSecretOutputs.Count
    Leaks             = @($secrets | Where-Object { $all.Contains($_) }).Count
    PullSecretHasPair = @($dockerConfigs | Where-Object { $_.Contains($secrets[1]) }).Count
} | ConvertTo-Json -Compress -Depth 4
'@
    $script:Result = Get-ChildResult $script:Run
    $script:Secrets = @(Get-Content (Join-Path $script:Work 'secrets.json') -Raw | ConvertFrom-Json)
    $script:Transcript = Get-Content (Join-Path $script:Work 'transcript.txt') -Raw
    $script:Searched = @($script:Emulator.OwnerKey) + $script:Secrets
}

AfterAll {
    Stop-TestEmulator $script:Emulator
    Remove-Item $script:Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Secret hygiene' {
    It 'runs every exported cmdlet' {
        $script:Result.Exported | Should -Not -BeNullOrEmpty
        foreach ($name in $script:Result.Exported) {
            $script:Result.Covered | Should -Contain $name
        }
    }

    It 'searches for the key, two secrets, two pairs and the manifest data' {
        $script:Searched.Count | Should -Be $(if ($script:Result.Exported -contains 'ConvertTo-DgImagePullSecret') { 6 } else { 5 })
        $script:Searched | ForEach-Object { $_.Length | Should -BeGreaterThan 30 }
    }

    It 'captures requests, debug bodies and errors' {
        $script:Result.HasVerboseRequest | Should -BeTrue
        $script:Result.HasRedactedSecret | Should -BeTrue
        $script:Result.ErrorCount | Should -BeGreaterThan 0
    }

    It 'leaks nothing into streams, errors or outputs' {
        $script:Result.Leaks | Should -Be 0
    }

    It 'leaks nothing into the transcript' {
        $script:Transcript | Should -Not -BeNullOrEmpty
        foreach ($value in $script:Searched) {
            $script:Transcript.Contains($value) | Should -BeFalse
        }
    }

    It 'leaks nothing into raw standard output' {
        foreach ($value in $script:Searched) {
            $script:Run.Output.Contains($value) | Should -BeFalse
        }
    }

    It 'leaks nothing into raw standard error' {
        foreach ($value in $script:Searched) {
            $script:Run.Error.Contains($value) | Should -BeFalse
        }
    }

    It 'finds the pair where it belongs' {
        # The pull secret manifest is the one output that must carry the pair, so the search works.
        if ($script:Result.Exported -notcontains 'ConvertTo-DgImagePullSecret') {
            Set-ItResult -Skipped -Because 'ConvertTo-DgImagePullSecret is not exported'
            return
        }
        $script:Result.PullSecretOutputs | Should -BeGreaterThan 0
        $script:Result.PullSecretHasPair | Should -BeGreaterThan 0
    }
}
