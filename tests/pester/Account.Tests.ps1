BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Emulator = Start-TestEmulator
    $script:EmulatorEnvironment = Get-EmulatorEnvironment $script:Emulator
}

AfterAll {
    Stop-TestEmulator $script:Emulator
}

Describe 'Connect-DgAccount' {
    Context 'with the owner key' {
        BeforeAll {
            $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script @'
$connection = Connect-DgAccount -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL
$views = ($connection | Format-Table | Out-String) + ($connection | Format-List * | Out-String) + $connection.ToString()
$projects = @(Get-DgProject)
[ordered]@{
    Type         = $connection.GetType().FullName
    Fingerprint  = $connection.KeyFingerprint
    Validated    = $connection.Validated
    ProjectCount = $connection.ProjectCount
    AuthScheme   = $connection.AuthScheme
    BaseUri      = [string] $connection.BaseUri
    ViewsHaveKey = $views.Contains($env:DGT_OWNER)
    SessionWorks = $projects.Count
} | ConvertTo-Json -Compress
'@
            $script:Result = Get-ChildResult $run
        }

        It 'returns a DgConnection' {
            $script:Result.Type | Should -Be 'DeepgramOnPrem.DgConnection'
        }

        It 'shows only the last four characters of the key' {
            $script:Result.Fingerprint | Should -Be ('…' + $script:Emulator.OwnerKey.Substring($script:Emulator.OwnerKey.Length - 4))
        }

        It 'never shows the key in a view or ToString' {
            $script:Result.ViewsHaveKey | Should -BeFalse
        }

        It 'validates the key against the project list' {
            $script:Result.Validated | Should -BeTrue
            $script:Result.ProjectCount | Should -Be 2
        }

        It 'sends an API key as Token' {
            $script:Result.AuthScheme | Should -Be 'Token'
        }

        It 'stores the connection for later cmdlets' {
            $script:Result.SessionWorks | Should -Be 2
        }
    }

    Context 'with a bad key' {
        BeforeAll {
            $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script @'
$connectError = $null
try { Connect-DgAccount -ApiKey $env:DGT_INVALID -BaseUri $env:DGT_URL } catch { $connectError = ConvertTo-ErrorSummary $_ }
$laterError = $null
try { Get-DgProject -BaseUri $env:DGT_URL } catch { $laterError = ConvertTo-ErrorSummary $_ }
$tokenError = $null
try { Connect-DgAccount -ApiKey $env:DGT_TOKEN -BaseUri $env:DGT_URL } catch { $tokenError = ConvertTo-ErrorSummary $_ }
[ordered]@{ Connect = $connectError; Later = $laterError; Token = $tokenError } | ConvertTo-Json -Compress -Depth 4
'@
            $script:Result = Get-ChildResult $run
        }

        It 'fails with an authentication error' {
            $script:Result.Connect.Id | Should -Be 'DeepgramAuthenticationFailed,DeepgramOnPrem.Commands.ConnectDgAccountCommand'
            $script:Result.Connect.Category | Should -Be 'AuthenticationError'
        }

        It 'carries the status and request id' {
            $script:Result.Connect.Status | Should -Be 401
            $script:Result.Connect.RequestId | Should -Not -BeNullOrEmpty
            $script:Result.Connect.Message | Should -Match 'Request id'
        }

        It 'says what to do next' {
            $script:Result.Connect.Recommended | Should -Match 'Connect-DgAccount'
        }

        It 'stores nothing' {
            $script:Result.Later.Id | Should -Be 'DeepgramApiKeyMissing,DeepgramOnPrem.Commands.GetDgProjectCommand'
        }

        It 'explains an access token' {
            $script:Result.Token.Id | Should -Be 'DeepgramAuthenticationFailed,DeepgramOnPrem.Commands.ConnectDgAccountCommand'
            $script:Result.Token.Recommended | Should -Match 'access token'
        }
    }

    Context 'key and address resolution' {
        BeforeAll {
            $run = Invoke-ChildPwsh -Environment ($script:EmulatorEnvironment + @{ DEEPGRAM_API_KEY = $script:Emulator.OwnerKey; DEEPGRAM_HOST = $script:Emulator.Url }) -Script @'
# The environment alone is enough.
$fromEnvironment = @(Get-DgProject).Count

# A session key of the member overrides the environment's owner key.
$null = Connect-DgAccount -ApiKey $env:DGT_MEMBER -BaseUri $env:DGT_URL -SkipValidation
$sessionError = $null
try { $null = New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'as member' -ErrorAction Stop } catch { $sessionError = ConvertTo-ErrorSummary $_ }

# The parameter overrides the session.
$created = New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'as owner' -ApiKey (ConvertTo-SecureString $env:DGT_OWNER -AsPlainText -Force)

Disconnect-DgAccount
$afterDisconnect = @(Get-DgProject).Count
$created | Remove-DgDistributionCredential -ApiKey $env:DGT_OWNER -Force

$insecureError = $null
try { Get-DgProject -BaseUri 'http://api.deepgram.example' } catch { $insecureError = ConvertTo-ErrorSummary $_ }
$unreachableError = $null
try { Get-DgProject -BaseUri 'http://127.0.0.1:9' -TimeoutSec 5 } catch { $unreachableError = ConvertTo-ErrorSummary $_ }
[ordered]@{
    FromEnvironment = $fromEnvironment
    Session         = $sessionError
    CreatedByOwner  = [string] $created.DistributionCredentialId
    AfterDisconnect = $afterDisconnect
    Insecure        = $insecureError
    Unreachable     = $unreachableError
} | ConvertTo-Json -Compress -Depth 4
'@
            $script:Result = Get-ChildResult $run
        }

        It 'falls back to DEEPGRAM_API_KEY and DEEPGRAM_HOST' {
            $script:Result.FromEnvironment | Should -Be 2
        }

        It 'prefers the session key to the environment' {
            $script:Result.Session.Id | Should -Be 'DeepgramPermissionDenied,DeepgramOnPrem.Commands.NewDgDistributionCredentialCommand'
            $script:Result.Session.Recommended | Should -Match 'keys:write'
        }

        It 'prefers -ApiKey to the session' {
            $script:Result.CreatedByOwner | Should -Match '^[0-9a-f-]{36}$'
        }

        It 'falls back to the environment after Disconnect-DgAccount' {
            $script:Result.AfterDisconnect | Should -Be 2
        }

        It 'rejects plain http to a remote host' {
            $script:Result.Insecure.Id | Should -Be 'DeepgramBaseUriInvalid,DeepgramOnPrem.Commands.GetDgProjectCommand'
            $script:Result.Insecure.Message | Should -Match 'https://'
        }

        It 'stops on an unreachable address' {
            $script:Result.Unreachable.Id | Should -Be 'DeepgramUnreachable,DeepgramOnPrem.Commands.GetDgProjectCommand'
            $script:Result.Unreachable.Category | Should -Be 'ConnectionError'
        }
    }

    Context 'without any key' {
        It 'names the three ways to give one' {
            $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script @'
try { Get-DgProject -BaseUri $env:DGT_URL } catch { ConvertTo-ErrorSummary $_ | ConvertTo-Json -Compress }
'@
            $result = Get-ChildResult $run
            $result.Id | Should -Be 'DeepgramApiKeyMissing,DeepgramOnPrem.Commands.GetDgProjectCommand'
            $result.Message | Should -Match 'Connect-DgAccount'
            $result.Message | Should -Match 'DEEPGRAM_API_KEY'
        }
    }
}

Describe 'Invalid keys and addresses' {
    BeforeAll {
        $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script @'
$results = [ordered]@{}
foreach ($case in @(
        @{ Name = 'LineBreak'; Key = "$($env:DGT_OWNER)`nX-Injected: 1" },
        @{ Name = 'NonAscii'; Key = "$($env:DGT_OWNER)é" },
        @{ Name = 'Empty'; Key = '' })) {
    try { Get-DgProject -ApiKey $case.Key -BaseUri $env:DGT_URL; $results[$case.Name] = $null }
    catch { $results[$case.Name] = ConvertTo-ErrorSummary $_ }
}
$withPassword = $env:DGT_URL -replace '^http://', 'http://admin:hunter2secret@'
try { Get-DgProject -ApiKey $env:DGT_OWNER -BaseUri $withPassword } catch { $results['UserInfo'] = ConvertTo-ErrorSummary $_ }
$results | ConvertTo-Json -Compress -Depth 4
'@
        $script:Result = Get-ChildResult $run
    }

    It 'rejects a key with a line break' {
        $script:Result.LineBreak.Id | Should -Be 'DeepgramApiKeyInvalid,DeepgramOnPrem.Commands.GetDgProjectCommand'
        $script:Result.LineBreak.Message | Should -Match 'line break'
    }

    It 'rejects a key with a non-ASCII character' {
        $script:Result.NonAscii.Id | Should -Be 'DeepgramApiKeyInvalid,DeepgramOnPrem.Commands.GetDgProjectCommand'
        $script:Result.NonAscii.Message | Should -Match 'U\+00E9'
    }

    It 'never shows the invalid key' {
        $script:Result.LineBreak.Message | Should -Not -Match $script:Emulator.OwnerKey
        $script:Result.NonAscii.Message | Should -Not -Match $script:Emulator.OwnerKey
    }

    It 'says an empty -ApiKey is empty' {
        $script:Result.Empty.Id | Should -Be 'DeepgramApiKeyMissing,DeepgramOnPrem.Commands.GetDgProjectCommand'
        $script:Result.Empty.Message | Should -Match 'given with -ApiKey is empty'
    }

    It 'rejects a password in the address without showing it' {
        $script:Result.UserInfo.Id | Should -Be 'DeepgramBaseUriInvalid,DeepgramOnPrem.Commands.GetDgProjectCommand'
        $script:Result.UserInfo.Message | Should -Not -Match 'hunter2secret'
        $script:Result.UserInfo.Message | Should -Match 'user name or password'
    }
}

Describe 'Get-DgProject' {
    BeforeAll {
        $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script @'
$null = Connect-DgAccount -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL
$all = @(Get-DgProject)
$wildcard = @(Get-DgProject -Name 'acme ON*')
$literalMissing = @(Get-DgProject -Name 'Nope' -ErrorVariable missingErrors -ErrorAction SilentlyContinue)
$patternMissing = @(Get-DgProject -Name 'Nope*' -ErrorVariable patternErrors -ErrorAction SilentlyContinue)
$badPatternCount = @(Get-DgProject -Name 'Acme [on' -ErrorVariable badPatternErrors -ErrorAction SilentlyContinue).Count
$byId = Get-DgProject -ProjectId $env:DGT_PROJECT
$piped = @([pscustomobject]@{ ProjectId = $env:DGT_PROJECT }, [pscustomobject]@{ ProjectId = [guid]::NewGuid() } |
    Get-DgProject -ErrorVariable pipedErrors -ErrorAction SilentlyContinue)
[ordered]@{
    Count          = $all.Count
    Type           = $all[0].GetType().FullName
    Names          = @($all.Name)
    Wildcard       = @($wildcard.Name)
    MissingCount   = $literalMissing.Count
    MissingError   = ConvertTo-ErrorSummary $missingErrors[0]
    PatternErrors  = $patternErrors.Count
    ById           = $byId.Name
    PipedCount     = $piped.Count
    PipedError     = ConvertTo-ErrorSummary $pipedErrors[0]
    BadPatternCount = $badPatternCount
    BadPattern     = ConvertTo-ErrorSummary $badPatternErrors[0]
} | ConvertTo-Json -Compress -Depth 4
'@
        $script:Result = Get-ChildResult $run
    }

    It 'lists every project' {
        $script:Result.Count | Should -Be 2
        $script:Result.Type | Should -Be 'DeepgramOnPrem.DgProject'
    }

    It 'filters by wildcard, ignoring case' {
        $script:Result.Wildcard | Should -Be @('Acme on-prem')
    }

    It 'reports a literal name that matches nothing' {
        $script:Result.MissingCount | Should -Be 0
        $script:Result.MissingError.Id | Should -Be 'ProjectNotFound,DeepgramOnPrem.Commands.GetDgProjectCommand'
        $script:Result.MissingError.Message | Should -Match 'Acme on-prem'
    }

    It 'is silent when a pattern matches nothing' {
        $script:Result.PatternErrors | Should -Be 0
    }

    It 'rejects an invalid wildcard pattern' {
        $script:Result.BadPatternCount | Should -Be 0
        $script:Result.BadPattern.Id | Should -Be 'InvalidWildcardPattern,DeepgramOnPrem.Commands.GetDgProjectCommand'
        $script:Result.BadPattern.Message | Should -Match 'Acme \[on'
    }

    It 'gets one project by id' {
        $script:Result.ById | Should -Be 'Acme on-prem'
    }

    It 'continues the pipeline past an unknown id' {
        $script:Result.PipedCount | Should -Be 1
        $script:Result.PipedError.Id | Should -Be 'ProjectNotFound,DeepgramOnPrem.Commands.GetDgProjectCommand'
        $script:Result.PipedError.Category | Should -Be 'ObjectNotFound'
    }
}
