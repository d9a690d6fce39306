# Get-Help for every exported cmdlet and the about topic, read in a child pwsh from the built
# module's en-US folder; and tools/Build-Help.ps1, which writes that help from docs/help.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    # The design fixes these names; a cmdlet missing from the module fails here too.
    $expectedCmdlets = @(
        'Connect-DgAccount', 'Disconnect-DgAccount', 'Get-DgProject',
        'New-DgDistributionCredential', 'Get-DgDistributionCredential', 'Remove-DgDistributionCredential',
        'Connect-DgRegistry', 'Disconnect-DgRegistry', 'ConvertTo-DgImagePullSecret'
    )

    $run = Invoke-ChildPwsh -Script @'
$common = [System.Management.Automation.Cmdlet]::CommonParameters
$commands = foreach ($command in Get-Command -Module DeepgramOnPrem -CommandType Cmdlet) {
    $help = Get-Help $command.Name -Full
    $helpParameters = @($help.parameters.parameter)
    $parameters = foreach ($name in $command.Parameters.Keys) {
        if ($name -in $common) { continue }
        $documented = $helpParameters | Where-Object name -eq $name
        [ordered]@{
            Name        = $name
            Description = if ($documented) { (@($documented.description) | ForEach-Object Text) -join ' ' } else { '' }
        }
    }
    [ordered]@{
        Name        = $command.Name
        Synopsis    = [string] $help.Synopsis
        Description = (@($help.description) | ForEach-Object Text) -join ' '
        Examples    = @($help.examples.example | ForEach-Object { [string] $_.code })
        Parameters  = @($parameters)
        FromMaml    = $help.PSTypeNames -contains 'MamlCommandHelpInfo'
    }
}
$about = Get-Help about_DeepgramOnPrem | Out-String
[ordered]@{ Commands = @($commands); About = $about } | ConvertTo-Json -Depth 6 -Compress
'@
    $help = Get-ChildResult $run

    $script:CmdletCases = foreach ($name in $expectedCmdlets) {
        $command = $help.Commands | Where-Object Name -eq $name
        @{
            Name        = $name
            Exported    = [bool] $command
            Synopsis    = if ($command) { $command.Synopsis } else { '' }
            Description = if ($command) { $command.Description } else { '' }
            Examples    = if ($command) { @($command.Examples) } else { @() }
            FromMaml    = if ($command) { [bool] $command.FromMaml } else { $false }
        }
    }
    $script:ParameterCases = foreach ($command in $help.Commands) {
        foreach ($parameter in $command.Parameters) {
            @{ Command = $command.Name; Parameter = $parameter.Name; Description = $parameter.Description }
        }
    }
    $script:AboutText = $help.About
}

Describe 'Get-Help for <Name>' -ForEach $script:CmdletCases {
    It 'is exported' {
        $Exported | Should -BeTrue
    }

    It 'comes from the MAML file' {
        # Without a help file, Get-Help builds a CmdletHelpInfo from the metadata instead.
        $FromMaml | Should -BeTrue
    }

    It 'has a synopsis' {
        $Synopsis.Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has a written synopsis' {
        # Without help, Get-Help puts the syntax in the synopsis.
        $Synopsis | Should -Not -Match "^\s*$([regex]::Escape($Name))\s"
    }

    It 'has a description' {
        $Description.Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples' {
        $Examples.Count | Should -BeGreaterOrEqual 2
    }

    It 'has a pipeline example' {
        @($Examples | Where-Object { $_ -match '\|' }).Count | Should -BeGreaterOrEqual 1
    }
}

Describe 'Get-Help parameters' {
    It '<Command> describes -<Parameter>' -ForEach $script:ParameterCases {
        $Description.Trim() | Should -Not -BeNullOrEmpty
    }
}

Describe 'Get-Help about_DeepgramOnPrem' -ForEach @(@{ About = $script:AboutText }) {

    It 'is found' {
        $About | Should -Match 'TOPIC\s+about_DeepgramOnPrem'
    }

    It 'covers <Topic>' -ForEach @(
        @{ Topic = 'SETUP' }
        @{ Topic = 'AUTHENTICATION' }
        @{ Topic = 'THE EMULATOR' }
        @{ Topic = 'CREDENTIAL ROTATION' }
        @{ Topic = 'PIPELINES' }
        @{ Topic = 'TROUBLESHOOTING' }
    ) {
        $About | Should -Match "(?m)^$Topic\s*$"
    }

    It 'states the key order' {
        $About | Should -Match '(?s)AUTHENTICATION.*?-ApiKey.*?Connect-DgAccount.*?DEEPGRAM_API_KEY'
    }

    It 'states the address order' {
        $About | Should -Match '(?s)AUTHENTICATION.*?-BaseUri.*?Connect-DgAccount.*?DEEPGRAM_HOST.*?https://api\.deepgram\.com'
    }

    It 'lists error id <ErrorId>' -ForEach @(
        'DeepgramAuthenticationFailed', 'DeepgramPermissionDenied', 'ProjectNotFound', 'DistributionCredentialNotFound',
        'DeepgramNotFound', 'DeepgramInvalidRequest', 'DeepgramConflict', 'DeepgramRateLimited', 'DeepgramServerError',
        'DeepgramUnreachable', 'DeepgramTimeout', 'DeepgramInvalidResponse', 'DeepgramUnexpectedStatus',
        'DeepgramApiKeyMissing', 'DeepgramApiKeyInvalid', 'DeepgramBaseUriInvalid', 'InvalidWildcardPattern'
    ).ForEach({ @{ ErrorId = $_ } }) {
        $About | Should -Match "\b$ErrorId\b"
    }
}

Describe 'Build-Help.ps1' {
    BeforeAll {
        $script:Root = Resolve-Path (Join-Path $PSScriptRoot '../..')
        $script:BuildHelp = Join-Path $script:Root 'tools/Build-Help.ps1'
        $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ("dgonprem-help-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $script:Work | Out-Null

        # Runs the builder in this process, which is safe because it reads the module's metadata
        # in a child pwsh. Its problem list goes to the information stream before it throws.
        function Invoke-BuildHelp([string] $Source, [string] $Output) {
            $helpInformation = $null
            $helpWarnings = $null
            $message = ''
            try {
                & $script:BuildHelp -SourcePath $Source -OutputPath $Output -ModulePath (Get-TestModulePath) -Strict `
                    -InformationAction SilentlyContinue -InformationVariable helpInformation `
                    -WarningAction SilentlyContinue -WarningVariable helpWarnings 6>$null | Out-Null
                $threw = $false
            }
            catch {
                $threw = $true
                $message = $_.Exception.Message
            }
            [pscustomobject]@{
                Threw = $threw
                Text  = (@($helpInformation) + @($helpWarnings) + @($message) | Out-String)
            }
        }
    }

    AfterAll {
        Remove-Item $script:Work -Recurse -Force -ErrorAction SilentlyContinue
    }

    Context 'with docs/help as committed' {
        BeforeAll {
            $script:Result = Invoke-BuildHelp (Join-Path $script:Root 'docs/help') (Join-Path $script:Work 'ok')
        }

        It 'succeeds with -Strict' {
            $script:Result.Threw | Should -BeFalse -Because $script:Result.Text
        }

        It 'writes the MAML file' {
            Join-Path $script:Work 'ok/DeepgramOnPrem.dll-Help.xml' | Should -Exist
        }

        It 'writes valid XML' {
            { [xml] (Get-Content (Join-Path $script:Work 'ok/DeepgramOnPrem.dll-Help.xml') -Raw) } | Should -Not -Throw
        }

        It 'writes the about topic' {
            Join-Path $script:Work 'ok/about_DeepgramOnPrem.help.txt' | Should -Exist
        }
    }

    Context 'with a parameter description removed' {
        BeforeAll {
            $source = Join-Path $script:Work 'broken-source'
            Copy-Item (Join-Path $script:Root 'docs/help') $source -Recurse
            $file = Join-Path $source 'New-DgDistributionCredential.md'
            $text = Get-Content $file -Raw
            $text = $text -replace '(?s)(### -Tag\r?\n).*?(\r?\n```yaml)', '$1$2'
            Set-Content -Path $file -Value $text -NoNewline
            Remove-Item (Join-Path $source 'Disconnect-DgAccount.md')
            $script:Broken = Invoke-BuildHelp $source (Join-Path $script:Work 'broken')
        }

        It 'fails the build' {
            $script:Broken.Threw | Should -BeTrue
        }

        It 'names the undescribed parameter' {
            $script:Broken.Text | Should -Match 'New-DgDistributionCredential\.md: -Tag has no description'
        }

        It 'names the cmdlet without help' {
            $script:Broken.Text | Should -Match 'Disconnect-DgAccount has no help'
        }

        It 'writes no MAML file' {
            Join-Path $script:Work 'broken/DeepgramOnPrem.dll-Help.xml' | Should -Not -Exist
        }
    }
}
