# Connect-DgRegistry against fake container tools (fixtures/*.sh) that record what they receive
# or print what docker prints. Each run happens in a child pwsh, so this host never loads the module.
# NOTE: Linux only, because the fakes are /bin/sh scripts and the Ctrl+C test reads /proc.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'RegistryHelpers.psm1') -Force

    $script:Utf8 = [System.Text.UTF8Encoding]::new($false)

    # 64 characters like a real secret, with non-ASCII ones so that any re-encoding shows.
    $script:Secret = 'ÄÖÜ€' + 'Q7ZK2M9XW4PL8RT3VN6BY5HC1JD0GF7SA2EU9IO4ZX8CV3BN6MQ1WE5RT0YU'
}

Describe 'Connect-DgRegistry with a recording docker' {
    BeforeAll {
        $id = [guid]::NewGuid()
        $tool = Copy-FakeTool -Name 'record-tool.sh' -Destination $TestDrive
        $out = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'docker-recording')
        $config = Join-Path $TestDrive 'docker-config'
        # The session has a Deepgram API key in its environment, which the tool must not inherit.
        $apiKey = 'dg-api-key-' + [guid]::NewGuid().ToString('N')
        $run = Invoke-RegistryChild -Variables @{ CredentialId = $id; Secret = $Secret; ToolPath = $tool; ConfigPath = $config } -Environment @{ FAKE_TOOL_OUT = $out.FullName; DEEPGRAM_API_KEY = $apiKey } -Script @'
$login = New-CredentialWithSecret $CredentialId $Secret | Connect-DgRegistry -ToolPath $ToolPath -ConfigPath $ConfigPath
[ordered]@{ Login = $login; SessionDockerConfig = $env:DOCKER_CONFIG; SessionApiKey = $env:DEEPGRAM_API_KEY } | ConvertTo-Json -Compress
'@
        $login = $run.Value.Login
        $arguments = Read-NulSeparated (Join-Path $out 'arguments.bin')
        $environment = Read-NulSeparated (Join-Path $out 'environment.bin')
        $stdin = [System.IO.File]::ReadAllBytes((Join-Path $out 'stdin.bin'))
    }

    It 'passes the login arguments' {
        ($arguments -join ' ') | Should -BeExactly "login quay.io --username deepgram+$id --password-stdin"
    }

    It 'passes the user name intact' {
        $arguments[3] | Should -BeExactly "deepgram+$id"
    }

    It 'keeps the secret out of the arguments' {
        @($arguments | Where-Object { $_.Contains($Secret) }) | Should -HaveCount 0
    }

    It 'keeps the secret out of the environment' {
        @($environment | Where-Object { $_.Contains($Secret) }) | Should -HaveCount 0
    }

    It 'writes the exact secret bytes to stdin' {
        [Convert]::ToHexString($stdin) | Should -BeExactly ([Convert]::ToHexString($Utf8.GetBytes($Secret)))
    }

    It 'keeps the API key out of the environment' {
        $run.Value.SessionApiKey | Should -BeExactly $apiKey
        @($environment | Where-Object { $_.StartsWith('DEEPGRAM_API_KEY=') }) | Should -HaveCount 0
        @($environment | Where-Object { $_.Contains($apiKey) }) | Should -HaveCount 0
    }

    It 'keeps the rest of the environment' {
        $environment | Should -Contain "FAKE_TOOL_OUT=$($out.FullName)"
    }

    It 'sets DOCKER_CONFIG for the tool' {
        $environment | Should -Contain "DOCKER_CONFIG=$config"
    }

    It 'leaves DOCKER_CONFIG of the session unset' {
        $run.Value.SessionDockerConfig | Should -BeNullOrEmpty
    }

    It 'returns the tool' { $login.Tool | Should -BeExactly 'docker' }

    It 'returns the registry' { $login.Registry | Should -BeExactly 'quay.io' }

    It 'returns the user name' { $login.UserName | Should -BeExactly "deepgram+$id" }

    It 'returns the config path' { $login.ConfigPath | Should -BeExactly $config }

    It 'returns the credential id' { $login.DistributionCredentialId | Should -Be $id }
}

Describe 'Connect-DgRegistry with a credential from <Source>' -ForEach @(
    @{ Source = 'Clixml' }
    @{ Source = 'Job' }
) {
    BeforeAll {
        # Import-Clixml and job output turn the credential into a property bag that still carries
        # the secret as a SecureString.
        $id = [guid]::NewGuid()
        $tool = Copy-FakeTool -Name 'record-tool.sh' -Destination $TestDrive
        $out = New-Item -ItemType Directory -Path (Join-Path $TestDrive "deserialized-$Source")
        $variables = @{ CredentialId = $id; Secret = $Secret; ToolPath = $tool; Source = $Source; ClixmlPath = (Join-Path $TestDrive "credential-$Source.xml") }
        $run = Invoke-RegistryChild -Variables $variables -Environment @{ FAKE_TOOL_OUT = $out.FullName } -Script @'
$credential = New-DeserializedCredential -Id $CredentialId -Secret $Secret -Source $Source -ClixmlPath $ClixmlPath
$login = $credential | Connect-DgRegistry -ToolPath $ToolPath -ErrorAction SilentlyContinue
[ordered]@{
    TypeName = $credential.PSObject.TypeNames[0]
    Login    = $login
    Error    = if ($Error.Count) { ConvertTo-ErrorSummary $Error[0] } else { $null }
} | ConvertTo-Json -Compress -Depth 4
'@
        $stdin = [System.IO.File]::ReadAllBytes((Join-Path $out 'stdin.bin'))
    }

    It 'pipes a deserialized credential' {
        $run.Value.TypeName | Should -BeExactly 'Deserialized.DeepgramOnPrem.DgDistributionCredential'
    }

    It 'logs in without an error' {
        $run.Value.Error | Should -BeNullOrEmpty
    }

    It 'writes the exact secret bytes to stdin' {
        [Convert]::ToHexString($stdin) | Should -BeExactly ([Convert]::ToHexString($Utf8.GetBytes($Secret)))
    }

    It 'returns the credential id' {
        $run.Value.Login.DistributionCredentialId | Should -Be $id
    }
}

Describe 'Connect-DgRegistry under a UTF-8 encoding with a BOM' {
    BeforeAll {
        $tool = Copy-FakeTool -Name 'record-tool.sh' -Destination $TestDrive
        $out = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'bom-recording')
        $null = Invoke-RegistryChild -Variables @{ Secret = $Secret; ToolPath = $tool } -Environment @{ FAKE_TOOL_OUT = $out.FullName } -Script @'
$OutputEncoding = [System.Text.UTF8Encoding]::new($true)
[Console]::InputEncoding = [System.Text.UTF8Encoding]::new($true)
$null = Connect-DgRegistry -UserName 'deepgram+bom' -Secret $Secret -ToolPath $ToolPath
'{}'
'@
        $stdin = [System.IO.File]::ReadAllBytes((Join-Path $out 'stdin.bin'))
    }

    It 'writes the exact secret bytes to stdin' {
        [Convert]::ToHexString($stdin) | Should -BeExactly ([Convert]::ToHexString($Utf8.GetBytes($Secret)))
    }
}

Describe 'Connect-DgRegistry with a recording podman' {
    BeforeAll {
        $tool = Copy-FakeTool -Name 'record-tool.sh' -Destination $TestDrive
        $loopbackOut = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'podman-loopback')
        $quayOut = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'podman-quay')
        $authFile = Join-Path $TestDrive 'podman/auth.json'
        $script = @'
$null = Connect-DgRegistry -Tool podman -UserName 'deepgram+podman' -Secret $Secret -ToolPath $ToolPath -ConfigPath $ConfigPath -Registry $Registry
'{}'
'@
        $null = Invoke-RegistryChild -Variables @{ Secret = $Secret; ToolPath = $tool; ConfigPath = $authFile; Registry = '127.0.0.1:5000' } -Environment @{ FAKE_TOOL_OUT = $loopbackOut.FullName } -Script $script
        $null = Invoke-RegistryChild -Variables @{ Secret = $Secret; ToolPath = $tool; ConfigPath = $authFile; Registry = 'quay.io' } -Environment @{ FAKE_TOOL_OUT = $quayOut.FullName } -Script $script
        $loopbackArguments = Read-NulSeparated (Join-Path $loopbackOut 'arguments.bin')
        $quayArguments = Read-NulSeparated (Join-Path $quayOut 'arguments.bin')
        $environment = Read-NulSeparated (Join-Path $loopbackOut 'environment.bin')
    }

    It 'skips TLS verification for a loopback registry' {
        ($loopbackArguments -join ' ') | Should -BeExactly 'login 127.0.0.1:5000 --username deepgram+podman --password-stdin --tls-verify=false'
    }

    It 'verifies TLS for quay.io' {
        ($quayArguments -join ' ') | Should -BeExactly 'login quay.io --username deepgram+podman --password-stdin'
    }

    It 'sets REGISTRY_AUTH_FILE for the tool' {
        $environment | Should -Contain "REGISTRY_AUTH_FILE=$authFile"
    }
}

Describe 'Connect-DgRegistry argument quoting' {
    BeforeAll {
        $tool = Copy-FakeTool -Name 'record-tool.sh' -Destination $TestDrive
        $out = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'quoting')
        $userName = 'a "quoted" user\ with \\" spaces\'
        $null = Invoke-RegistryChild -Variables @{ Secret = $Secret; ToolPath = $tool; UserName = $userName } -Environment @{ FAKE_TOOL_OUT = $out.FullName } -Script @'
$null = Connect-DgRegistry -UserName $UserName -Secret $Secret -ToolPath $ToolPath
'{}'
'@
        $arguments = Read-NulSeparated (Join-Path $out 'arguments.bin')
    }

    It 'passes an odd user name as one argument' {
        $arguments[3] | Should -BeExactly $userName
    }

    It 'passes five arguments' {
        $arguments | Should -HaveCount 5
    }
}

Describe 'Connect-DgRegistry output handling' {
    It 'succeeds despite stderr warnings' {
        $tool = Copy-FakeTool -Name 'warn-tool.sh' -Destination $TestDrive
        $run = Invoke-RegistryChild -AllowFailure -Variables @{ Secret = $Secret; ToolPath = $tool } -Script @'
$login = Connect-DgRegistry -UserName 'deepgram+warn' -Secret $Secret -ToolPath $ToolPath -ErrorAction Stop
[ordered]@{ UserName = $login.UserName } | ConvertTo-Json -Compress
'@
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Value.UserName | Should -BeExactly 'deepgram+warn'
    }

    It 'passes stderr on as verbose records' {
        $tool = Copy-FakeTool -Name 'warn-tool.sh' -Destination $TestDrive
        $run = Invoke-RegistryChild -Variables @{ Secret = $Secret; ToolPath = $tool } -Script @'
$verbose = Connect-DgRegistry -UserName 'deepgram+warn' -Secret $Secret -ToolPath $ToolPath -Verbose 4>&1 |
    Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
[ordered]@{ Verbose = @($verbose) } | ConvertTo-Json -Compress
'@
        $run.Value.Verbose | Should -Contain 'docker: WARNING: Error loading config file: open /nonexistent/config.json: permission denied'
    }

    It 'turns the unencrypted notice into a warning' {
        $tool = Copy-FakeTool -Name 'unencrypted-tool.sh' -Destination $TestDrive
        $run = Invoke-RegistryChild -Variables @{ Secret = $Secret; ToolPath = $tool } -Script @'
$null = Connect-DgRegistry -UserName 'deepgram+plain' -Secret $Secret -ToolPath $ToolPath -WarningVariable warnings -WarningAction SilentlyContinue
[ordered]@{ Warnings = @($warnings | ForEach-Object Message) } | ConvertTo-Json -Compress
'@
        @($run.Value.Warnings) | Should -Be @("docker: Your credentials are stored unencrypted in '/root/.docker/config.json'. Configure a credential helper to remove this warning. See https://docs.docker.com/go/credential-store/")
    }
}

Describe 'Connect-DgRegistry when the credential store fails' {
    BeforeAll {
        $id = [guid]::NewGuid()
        $failing = Copy-FakeTool -Name 'store-fail-tool.sh' -Destination $TestDrive
        $recording = Copy-FakeTool -Name 'record-tool.sh' -Destination $TestDrive
        $out = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'retry')
        $run = Invoke-RegistryChild -Variables @{ CredentialId = $id; Secret = $Secret; Failing = $failing; Recording = $recording } -Environment @{ FAKE_TOOL_OUT = $out.FullName } -Script @'
New-CredentialWithSecret $CredentialId $Secret | Connect-DgRegistry -ToolPath $Failing -ErrorAction SilentlyContinue
$failure = ConvertTo-ErrorSummary $Error[0]
$retried = $Error[0].TargetObject | Connect-DgRegistry -ToolPath $Recording
[ordered]@{ Failure = $failure; RetriedUserName = $retried.UserName } | ConvertTo-Json -Compress
'@
        $failure = $run.Value.Failure
    }

    It 'reports CredentialStoreFailed' {
        $failure.Id | Should -BeExactly 'CredentialStoreFailed,DeepgramOnPrem.Commands.ConnectDgRegistryCommand'
    }

    It 'uses the WriteError category' {
        $failure.Category | Should -BeExactly 'WriteError'
    }

    It 'targets the credential' {
        $failure.TargetType | Should -BeExactly 'DeepgramOnPrem.DgDistributionCredential'
    }

    It 'keeps the secret in the target' {
        $failure.TargetSecret | Should -BeExactly $Secret
    }

    It 'says the credential still exists' {
        $failure.Message | Should -Match 'still exists and was not recreated'
    }

    It 'names pass init as the fix' {
        $failure.Message | Should -Match "pass init"
    }

    It 'keeps the secret out of the message' {
        $failure.Message.Contains($Secret) | Should -BeFalse
    }

    It 'retries from the TargetObject' {
        $run.Value.RetriedUserName | Should -BeExactly "deepgram+$id"
    }

    It 'sends the secret on retry' {
        $stdin = [System.IO.File]::ReadAllBytes((Join-Path $out 'stdin.bin'))
        [Convert]::ToHexString($stdin) | Should -BeExactly ([Convert]::ToHexString($Utf8.GetBytes($Secret)))
    }
}

Describe 'Connect-DgRegistry failures' {
    It 'reports a missing tool path' {
        $run = Invoke-RegistryChild -Variables @{ Secret = $Secret; ToolPath = (Join-Path $TestDrive 'no-such-folder/docker') } -Script @'
Connect-DgRegistry -UserName 'deepgram+missing' -Secret $Secret -ToolPath $ToolPath -ErrorAction SilentlyContinue
ConvertTo-ErrorSummary $Error[0] | ConvertTo-Json -Compress
'@
        $run.Value.Id | Should -BeExactly 'ContainerToolNotFound,DeepgramOnPrem.Commands.ConnectDgRegistryCommand'
        $run.Value.Category | Should -BeExactly 'ObjectNotFound'
    }

    It 'rejects a credential without a secret' {
        $run = Invoke-RegistryChild -Variables @{ CredentialId = [guid]::NewGuid() } -Script @'
[DeepgramOnPrem.DgDistributionCredential]@{ DistributionCredentialId = $CredentialId } | Connect-DgRegistry -ErrorAction SilentlyContinue
ConvertTo-ErrorSummary $Error[0] | ConvertTo-Json -Compress
'@
        $run.Value.Id | Should -BeExactly 'CredentialHasNoSecret,DeepgramOnPrem.Commands.ConnectDgRegistryCommand'
        $run.Value.Category | Should -BeExactly 'InvalidData'
        $run.Value.Message | Should -Match 'New-DgDistributionCredential'
    }

    It 'rejects a blank user name from <Source>' -ForEach @(
        @{ Source = '-UserName'; Script = 'Connect-DgRegistry -UserName $UserName -Secret $Secret -ToolPath $ToolPath -TimeoutSec 10 -ErrorAction SilentlyContinue' }
        @{ Source = '-Credential'; Script = 'Connect-DgRegistry -Credential ([pscredential]::new($UserName, (ConvertTo-SecureString $Secret -AsPlainText -Force))) -ToolPath $ToolPath -TimeoutSec 10 -ErrorAction SilentlyContinue' }
    ) {
        # docker login prompts for a blank user name, and Docker CLI 28 then waits until the timeout.
        $tool = Copy-FakeTool -Name 'record-tool.sh' -Destination $TestDrive
        $out = New-Item -ItemType Directory -Path (Join-Path $TestDrive "blank$Source")
        $run = Invoke-RegistryChild -Variables @{ Secret = $Secret; ToolPath = $tool; UserName = ' ' } -Environment @{ FAKE_TOOL_OUT = $out.FullName } -Script ($Script + @'

if ($Error.Count) { ConvertTo-ErrorSummary $Error[0] | ConvertTo-Json -Compress } else { '{}' }
'@)
        $run.Value.Id | Should -BeExactly 'CredentialHasNoUserName,DeepgramOnPrem.Commands.ConnectDgRegistryCommand'
        $run.Value.Category | Should -BeExactly 'InvalidData'
        $run.Value.Message | Should -Match ([regex]::Escape("The user name ' ' is empty or only whitespace"))
        $run.Value.Message | Should -Match ([regex]::Escape('deepgram+<distribution credential id>'))
        Join-Path $out 'arguments.bin' | Should -Not -Exist
    }

    It 'rejects a <ToolName> config path that is a <Kind>' -ForEach @(
        @{ ToolName = 'docker'; Kind = 'file'; Expected = 'Docker needs a folder' }
        @{ ToolName = 'podman'; Kind = 'folder'; Expected = 'Podman needs the path of its auth file' }
    ) {
        $tool = Copy-FakeTool -Name 'record-tool.sh' -Destination $TestDrive
        $out = New-Item -ItemType Directory -Path (Join-Path $TestDrive "config-$ToolName")
        $configPath = Join-Path $TestDrive "existing-$Kind"
        if ($Kind -eq 'file') { Set-Content -LiteralPath $configPath -Value '{}' } else { $null = New-Item -ItemType Directory -Path $configPath }
        $run = Invoke-RegistryChild -Variables @{ Secret = $Secret; ToolPath = $tool; Tool = $ToolName; ConfigPath = $configPath } -Environment @{ FAKE_TOOL_OUT = $out.FullName } -Script @'
Connect-DgRegistry -Tool $Tool -UserName 'deepgram+config' -Secret $Secret -ToolPath $ToolPath -ConfigPath $ConfigPath -ErrorAction SilentlyContinue
if ($Error.Count) { ConvertTo-ErrorSummary $Error[0] | ConvertTo-Json -Compress } else { '{}' }
'@
        $run.Value.Id | Should -BeExactly 'ConfigPathInvalid,DeepgramOnPrem.Commands.ConnectDgRegistryCommand'
        $run.Value.Category | Should -BeExactly 'InvalidArgument'
        $run.Value.Message | Should -Match ([regex]::Escape("The config path '$configPath' is not valid"))
        $run.Value.Message | Should -Match $Expected
        Join-Path $out 'arguments.bin' | Should -Not -Exist
    }

    It 'rejects a docker logout config file' {
        $tool = Copy-FakeTool -Name 'record-tool.sh' -Destination $TestDrive
        $out = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'logout-config')
        $configPath = Join-Path $TestDrive 'logout-config.json'
        Set-Content -LiteralPath $configPath -Value '{}'
        $run = Invoke-RegistryChild -Variables @{ ToolPath = $tool; ConfigPath = $configPath } -Environment @{ FAKE_TOOL_OUT = $out.FullName } -Script @'
Disconnect-DgRegistry -ToolPath $ToolPath -ConfigPath $ConfigPath -ErrorAction SilentlyContinue
if ($Error.Count) { ConvertTo-ErrorSummary $Error[0] | ConvertTo-Json -Compress } else { '{}' }
'@
        $run.Value.Id | Should -BeExactly 'ConfigPathInvalid,DeepgramOnPrem.Commands.DisconnectDgRegistryCommand'
        $run.Value.Message | Should -Match 'Docker needs a folder'
        Join-Path $out 'arguments.bin' | Should -Not -Exist
    }

    It 'redacts a secret the tool prints' {
        $tool = Copy-FakeTool -Name 'echo-stdin-tool.sh' -Destination $TestDrive
        $run = Invoke-RegistryChild -Variables @{ Secret = $Secret; ToolPath = $tool } -Script @'
Connect-DgRegistry -UserName 'deepgram+echo' -Secret $Secret -ToolPath $ToolPath -ErrorAction SilentlyContinue
ConvertTo-ErrorSummary $Error[0] | ConvertTo-Json -Compress
'@
        $run.Value.Message.Contains($Secret) | Should -BeFalse
        $run.Value.Message | Should -Match ([regex]::Escape('cannot use password [redacted]'))
    }

    It 'stops a tool that hangs' {
        $tool = Copy-FakeTool -Name 'hang-tool.sh' -Destination $TestDrive
        $run = Invoke-RegistryChild -Variables @{ Secret = $Secret; ToolPath = $tool } -Script @'
$watch = [System.Diagnostics.Stopwatch]::StartNew()
Connect-DgRegistry -UserName 'deepgram+hang' -Secret $Secret -ToolPath $ToolPath -TimeoutSec 1 -ErrorAction SilentlyContinue
$summary = ConvertTo-ErrorSummary $Error[0]
$summary.Seconds = $watch.Elapsed.TotalSeconds
$summary | ConvertTo-Json -Compress
'@
        $run.Value.Id | Should -BeExactly 'RegistryLoginTimedOut,DeepgramOnPrem.Commands.ConnectDgRegistryCommand'
        $run.Value.Seconds | Should -BeLessThan 15
    }

    It 'stops the tool tree on Ctrl+C' {
        $tool = Copy-FakeTool -Name 'hang-tool.sh' -Destination $TestDrive
        $out = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'stop')
        $run = Invoke-RegistryChild -Variables @{ Secret = $Secret; ToolPath = $tool; PidFile = (Join-Path $out 'sleep.pid') } -Environment @{ FAKE_TOOL_OUT = $out.FullName } -Script @'
# PowerShell.Stop() is what Ctrl+C does to the running pipeline.
$shell = [powershell]::Create()
$null = $shell.AddScript('param($Module, $Secret, $ToolPath) Import-Module $Module; Connect-DgRegistry -UserName deepgram+stop -Secret $Secret -ToolPath $ToolPath').
    AddArgument((Get-Module DeepgramOnPrem).Path).AddArgument($Secret).AddArgument($ToolPath)
$null = $shell.BeginInvoke()
$deadline = [DateTime]::UtcNow.AddSeconds(20)
while (-not (Test-Path $PidFile) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
$sleepId = [int] (Get-Content $PidFile)
$watch = [System.Diagnostics.Stopwatch]::StartNew()
$shell.Stop()
$stopSeconds = $watch.Elapsed.TotalSeconds

# A killed sleep may stay a zombie (state Z) when its new parent does not reap it, as some
# container init processes do not.
function Test-Running([int] $Id) {
    $stat = Get-Content "/proc/$Id/stat" -Raw -ErrorAction SilentlyContinue
    return [bool] $stat -and $stat[$stat.LastIndexOf(')') + 2] -ne 'Z'
}
while ((Test-Running $sleepId) -and $watch.Elapsed.TotalSeconds -lt 10) { Start-Sleep -Milliseconds 50 }
[ordered]@{ State = [string] $shell.InvocationStateInfo.State; StopSeconds = $stopSeconds; SleepRunning = (Test-Running $sleepId) } | ConvertTo-Json -Compress
'@
        $run.Value.State | Should -BeExactly 'Stopped'
        $run.Value.StopSeconds | Should -BeLessThan 5
        $run.Value.SleepRunning | Should -BeFalse
    }

    It 'runs nothing under WhatIf' {
        $tool = Copy-FakeTool -Name 'record-tool.sh' -Destination $TestDrive
        $out = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'whatif')
        $null = Invoke-RegistryChild -Variables @{ Secret = $Secret; ToolPath = $tool } -Environment @{ FAKE_TOOL_OUT = $out.FullName } -Script @'
Connect-DgRegistry -UserName 'deepgram+whatif' -Secret $Secret -ToolPath $ToolPath -WhatIf
'{}'
'@
        Join-Path $out 'arguments.bin' | Should -Not -Exist
    }
}
