BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Emulator = Start-TestEmulator
    $script:EmulatorEnvironment = Get-EmulatorEnvironment $script:Emulator
}

AfterAll {
    Stop-TestEmulator $script:Emulator
}

Describe 'New-DgDistributionCredential' {
    Context 'piped from Get-DgProject' {
        BeforeAll {
            $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script @'
$null = Connect-DgAccount -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL
$credential = Get-DgProject -Name 'Acme on-prem' | New-DgDistributionCredential -Comment 'build agent 42' -Tag 'ci', 'agent-42' -Scope 'self-hosted:product:api', 'self-hosted:product:engine'
$plain = [System.Net.NetworkCredential]::new('', $credential.Secret).Password
$views = ($credential | Format-Table | Out-String) + ($credential | Format-List | Out-String) + $credential.ToString() + ($credential | Out-String)
$listed = @(Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT)
[ordered]@{
    Type          = $credential.GetType().FullName
    SecretType    = $credential.Secret.GetType().FullName
    SecretLength  = $plain.Length
    SecretPattern = $plain -cmatch '^[A-Z0-9]{64}$'
    UserName      = $credential.UserName
    Id            = [string] $credential.DistributionCredentialId
    ProjectId     = [string] $credential.ProjectId
    CredentialUser = $credential.Credential.UserName
    CredentialMatches = ($credential.Credential.GetNetworkCredential().Password -ceq $plain)
    Registry      = $credential.Registry
    Scopes        = $credential.Scopes
    Tags          = $credential.Tags
    Comment       = $credential.Comment
    CreatedOffset = $credential.Created.Offset.TotalMinutes
    CreatedType   = $credential.Created.GetType().FullName
    ViewsHaveSecret = $views.Contains($plain)
    ListedCount   = $listed.Count
    ListedSecret  = $null -ne $listed[0].Secret
    ListedHasSecret = $listed[0].HasSecret
} | ConvertTo-Json -Compress -Depth 4
'@
            $script:Result = Get-ChildResult $run
        }

        It 'returns a DgDistributionCredential' {
            $script:Result.Type | Should -Be 'DeepgramOnPrem.DgDistributionCredential'
        }

        It 'carries the secret as a SecureString' {
            $script:Result.SecretType | Should -Be 'System.Security.SecureString'
            $script:Result.SecretLength | Should -Be 64
            $script:Result.SecretPattern | Should -BeTrue
        }

        It 'names the registry user after the id' {
            $script:Result.UserName | Should -Be "deepgram+$($script:Result.Id)"
        }

        It 'takes the project id from the pipeline' {
            $script:Result.ProjectId | Should -Be ([string] $script:Emulator.ProjectId)
        }

        It 'builds a PSCredential from user and secret' {
            $script:Result.CredentialUser | Should -Be $script:Result.UserName
            $script:Result.CredentialMatches | Should -BeTrue
        }

        It 'defaults the registry to quay.io' {
            $script:Result.Registry | Should -Be 'quay.io'
        }

        It 'sends comment, scopes and tags' {
            $script:Result.Comment | Should -Be 'build agent 42'
            $script:Result.Scopes | Should -Be @('self-hosted:product:api', 'self-hosted:product:engine')
            $script:Result.Tags | Should -Be @('ci', 'agent-42')
        }

        It 'keeps the server''s offset on Created' {
            $script:Result.CreatedType | Should -Be 'System.DateTimeOffset'
            $script:Result.CreatedOffset | Should -Be 0
        }

        It 'never shows the secret in a view' {
            $script:Result.ViewsHaveSecret | Should -BeFalse
        }

        It 'is listed afterwards without a secret' {
            $script:Result.ListedCount | Should -BeGreaterOrEqual 1
            $script:Result.ListedSecret | Should -BeFalse
            $script:Result.ListedHasSecret | Should -BeFalse
        }
    }

    Context 'refusals' {
        BeforeAll {
            $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script @'
$null = Connect-DgAccount -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL
$before = @(Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT).Count
$whatIf = New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'what if' -WhatIf
$scopeError = $null
try { New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Scope 'admin:everything' } catch { $scopeError = ConvertTo-ErrorSummary $_ }
$memberError = $null
try { New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -ApiKey $env:DGT_MEMBER } catch { $memberError = ConvertTo-ErrorSummary $_ }
$cloudError = $null
try { New-DgDistributionCredential -ProjectId $env:DGT_CLOUD } catch { $cloudError = ConvertTo-ErrorSummary $_ }
$providerError = $null
try { New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Provider 'dockerhub' } catch { $providerError = ConvertTo-ErrorSummary $_ }
$after = @(Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT).Count
[ordered]@{
    Before   = $before
    After    = $after
    WhatIf   = $null -eq $whatIf
    Scope    = $scopeError
    Member   = $memberError
    Cloud    = $cloudError
    Provider = $providerError
} | ConvertTo-Json -Compress -Depth 4
'@
            $script:Result = Get-ChildResult $run
        }

        It 'creates nothing under -WhatIf or on any refusal' {
            $script:Result.WhatIf | Should -BeTrue
            $script:Result.After | Should -Be $script:Result.Before
        }

        It 'rejects an unknown scope before calling the API' {
            $script:Result.Scope.Id | Should -Be 'InvalidScope,DeepgramOnPrem.Commands.NewDgDistributionCredentialCommand'
            $script:Result.Scope.Message | Should -Match "admin:everything"
            $script:Result.Scope.Message | Should -Match 'self-hosted:products'
        }

        It 'explains a key without keys:write' {
            $script:Result.Member.Id | Should -Be 'DeepgramPermissionDenied,DeepgramOnPrem.Commands.NewDgDistributionCredentialCommand'
            $script:Result.Member.Category | Should -Be 'PermissionDenied'
            $script:Result.Member.Status | Should -Be 403
            $script:Result.Member.Recommended | Should -Match 'owner or admin role'
        }

        It 'explains a project without self-hosted access' {
            $script:Result.Cloud.Id | Should -Be 'DeepgramPermissionDenied,DeepgramOnPrem.Commands.NewDgDistributionCredentialCommand'
        }

        It 'rejects a provider other than quay' {
            $script:Result.Provider.Id | Should -Be 'ParameterArgumentValidationError,DeepgramOnPrem.Commands.NewDgDistributionCredentialCommand'
        }
    }

    Context 'when a later command fails' {
        It 'keeps the created credential reachable' {
            $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script @'
$null = Connect-DgAccount -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL
$failure = $null
try {
    New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'lost?' | ForEach-Object { throw 'downstream broke' }
}
catch { $failure = $_ }
$target = $failure.TargetObject
$stillThere = @(Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Id $target.DistributionCredentialId).Count
$target | Remove-DgDistributionCredential -Force
[ordered]@{
    Error      = ConvertTo-ErrorSummary $failure
    HasSecret  = $target.HasSecret
    StillThere = $stillThere
} | ConvertTo-Json -Compress -Depth 4
'@
            $result = Get-ChildResult $run
            $result.Error.Id | Should -Be 'CreatedCredentialOutputFailed,DeepgramOnPrem.Commands.NewDgDistributionCredentialCommand'
            $result.Error.TargetType | Should -Be 'DeepgramOnPrem.DgDistributionCredential'
            $result.Error.Message | Should -Match 'still exists and was not recreated'
            $result.Error.Message | Should -Match 'downstream broke'
            $result.HasSecret | Should -BeTrue
            $result.StillThere | Should -Be 1
        }
    }
}

Describe 'New-DgDistributionCredential without a key' {
    It 'runs -WhatIf without calling the API' {
        $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script @'
$whatIf = New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'preview' -WhatIf
[ordered]@{ Output = @($whatIf).Count } | ConvertTo-Json -Compress
'@
        $result = Get-ChildResult $run
        $result.Output | Should -Be 0
        $run.Output | Should -Match 'What if: .*preview'
    }
}

Describe 'New-DgDistributionCredential before a failing compiled cmdlet' {
    It 'warns which credential to remove' {
        $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script @'
$null = Connect-DgAccount -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL
$failure = $null
try { New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'stopped downstream' | Get-Item -ErrorAction Stop } catch { $failure = ConvertTo-ErrorSummary $_ }
$created = @(Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'stopped downstream')
$created | Remove-DgDistributionCredential -Force
[ordered]@{ Failure = $failure; Id = [string] $created[0].DistributionCredentialId } | ConvertTo-Json -Compress -Depth 4
'@
        $result = Get-ChildResult $run
        $result.Failure.Id | Should -Match 'GetItemCommand$'
        $run.Output | Should -Match ("The pipeline stopped after distribution credential deepgram\+" + $result.Id)
        $run.Output | Should -Match ('Remove-DgDistributionCredential -ProjectId \S+ -Id ' + $result.Id)
    }
}

Describe 'Get-DgDistributionCredential' {
    BeforeAll {
        $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script @'
$null = Connect-DgAccount -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL
$a = New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'alpha one'
$b = New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'beta two'
$piped = @(Get-DgProject -Name 'Acme on-prem' | Get-DgDistributionCredential)
$filtered = @(Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'ALPHA*')
$badPattern = @(Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'agent [42' -ErrorVariable badPatternErrors -ErrorAction SilentlyContinue)
$byId = Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Id $b.DistributionCredentialId
$byPipe = @($a, $b | Get-DgDistributionCredential)
$missing = @(Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Id ([guid]::NewGuid()), $a.DistributionCredentialId -ErrorVariable missingErrors -ErrorAction SilentlyContinue)
$member = @(Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT -ApiKey $env:DGT_MEMBER)
$a, $b | Remove-DgDistributionCredential -Force
[ordered]@{
    PipedIds     = @($piped.DistributionCredentialId | ForEach-Object { [string] $_ })
    AId          = [string] $a.DistributionCredentialId
    BId          = [string] $b.DistributionCredentialId
    Filtered     = @($filtered.Comment)
    ById         = $byId.Comment
    ByIdMember   = $byId.MemberEmail
    ByPipe       = $byPipe.Count
    MissingCount = $missing.Count
    MissingError = ConvertTo-ErrorSummary $missingErrors[0]
    MemberCount  = $member.Count
    BadPatternCount = $badPattern.Count
    BadPattern   = ConvertTo-ErrorSummary $badPatternErrors[0]
} | ConvertTo-Json -Compress -Depth 4
'@
        $script:Result = Get-ChildResult $run
    }

    It 'lists credentials piped from Get-DgProject' {
        $script:Result.PipedIds | Should -Contain $script:Result.AId
        $script:Result.PipedIds | Should -Contain $script:Result.BId
    }

    It 'filters by comment with wildcards' {
        $script:Result.Filtered | Should -Be @('alpha one')
    }

    It 'rejects an invalid comment pattern' {
        $script:Result.BadPatternCount | Should -Be 0
        $script:Result.BadPattern.Id | Should -Be 'InvalidWildcardPattern,DeepgramOnPrem.Commands.GetDgDistributionCredentialCommand'
    }

    It 'gets one by -Id' {
        $script:Result.ById | Should -Be 'beta two'
    }

    It 'reports the creating member' {
        $script:Result.ByIdMember | Should -Not -BeNullOrEmpty
    }

    It 'gets credentials piped by property name' {
        $script:Result.ByPipe | Should -Be 2
    }

    It 'continues past an unknown id' {
        $script:Result.MissingCount | Should -Be 1
        $script:Result.MissingError.Id | Should -Be 'DistributionCredentialNotFound,DeepgramOnPrem.Commands.GetDgDistributionCredentialCommand'
        $script:Result.MissingError.Recommended | Should -Match 'Get-DgDistributionCredential -ProjectId'
    }

    It 'shows a member only their own credentials' {
        $script:Result.MemberCount | Should -Be 0
    }
}

Describe 'Remove-DgDistributionCredential' {
    BeforeAll {
        $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script @'
$null = Connect-DgAccount -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL
$keep = New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'keep'
$keep | Remove-DgDistributionCredential -WhatIf
$afterWhatIf = @(Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'keep').Count
$keep | Remove-DgDistributionCredential -Force -WhatIf
$afterForceWhatIf = @(Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'keep').Count
$WhatIfPreference = $true
$keep | Remove-DgDistributionCredential -Force
$WhatIfPreference = $false
$afterPreference = @(Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'keep').Count

$first = New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'batch'
$second = New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'batch'
$ghost = [pscustomobject]@{ ProjectId = $env:DGT_PROJECT; DistributionCredentialId = [guid]::NewGuid() }
$passThru = @($first, $ghost, $second | Remove-DgDistributionCredential -Confirm:$false -PassThru -ErrorVariable removeErrors -ErrorAction SilentlyContinue)
$remaining = @(Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'batch').Count

$memberError = $null
try { $keep | Remove-DgDistributionCredential -Force -ApiKey $env:DGT_MEMBER } catch { $memberError = ConvertTo-ErrorSummary $_ }
$keep | Remove-DgDistributionCredential -Force
[ordered]@{
    AfterWhatIf      = $afterWhatIf
    AfterForceWhatIf = $afterForceWhatIf
    AfterPreference  = $afterPreference
    PassThru         = @($passThru.DistributionCredentialId | ForEach-Object { [string] $_ })
    FirstId          = [string] $first.DistributionCredentialId
    SecondId         = [string] $second.DistributionCredentialId
    Remaining        = $remaining
    RemoveError      = ConvertTo-ErrorSummary $removeErrors[0]
    Member           = $memberError
    Final            = @(Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'keep').Count
} | ConvertTo-Json -Compress -Depth 4
'@
        $script:Result = Get-ChildResult $run
    }

    It 'deletes nothing under -WhatIf' {
        $script:Result.AfterWhatIf | Should -Be 1
    }

    It 'deletes nothing under -Force -WhatIf' {
        $script:Result.AfterForceWhatIf | Should -Be 1
    }

    It 'deletes nothing under -Force with $WhatIfPreference' {
        $script:Result.AfterPreference | Should -Be 1
    }

    It 'deletes every piped credential past a failing one' {
        $script:Result.Remaining | Should -Be 0
        $script:Result.PassThru | Should -Be @($script:Result.FirstId, $script:Result.SecondId)
    }

    It 'reports the unknown one as not found' {
        $script:Result.RemoveError.Id | Should -Be 'DistributionCredentialNotFound,DeepgramOnPrem.Commands.RemoveDgDistributionCredentialCommand'
        $script:Result.RemoveError.Category | Should -Be 'ObjectNotFound'
    }

    It 'explains a member key' {
        $script:Result.Member.Id | Should -Be 'DeepgramPermissionDenied,DeepgramOnPrem.Commands.RemoveDgDistributionCredentialCommand'
    }

    It 'deletes with -Force' {
        $script:Result.Final | Should -Be 0
    }
}

Describe 'Route families' {
    It 'sends the OnPrem family to /onprem/ paths' {
        $null = Invoke-EmulatorControl $script:Emulator 'requests' -Method DELETE
        $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script @'
$null = Connect-DgAccount -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL -RouteFamily OnPrem
$credential = New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'old route'
$credential | Remove-DgDistributionCredential -Force
[ordered]@{ Scopes = $credential.Scopes } | ConvertTo-Json -Compress
'@
        $result = Get-ChildResult $run
        $paths = (Invoke-EmulatorControl $script:Emulator 'requests').requests.path
        $paths | Where-Object { $_ -like '*/distribution/credentials*' } | Should -Not -BeNullOrEmpty
        $paths | Where-Object { $_ -like '*/distribution/credentials*' -and $_ -notlike '*/onprem/*' } | Should -BeNullOrEmpty
        $result.Scopes | Should -Be @('onprem:products')
    }

    It 'sends the default family to /self-hosted/ paths' {
        $null = Invoke-EmulatorControl $script:Emulator 'requests' -Method DELETE
        $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script @'
$null = Connect-DgAccount -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL
$credential = New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'new route'
$credential | Remove-DgDistributionCredential -Force
[ordered]@{ Scopes = $credential.Scopes } | ConvertTo-Json -Compress
'@
        $result = Get-ChildResult $run
        $paths = (Invoke-EmulatorControl $script:Emulator 'requests').requests.path
        $paths | Where-Object { $_ -like '*/self-hosted/distribution/credentials*' } | Should -Not -BeNullOrEmpty
        $result.Scopes | Should -Be @('self-hosted:products')
    }
}
