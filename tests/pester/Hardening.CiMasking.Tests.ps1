# CI log masking: in an Azure DevOps (TF_BUILD) or GitHub Actions (GITHUB_ACTIONS) job, the new
# secret and the base64 user:secret pair are registered on standard output before
# New-DgDistributionCredential writes anything else. The one exception is -Verbose's
# "Performing the operation" line, which PowerShell's ShouldProcess writes before the request is
# sent. The child reports only hashes of the secret and pair, so the test never prints them.
# ConvertTo-DgImagePullSecret registers the secret, the pair and the manifest's .dockerconfigjson
# value before it writes the manifest. Those tests use a made-up secret, so they compare values.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Emulator = Start-TestEmulator
    $script:EmulatorEnvironment = Get-EmulatorEnvironment $script:Emulator

    $script:ChildScript = @'
$flags = @{}
if ($env:DGT_FLAGS -eq 'verbose') { $flags = @{ Verbose = $true; Debug = $true } }
if ($env:DGT_RETRY) {
    $body = '{"method":"POST","pathContains":"/distribution/credentials","steps":[{"kind":"status","status":429,"headers":{"retry-after-ms":"300"}}]}'
    $null = Invoke-RestMethod -Uri "$env:DGT_URL/_emulator/faults" -Method Post -Body $body -ContentType 'application/json' -NoProxy
}
$credential = New-DgDistributionCredential -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL -ProjectId $env:DGT_PROJECT -Comment 'ci masking' @flags
$plain = [System.Net.NetworkCredential]::new('', $credential.Secret).Password
$pair = [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($credential.UserName + ':' + $plain))
$hash = { param($text) [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($text))) }
[ordered]@{ SecretHash = & $hash $plain; PairHash = & $hash $pair } | ConvertTo-Json -Compress
'@

    function Invoke-Masked([hashtable] $Variables) {
        $run = Invoke-ChildPwsh -Environment ($script:EmulatorEnvironment + $Variables) -Script $script:ChildScript
        $result = Get-ChildResult $run
        [pscustomobject]@{
            Lines  = @($run.Output -split "`r?`n" | Where-Object { $_ -ne '' })
            Result = $result
            Error  = $run.Error
        }
    }

    function Get-Hash([string] $Text) {
        [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($Text)))
    }

    # Lines that may come before the masking commands: only ShouldProcess's, written before the request.
    function Get-LinesBeforeMask($Run, [string] $Prefix) {
        @($Run.Lines | ForEach-Object { $_ } | Select-Object -First 100 | ForEach-Object -Begin { $done = $false } -Process {
            if ($_.StartsWith($Prefix)) { $done = $true }
            if (-not $done) { $_ }
        } | Where-Object { $_ -notlike '*VERBOSE: Performing the operation "Create distribution credential*' })
    }

    # Returns the value of the masking command $Offset lines after the first one, or $null.
    function Get-MaskedValue($Run, [int] $Offset, [string] $Prefix) {
        $first = [array]::FindIndex([string[]] $Run.Lines, [Predicate[string]] { param($line) $line.StartsWith($Prefix) })
        if ($first -lt 0 -or $Run.Lines.Count -le $first + $Offset -or -not $Run.Lines[$first + $Offset].StartsWith($Prefix)) { return $null }
        $Run.Lines[$first + $Offset].Substring($Prefix.Length)
    }
}

AfterAll {
    Stop-TestEmulator $script:Emulator
}

Describe 'CI log masking' {
    Context 'in Azure DevOps <Name>' -ForEach @(
        @{ Name = 'quietly'; Variables = @{ TF_BUILD = 'True' } }
        @{ Name = 'with -Verbose -Debug'; Variables = @{ TF_BUILD = 'True'; DGT_FLAGS = 'verbose' } }
        @{ Name = 'after a retry wait'; Variables = @{ TF_BUILD = 'True'; DGT_FLAGS = 'verbose'; DGT_RETRY = '1' } }
    ) {
        BeforeAll {
            $script:Masked = Invoke-Masked $Variables
        }

        It 'writes nothing before the masking commands' {
            Get-LinesBeforeMask $script:Masked '##vso[task.setsecret]' | Should -BeNullOrEmpty
        }

        It 'registers the secret first' {
            $value = Get-MaskedValue $script:Masked 0 '##vso[task.setsecret]'
            $value | Should -Not -BeNullOrEmpty
            Get-Hash $value | Should -Be $script:Masked.Result.SecretHash
        }

        It 'registers the base64 pair next' {
            $value = Get-MaskedValue $script:Masked 1 '##vso[task.setsecret]'
            Get-Hash $value | Should -Be $script:Masked.Result.PairHash
        }

        It 'registers nothing for GitHub' {
            @($script:Masked.Lines | Where-Object { $_.StartsWith('::add-mask::') }).Count | Should -Be 0
        }
    }

    Context 'in GitHub Actions <Name>' -ForEach @(
        @{ Name = 'quietly'; Variables = @{ GITHUB_ACTIONS = 'true' } }
        @{ Name = 'with -Verbose -Debug'; Variables = @{ GITHUB_ACTIONS = 'true'; DGT_FLAGS = 'verbose' } }
    ) {
        BeforeAll {
            $script:Masked = Invoke-Masked $Variables
        }

        It 'writes nothing before the masking commands' {
            Get-LinesBeforeMask $script:Masked '::add-mask::' | Should -BeNullOrEmpty
        }

        It 'registers the secret first' {
            $value = Get-MaskedValue $script:Masked 0 '::add-mask::'
            $value | Should -Not -BeNullOrEmpty
            Get-Hash $value | Should -Be $script:Masked.Result.SecretHash
        }

        It 'registers the base64 pair next' {
            $value = Get-MaskedValue $script:Masked 1 '::add-mask::'
            Get-Hash $value | Should -Be $script:Masked.Result.PairHash
        }

        It 'registers nothing for Azure DevOps' {
            @($script:Masked.Lines | Where-Object { $_.StartsWith('##vso[') }).Count | Should -Be 0
        }
    }

    Context 'outside CI' {
        BeforeAll {
            $script:Masked = Invoke-Masked @{ DGT_FLAGS = 'verbose' }
        }

        It 'writes no masking command' {
            @($script:Masked.Lines | Where-Object { $_.StartsWith('##vso[') -or $_.StartsWith('::add-mask::') }).Count | Should -Be 0
        }

        It 'still creates the credential' {
            $script:Masked.Result.SecretHash | Should -Match '^[0-9A-F]{64}$'
        }
    }
}

Describe 'CI log masking of image pull Secrets' {
    BeforeAll {
        $script:PullId = [guid]::NewGuid()
        $script:PullUser = "deepgram+$PullId"
        $script:PullSecret = 'M4SK3D' + [guid]::NewGuid().ToString('N') + 'S3CR3T'
        $script:PullPair = [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes("${PullUser}:$PullSecret"))

        # Writes the YAML manifest to standard output, as a pipeline step that runs
        # ConvertTo-DgImagePullSecret without kubectl would.
        $script:PullScript = @"
`$credential = [DeepgramOnPrem.DgDistributionCredential]@{
    DistributionCredentialId = '$PullId'
    Secret                   = ConvertTo-SecureString '$PullSecret' -AsPlainText -Force
}
`$credential | ConvertTo-DgImagePullSecret -Namespace 'deepgram'
"@

        function Invoke-PullSecret([hashtable] $Variables) {
            $run = Invoke-ChildPwsh -Environment $Variables -Script $script:PullScript
            if ($run.ExitCode -ne 0) { throw "The child pwsh exited with code $($run.ExitCode): $($run.Error)" }
            $lines = @($run.Output -split "`r?`n" | Where-Object { $_ -ne '' })
            $dataLine = [array]::FindIndex([string[]] $lines, [Predicate[string]] { param($line) $line -match '^\s+\.dockerconfigjson: "' })
            [pscustomobject]@{
                Lines     = $lines
                DataIndex = $dataLine
                Data      = if ($dataLine -ge 0) { [regex]::Match($lines[$dataLine], '"(?<value>[^"]+)"').Groups['value'].Value } else { $null }
            }
        }
    }

    Context 'in <Name>' -ForEach @(
        @{ Name = 'Azure DevOps'; Variables = @{ TF_BUILD = 'True' }; Prefix = '##vso[task.setsecret]'; Other = '::add-mask::' }
        @{ Name = 'GitHub Actions'; Variables = @{ GITHUB_ACTIONS = 'true' }; Prefix = '::add-mask::'; Other = '##vso[' }
    ) {
        BeforeAll {
            $script:Pull = Invoke-PullSecret $Variables
            $script:Masks = @($Pull.Lines | Select-Object -First 3)
        }

        It 'writes the manifest' {
            $Pull.DataIndex | Should -BeGreaterThan 0
            $Pull.Data | Should -Not -BeNullOrEmpty
        }

        It 'writes the masking commands first' {
            $Masks | Should -HaveCount 3
            foreach ($line in $Masks) { $line.StartsWith($Prefix) | Should -BeTrue -Because "'$line' should be a masking command" }
            @($Pull.Lines | Where-Object { $_.StartsWith($Prefix) }) | Should -HaveCount 3
        }

        It 'masks the dockerconfigjson value' {
            $Masks | Should -Contain "$Prefix$($Pull.Data)"
        }

        It 'masks the secret' {
            $Masks | Should -Contain "$Prefix$PullSecret"
        }

        It 'masks the base64 pair' {
            $Masks | Should -Contain "$Prefix$PullPair"
        }

        It 'writes no command for the other runner' {
            @($Pull.Lines | Where-Object { $_.StartsWith($Other) }) | Should -HaveCount 0
        }
    }

    Context 'outside CI' {
        BeforeAll {
            $script:Pull = Invoke-PullSecret @{}
        }

        It 'writes no masking command' {
            @($Pull.Lines | Where-Object { $_.StartsWith('##vso[') -or $_.StartsWith('::add-mask::') }) | Should -HaveCount 0
        }

        It 'starts with the manifest' {
            $Pull.Lines[0] | Should -BeExactly 'apiVersion: v1'
        }
    }
}
