#Requires -Version 7.2
<#
.SYNOPSIS
    Builds the module's Get-Help files from the Markdown in docs/help.

.DESCRIPTION
    Reads one Markdown file per cmdlet (layout in docs/help/README.md) and about_DeepgramOnPrem.md,
    checks them against the built module's real cmdlet metadata, and writes:

        DeepgramOnPrem.dll-Help.xml     MAML help for every exported cmdlet
        about_DeepgramOnPrem.help.txt   the about topic as plain text

    The metadata (parameter sets, types, positions, pipeline input, aliases, valid values and
    output types) is read by importing the built module in a child pwsh, so this process never
    loads, and never locks, the module's DLL.

    The build fails, listing every problem, when an exported cmdlet has no help file, a
    parameter has no section, description or default value, or examples are missing. A SYNTAX
    section or parameter field that no longer matches the cmdlet is a warning (an error with
    -Strict): the MAML takes those parts from the metadata. -Update rewrites them in the
    Markdown and adds placeholder sections for undocumented parameters.

.PARAMETER SourcePath
    Folder of the Markdown help. Defaults to docs/help in the repository.

.PARAMETER OutputPath
    Folder that receives the help files, normally out/DeepgramOnPrem/en-US.

.PARAMETER ModulePath
    Manifest of the built module. Defaults to DeepgramOnPrem.psd1 in OutputPath's parent folder.

.PARAMETER Strict
    Fails on a SYNTAX section or parameter field that no longer matches the cmdlet, which is
    otherwise a warning because the MAML takes those parts from the metadata. The tests use it.

.PARAMETER Update
    Rewrites the SYNTAX sections and the parameter fields (all but "Default value") of the
    Markdown files from the built module, then builds the help.

.EXAMPLE
    dotnet pwsh tools/Build-Help.ps1 -Update

    Brings docs/help in line with the module in out/DeepgramOnPrem after a parameter changed.
#>
[CmdletBinding()]
param(
    [string] $SourcePath = (Join-Path $PSScriptRoot '../docs/help'),

    [string] $OutputPath = (Join-Path $PSScriptRoot '../out/DeepgramOnPrem/en-US'),

    [string] $ModulePath,

    [switch] $Update,

    [switch] $Strict
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$ModuleName = 'DeepgramOnPrem'
$MamlFileName = 'DeepgramOnPrem.dll-Help.xml'
$AboutTopicName = 'about_DeepgramOnPrem'
$Placeholder = '{{ Fill in the description }}'
$FieldNames = @('Type', 'Parameter Sets', 'Aliases', 'Required', 'Position', 'Default value', 'Accept pipeline input', 'Accept wildcard characters')

#region Cmdlet metadata

# Runs in the child pwsh: imports the module and prints each exported cmdlet's metadata as JSON.
$MetadataScript = {
    param([string] $ManifestPath)
    $ErrorActionPreference = 'Stop'
    $module = Import-Module $ManifestPath -PassThru
    $skipped = [System.Management.Automation.Cmdlet]::CommonParameters

    function Get-ShortTypeName([type] $Type) {
        $underlying = [Nullable]::GetUnderlyingType($Type)
        if ($underlying) { return $underlying.Name }
        return $Type.Name
    }

    $commands = foreach ($command in @($module.ExportedCmdlets.Values | Sort-Object Name)) {
        $setNames = @($command.ParameterSets | ForEach-Object Name)
        $parameters = foreach ($parameter in $command.Parameters.Values) {
            if ($parameter.Name -in $skipped) { continue }

            $sets = foreach ($setName in $setNames) {
                $setMetadata = $null
                if ($parameter.ParameterSets.ContainsKey($setName)) { $setMetadata = $parameter.ParameterSets[$setName] }
                elseif ($parameter.ParameterSets.ContainsKey('__AllParameterSets')) { $setMetadata = $parameter.ParameterSets['__AllParameterSets'] }
                if ($null -eq $setMetadata) { continue }
                [ordered]@{
                    Name           = $setName
                    IsMandatory    = $setMetadata.IsMandatory
                    Position       = $setMetadata.Position
                    ByValue        = $setMetadata.ValueFromPipeline
                    ByPropertyName = $setMetadata.ValueFromPipelineByPropertyName
                }
            }

            $validValues = @()
            $validateSet = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
            if ($validateSet) { $validValues = @($validateSet.ValidValues) }
            elseif ($parameter.ParameterType.IsEnum) { $validValues = @([enum]::GetNames($parameter.ParameterType)) }

            [ordered]@{
                Name              = $parameter.Name
                TypeName          = Get-ShortTypeName $parameter.ParameterType
                IsSwitch          = $parameter.SwitchParameter
                IsArray           = $parameter.ParameterType.IsArray
                Aliases           = @($parameter.Aliases)
                SupportsWildcards = [bool]($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
                ValidValues       = $validValues
                Sets              = @($sets)
            }
        }

        [ordered]@{
            Name        = $command.Name
            Verb        = $command.Verb
            Noun        = $command.Noun
            OutputTypes = @($command.OutputType | ForEach-Object Name)
            Sets        = @($command.ParameterSets | ForEach-Object {
                    [ordered]@{ Name = $_.Name; IsDefault = $_.IsDefault; Syntax = "$($command.Name) $_" }
                })
            Parameters  = @($parameters)
        }
    }
    ConvertTo-Json -InputObject @($commands) -Depth 8 -Compress
}

function Get-CmdletMetadata {
    param([string] $ManifestPath)

    # The child is the same PowerShell as this one, which may be pwsh.dll under the dotnet host.
    $exe = [Environment]::ProcessPath
    $arguments = @()
    if ((Split-Path -Leaf $exe) -like 'dotnet*') { $arguments += (Join-Path $PSHOME 'pwsh.dll') }

    $scriptPath = Join-Path ([System.IO.Path]::GetTempPath()) ("dgonprem-help-metadata-" + [guid]::NewGuid().ToString('N') + '.ps1')
    Set-Content -Path $scriptPath -Value $MetadataScript.ToString() -Encoding utf8
    try {
        $arguments += @('-NoProfile', '-NonInteractive', '-File', $scriptPath, $ManifestPath)
        # Standard error passes through to the console, so a failure shows its own message.
        $output = @(& $exe @arguments)
        if ($LASTEXITCODE -ne 0) {
            throw "Reading the cmdlet metadata of '$ManifestPath' in a child pwsh failed with exit code $LASTEXITCODE. Its output:`n$($output -join "`n")"
        }
    }
    finally {
        Remove-Item $scriptPath -ErrorAction SilentlyContinue
    }
    # The host writes warnings to standard output too, so the JSON is taken from the last line.
    $json = $output | Where-Object { $_ -like '`[*' } | Select-Object -Last 1
    if (-not $json) { throw "The child pwsh printed no cmdlet metadata for '$ManifestPath'. Its output:`n$($output -join "`n")" }
    return @($json | ConvertFrom-Json)
}

#endregion

#region Markdown reading

# Removes inline Markdown that Get-Help would show literally: code spans, emphasis and links.
function ConvertTo-PlainText([string] $Text) {
    $Text = [regex]::Replace($Text, '\[([^\]]+)\]\(([^)]+)\)', {
            param($match)
            $label = $match.Groups[1].Value
            $target = $match.Groups[2].Value
            if ($target -match '^https?://' -and $target -ne $label) { "$label ($target)" } else { $label }
        })
    $Text = [regex]::Replace($Text, '`([^`]+)`', '$1')
    $Text = [regex]::Replace($Text, '\*\*([^*]+)\*\*', '$1')
    $Text = [regex]::Replace($Text, '(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])', '$1')
    return $Text.Replace('\<', '<').Replace('\>', '>').Replace('\|', '|')
}

# Splits Markdown lines into blocks, each with a Kind (Paragraph, ListItem, Table or Code) and Lines.
function Get-MarkdownBlock {
    param([string[]] $Lines)

    $blocks = [System.Collections.Generic.List[object]]::new()
    $current = $null
    $fence = $null

    # Dot-sourced, so it clears this function's $current.
    $completeBlock = {
        if ($null -ne $current) {
            $blocks.Add($current)
            $current = $null
        }
    }

    foreach ($line in $Lines) {
        if ($null -ne $fence) {
            if ($line.Trim() -eq '```') {
                $fence = $null
                . $completeBlock
            }
            else {
                $current.Lines.Add($line)
            }
            continue
        }

        if ($line -match '^\s*```(\S*)\s*$') {
            . $completeBlock
            $fence = $Matches[1]
            $current = [pscustomobject]@{ Kind = 'Code'; Language = $fence; Lines = [System.Collections.Generic.List[string]]::new() }
            continue
        }

        if ($line.Trim() -eq '') {
            . $completeBlock
            continue
        }

        if ($line -match '^\s*\|') {
            if ($null -eq $current -or $current.Kind -ne 'Table') {
                . $completeBlock
                $current = [pscustomobject]@{ Kind = 'Table'; Lines = [System.Collections.Generic.List[string]]::new() }
            }
            $current.Lines.Add($line.Trim())
            continue
        }

        if ($line -match '^(\s*)([-*]|\d+\.)\s+(.*)$') {
            . $completeBlock
            $current = [pscustomobject]@{ Kind = 'ListItem'; Marker = $Matches[2]; Indent = $Matches[1].Length; Lines = [System.Collections.Generic.List[string]]::new() }
            $current.Lines.Add($Matches[3])
            continue
        }

        if ($null -eq $current -or $current.Kind -notin 'Paragraph', 'ListItem') {
            . $completeBlock
            $current = [pscustomobject]@{ Kind = 'Paragraph'; Lines = [System.Collections.Generic.List[string]]::new() }
        }
        $current.Lines.Add($line.Trim())
    }
    if ($null -ne $fence) { throw "A code fence that opens with '``````$fence' is never closed." }
    . $completeBlock
    return $blocks
}

# Returns the text of a block as one MAML paragraph.
function ConvertTo-MamlParagraph($Block) {
    switch ($Block.Kind) {
        'Code' { return (($Block.Lines | ForEach-Object { "    $_" }) -join "`n") }
        'Table' { return (($Block.Lines | Where-Object { $_ -notmatch '^\|[\s:|-]+\|$' } | ForEach-Object { ConvertTo-PlainText $_ }) -join "`n") }
        'ListItem' { return "- " + (ConvertTo-PlainText ($Block.Lines -join ' ')) }
        default { return ConvertTo-PlainText ($Block.Lines -join ' ') }
    }
}

# Splits lines at headings of one level, keeping each heading's first line number (0-based).
function Split-MarkdownSection {
    param([string[]] $Lines, [int] $Level, [int] $Offset = 0)

    $prefix = ('#' * $Level) + ' '
    $sections = [System.Collections.Generic.List[object]]::new()
    $inFence = $false
    $current = [pscustomobject]@{ Title = $null; Start = $Offset; End = $Offset - 1; Lines = [System.Collections.Generic.List[string]]::new() }
    for ($i = 0; $i -lt $Lines.Count; $i++) {
        $line = $Lines[$i]
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($prefix)) {
            $sections.Add($current)
            $current = [pscustomobject]@{ Title = $line.Substring($prefix.Length).Trim(); Start = $Offset + $i; End = $Offset + $i; Lines = [System.Collections.Generic.List[string]]::new() }
            continue
        }
        $current.Lines.Add($line)
        $current.End = $Offset + $i
    }
    $sections.Add($current)
    return $sections
}

function Read-CommandHelp {
    param([string] $Path)

    $lines = [string[]](Get-Content -Path $Path)
    $fileName = Split-Path -Leaf $Path
    $top = Split-MarkdownSection -Lines $lines -Level 1
    $titled = @($top | Where-Object Title)
    if ($titled.Count -ne 1) { throw "${fileName}: expected one '# <cmdlet name>' heading, found $($titled.Count)." }
    $document = $titled[0]

    $help = [pscustomobject]@{
        Path        = $Path
        FileName    = $fileName
        Lines       = $lines
        Name        = $document.Title
        Synopsis    = @()
        Description = @()
        Notes       = @()
        Syntax      = [System.Collections.Generic.List[object]]::new()
        SyntaxRange = $null
        Examples    = [System.Collections.Generic.List[object]]::new()
        Parameters  = [System.Collections.Generic.List[object]]::new()
        ParametersRange = $null
        Inputs      = [System.Collections.Generic.List[object]]::new()
        Outputs     = [System.Collections.Generic.List[object]]::new()
        Links       = [System.Collections.Generic.List[object]]::new()
        Sections    = [System.Collections.Generic.List[string]]::new()
    }

    foreach ($section in (Split-MarkdownSection -Lines $document.Lines -Level 2 -Offset ($document.Start + 1))) {
        if (-not $section.Title) { continue }
        $title = $section.Title.ToUpperInvariant()
        $help.Sections.Add($title)
        switch ($title) {
            'SYNOPSIS' { $help.Synopsis = @(Get-MarkdownBlock $section.Lines | ForEach-Object { ConvertTo-MamlParagraph $_ }) }
            'DESCRIPTION' { $help.Description = @(Get-MarkdownBlock $section.Lines | ForEach-Object { ConvertTo-MamlParagraph $_ }) }
            'NOTES' { $help.Notes = @(Get-MarkdownBlock $section.Lines | ForEach-Object { ConvertTo-MamlParagraph $_ }) }
            'SYNTAX' {
                $help.SyntaxRange = $section
                foreach ($set in (Split-MarkdownSection -Lines $section.Lines -Level 3 -Offset ($section.Start + 1))) {
                    if (-not $set.Title) { continue }
                    $code = @(Get-MarkdownBlock $set.Lines | Where-Object Kind -eq 'Code')
                    $isDefault = $set.Title -match '\(Default\)\s*$'
                    $help.Syntax.Add([pscustomobject]@{
                            Name      = ($set.Title -replace '\s*\(Default\)\s*$', '')
                            IsDefault = $isDefault
                            Text      = ($code | ForEach-Object { $_.Lines -join ' ' }) -join ' '
                        })
                }
            }
            'EXAMPLES' {
                foreach ($example in (Split-MarkdownSection -Lines $section.Lines -Level 3 -Offset ($section.Start + 1))) {
                    if (-not $example.Title) { continue }
                    $blocks = Get-MarkdownBlock $example.Lines
                    $code = $blocks | Where-Object Kind -eq 'Code' | Select-Object -First 1
                    $help.Examples.Add([pscustomobject]@{
                            Title   = ConvertTo-PlainText $example.Title
                            Code    = if ($code) { $code.Lines -join "`n" } else { '' }
                            Remarks = @($blocks | Where-Object { $_ -ne $code } | ForEach-Object { ConvertTo-MamlParagraph $_ })
                        })
                }
            }
            'PARAMETERS' {
                $help.ParametersRange = $section
                foreach ($parameter in (Split-MarkdownSection -Lines $section.Lines -Level 3 -Offset ($section.Start + 1))) {
                    if (-not $parameter.Title) { continue }
                    $blocks = Get-MarkdownBlock $parameter.Lines
                    $yaml = $blocks | Where-Object { $_.Kind -eq 'Code' -and $_.Language -eq 'yaml' } | Select-Object -First 1
                    $fields = [ordered]@{}
                    if ($yaml) {
                        foreach ($line in $yaml.Lines) {
                            if ($line -match '^\s*([^:]+):\s*(.*)$') { $fields[$Matches[1].Trim()] = $Matches[2].Trim() }
                        }
                    }
                    $help.Parameters.Add([pscustomobject]@{
                            Name        = $parameter.Title.TrimStart('-')
                            Description = @($blocks | Where-Object { $_ -ne $yaml } | ForEach-Object { ConvertTo-MamlParagraph $_ })
                            Fields      = $fields
                            Start       = $parameter.Start
                            End         = $parameter.End
                        })
                }
            }
            { $_ -in 'INPUTS', 'OUTPUTS' } {
                $property = if ($title -eq 'INPUTS') { 'Inputs' } else { 'Outputs' }
                foreach ($type in (Split-MarkdownSection -Lines $section.Lines -Level 3 -Offset ($section.Start + 1))) {
                    if (-not $type.Title) { continue }
                    $help.$property.Add([pscustomobject]@{
                            Type        = ConvertTo-PlainText $type.Title
                            Description = @(Get-MarkdownBlock $type.Lines | ForEach-Object { ConvertTo-MamlParagraph $_ })
                        })
                }
            }
            'RELATED LINKS' {
                foreach ($line in $section.Lines) {
                    if ($line -match '\[([^\]]+)\]\(([^)]*)\)') {
                        $uri = if ($Matches[2] -match '^https?://') { $Matches[2] } else { '' }
                        $help.Links.Add([pscustomobject]@{ Text = $Matches[1]; Uri = $uri })
                    }
                }
            }
            default { throw "$fileName has an unknown section '## $($section.Title)'. See docs/help/README.md for the layout." }
        }
    }
    return $help
}

#endregion

#region Checks against the metadata

function Test-IsShouldProcessParameter([string] $Name) { $Name -in 'WhatIf', 'Confirm' }

# Returns the text a Markdown field must have for a parameter, computed from its metadata.
function Get-ExpectedField {
    param($Command, $Parameter)

    $allSetNames = @($Command.Sets | ForEach-Object Name)
    $setNames = @($Parameter.Sets | ForEach-Object Name)
    $inAllSets = $setNames.Count -eq $allSetNames.Count

    function Format-PerSet([scriptblock] $Select) {
        $values = @($Parameter.Sets | ForEach-Object { [pscustomobject]@{ Set = $_.Name; Value = & $Select $_ } })
        $distinct = @($values | ForEach-Object Value | Select-Object -Unique)
        if ($distinct.Count -eq 1) { return $distinct[0] }
        return ($values | ForEach-Object { "$($_.Value) ($($_.Set))" }) -join ', '
    }

    $fields = [ordered]@{}
    $fields['Type'] = $Parameter.TypeName
    $fields['Parameter Sets'] = if ($inAllSets) { '(All)' } else { $setNames -join ', ' }
    $fields['Aliases'] = @($Parameter.Aliases) -join ', '
    $fields['Required'] = Format-PerSet { param($set) if ($set.IsMandatory) { 'True' } else { 'False' } }
    $fields['Position'] = Format-PerSet { param($set) if ($set.Position -lt 0) { 'Named' } else { [string]$set.Position } }
    $fields['Accept pipeline input'] = Format-PerSet {
        param($set)
        $kinds = @()
        if ($set.ByValue) { $kinds += 'ByValue' }
        if ($set.ByPropertyName) { $kinds += 'ByPropertyName' }
        if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
    }
    $fields['Accept wildcard characters'] = if ($Parameter.SupportsWildcards) { 'True' } else { 'False' }
    return $fields
}

# Returns two lists of problems: Missing (help that must be written) and Stale (generated
# parts of the Markdown that no longer match the cmdlet, which -Update rewrites).
function Get-HelpProblem {
    param($Help, $Command)

    $missing = [System.Collections.Generic.List[string]]::new()
    $stale = [System.Collections.Generic.List[string]]::new()
    $file = $Help.FileName
    foreach ($section in 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'RELATED LINKS') {
        if ($section -notin $Help.Sections) { $missing.Add("${file}: the '## $section' section is missing.") }
    }
    if (-not ($Help.Synopsis -join '').Trim()) { $missing.Add("${file}: the synopsis is empty.") }
    if (-not ($Help.Description -join '').Trim()) { $missing.Add("${file}: the description is empty.") }
    if ($Help.Examples.Count -lt 2) { $missing.Add("${file}: it has $($Help.Examples.Count) examples; write at least two.") }
    if (-not ($Help.Examples | Where-Object { $_.Code -match '\|' })) { $missing.Add("${file}: no example uses a pipeline; add one that pipes objects into or out of $($Help.Name).") }
    foreach ($example in $Help.Examples) {
        if (-not $example.Code.Trim()) { $missing.Add("${file}: example '$($example.Title)' has no code block.") }
    }
    if ($Help.Outputs.Count -eq 0) { $missing.Add("${file}: OUTPUTS names no type; write '### None' when the cmdlet writes nothing.") }
    if ($Help.Inputs.Count -eq 0) { $missing.Add("${file}: INPUTS names no type; write '### None' when nothing can be piped in.") }

    # Every declared output type is documented; System.Void is documented as None.
    foreach ($outputType in $Command.OutputTypes) {
        $expected = if ($outputType -eq 'System.Void') { 'None' } else { $outputType }
        if ($expected -notin @($Help.Outputs | ForEach-Object Type)) {
            $missing.Add("${file}: OUTPUTS does not name $expected, which $($Command.Name) declares with [OutputType].")
        }
    }

    # The SYNTAX section shows each parameter set as Get-Command prints it.
    $expectedSyntax = @($Command.Sets | ForEach-Object { ($_.Syntax -replace '\s+', ' ').Trim() })
    $writtenSyntax = @($Help.Syntax | ForEach-Object { ($_.Text -replace '\s+', ' ').Trim() })
    if (($expectedSyntax -join "`n") -ne ($writtenSyntax -join "`n")) {
        $stale.Add("${file}: the SYNTAX section does not match the cmdlet, which has:`n      $($expectedSyntax -join "`n      ")")
    }

    $documented = @{}
    foreach ($parameter in $Help.Parameters) {
        $documented[$parameter.Name] = $parameter
        $metadata = $Command.Parameters | Where-Object Name -eq $parameter.Name
        if (-not $metadata) {
            $stale.Add("${file}: documents -$($parameter.Name), which $($Command.Name) does not have.")
            continue
        }
        $text = ($parameter.Description -join ' ').Trim()
        if (-not $text -or $text.Contains($Placeholder)) { $missing.Add("${file}: -$($parameter.Name) has no description.") }
        if (-not $parameter.Fields.Contains('Default value') -or -not $parameter.Fields['Default value']) {
            $missing.Add("${file}: -$($parameter.Name) has no 'Default value' field; write None when there is none.")
        }

        $expected = Get-ExpectedField -Command $Command -Parameter $metadata
        foreach ($name in $expected.Keys) {
            $written = if ($parameter.Fields.Contains($name)) { $parameter.Fields[$name] } else { $null }
            if ($written -ne $expected[$name]) {
                $stale.Add("${file}: -$($parameter.Name) field '$name' is '$written' but the cmdlet has '$($expected[$name])'.")
            }
        }
    }
    foreach ($metadata in $Command.Parameters) {
        if (-not $documented.ContainsKey($metadata.Name)) {
            $missing.Add("${file}: -$($metadata.Name) has no section under '## PARAMETERS'.")
        }
    }
    return [pscustomobject]@{ Missing = $missing; Stale = $stale }
}

#endregion

#region Markdown update

function Format-SyntaxSection($Command) {
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add('## SYNTAX')
    foreach ($set in $Command.Sets) {
        $lines.Add('')
        $suffix = if ($set.IsDefault) { ' (Default)' } else { '' }
        $lines.Add("### $($set.Name)$suffix")
        $lines.Add('```')
        $lines.Add($set.Syntax)
        $lines.Add('```')
    }
    $lines.Add('')
    return $lines
}

function Format-ParameterField($Command, $Metadata, [string] $DefaultValue) {
    $expected = Get-ExpectedField -Command $Command -Parameter $Metadata
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add('```yaml')
    foreach ($name in $FieldNames) {
        $value = if ($name -eq 'Default value') { $DefaultValue } else { $expected[$name] }
        $lines.Add("${name}: $value".TrimEnd())
    }
    $lines.Add('```')
    return $lines
}

# Rewrites the generated parts of one Markdown file and returns true when it changed.
function Update-CommandHelp($Help, $Command) {
    $lines = [System.Collections.Generic.List[string]]::new([string[]]$Help.Lines)
    $edits = [System.Collections.Generic.List[object]]::new()

    if ($Help.SyntaxRange) {
        $edits.Add([pscustomobject]@{ Start = $Help.SyntaxRange.Start; End = $Help.SyntaxRange.End; Lines = Format-SyntaxSection $Command })
    }

    $documented = @{}
    foreach ($parameter in $Help.Parameters) {
        $documented[$parameter.Name] = $true
        $metadata = $Command.Parameters | Where-Object Name -eq $parameter.Name
        if (-not $metadata) {
            Write-Warning "$($Help.FileName): removing -$($parameter.Name), which $($Command.Name) no longer has."
            $edits.Add([pscustomobject]@{ Start = $parameter.Start; End = $parameter.End; Lines = @() })
            continue
        }

        $default = if ($parameter.Fields.Contains('Default value')) { $parameter.Fields['Default value'] } else { 'None' }
        $section = $lines.GetRange($parameter.Start, $parameter.End - $parameter.Start + 1)
        $open = -1
        $close = -1
        for ($i = 0; $i -lt $section.Count; $i++) {
            if ($open -lt 0 -and $section[$i].Trim() -eq '```yaml') { $open = $i; continue }
            if ($open -ge 0 -and $section[$i].Trim() -eq '```') { $close = $i; break }
        }
        $fieldLines = Format-ParameterField $Command $metadata $default
        if ($open -ge 0 -and $close -gt $open) {
            $edits.Add([pscustomobject]@{ Start = $parameter.Start + $open; End = $parameter.Start + $close; Lines = $fieldLines })
        }
        else {
            $edits.Add([pscustomobject]@{ Start = $parameter.End + 1; End = $parameter.End; Lines = @('') + $fieldLines + @('') })
        }
    }

    $missing = @($Command.Parameters | Where-Object { -not $documented.ContainsKey($_.Name) })
    if ($missing -and $Help.ParametersRange) {
        $added = [System.Collections.Generic.List[string]]::new()
        foreach ($metadata in $missing) {
            Write-Warning "$($Help.FileName): adding -$($metadata.Name) with a placeholder description."
            $added.Add("### -$($metadata.Name)")
            $added.Add('')
            $added.Add($Placeholder)
            $added.Add('')
            $added.AddRange([string[]](Format-ParameterField $Command $metadata 'None'))
            $added.Add('')
        }
        $end = $Help.ParametersRange.End
        $edits.Add([pscustomobject]@{ Start = $end + 1; End = $end; Lines = $added })
    }

    # Later edits first, so earlier line numbers stay valid.
    foreach ($edit in ($edits | Sort-Object Start -Descending)) {
        $count = $edit.End - $edit.Start + 1
        if ($count -gt 0) { $lines.RemoveRange($edit.Start, $count) }
        $lines.InsertRange($edit.Start, [string[]]@($edit.Lines))
    }

    $text = ($lines -join "`n").TrimEnd() + "`n"
    $before = ($Help.Lines -join "`n").TrimEnd() + "`n"
    if ($text -eq $before) { return $false }
    [System.IO.File]::WriteAllText($Help.Path, $text, [System.Text.UTF8Encoding]::new($false))
    return $true
}

#endregion

#region MAML writing

$MamlNamespace = 'http://schemas.microsoft.com/maml/2004/10'
$CommandNamespace = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$DevNamespace = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Paragraph([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs) {
    $Writer.WriteStartElement('maml', 'description', $MamlNamespace)
    foreach ($paragraph in @($Paragraphs)) {
        $Writer.WriteElementString('maml', 'para', $MamlNamespace, $paragraph)
    }
    $Writer.WriteEndElement()
}

function Write-MamlParameter {
    param([System.Xml.XmlWriter] $Writer, $Command, $Metadata, $Help, [switch] $ForSyntax, $Set)

    $documented = $Help.Parameters | Where-Object Name -eq $Metadata.Name
    $expected = Get-ExpectedField -Command $Command -Parameter $Metadata
    if ($Set) {
        $required = $Set.IsMandatory
        $position = if ($Set.Position -lt 0) { 'named' } else { [string]$Set.Position }
        $pipeline = if ($Set.ByValue -or $Set.ByPropertyName) {
            $kinds = @(); if ($Set.ByValue) { $kinds += 'ByValue' }; if ($Set.ByPropertyName) { $kinds += 'ByPropertyName' }
            "True ($($kinds -join ', '))"
        }
        else { 'False' }
    }
    else {
        $required = -not ($Metadata.Sets | Where-Object { -not $_.IsMandatory })
        $positions = @($Metadata.Sets | ForEach-Object Position | Select-Object -Unique)
        $position = if ($positions.Count -eq 1 -and $positions[0] -ge 0) { [string]$positions[0] } else { 'named' }
        $pipeline = $expected['Accept pipeline input']
    }
    $aliases = if ($Metadata.Aliases) { @($Metadata.Aliases) -join ', ' } else { 'none' }

    $Writer.WriteStartElement('command', 'parameter', $CommandNamespace)
    $Writer.WriteAttributeString('required', $required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $Metadata.IsArray.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', $Metadata.SupportsWildcards.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $pipeline)
    $Writer.WriteAttributeString('position', $position)
    $Writer.WriteAttributeString('aliases', $aliases)
    $Writer.WriteElementString('maml', 'name', $MamlNamespace, $Metadata.Name)
    Write-Paragraph $Writer $documented.Description

    # A switch shows no value in the syntax, so only the parameter list gives its type.
    if (-not ($ForSyntax -and $Metadata.IsSwitch)) {
        if ($ForSyntax -and $Metadata.ValidValues) {
            $Writer.WriteStartElement('command', 'parameterValueGroup', $CommandNamespace)
            foreach ($value in $Metadata.ValidValues) {
                $Writer.WriteStartElement('command', 'parameterValue', $CommandNamespace)
                $Writer.WriteAttributeString('required', 'false')
                $Writer.WriteAttributeString('variableLength', 'false')
                $Writer.WriteString($value)
                $Writer.WriteEndElement()
            }
            $Writer.WriteEndElement()
        }
        else {
            $Writer.WriteStartElement('command', 'parameterValue', $CommandNamespace)
            $Writer.WriteAttributeString('required', (-not $Metadata.IsSwitch).ToString().ToLowerInvariant())
            $Writer.WriteAttributeString('variableLength', $Metadata.IsArray.ToString().ToLowerInvariant())
            $Writer.WriteString($Metadata.TypeName)
            $Writer.WriteEndElement()
        }
    }
    $Writer.WriteStartElement('dev', 'type', $DevNamespace)
    $Writer.WriteElementString('maml', 'name', $MamlNamespace, $Metadata.TypeName)
    $Writer.WriteElementString('maml', 'uri', $MamlNamespace, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $DevNamespace, $documented.Fields['Default value'])
    $Writer.WriteEndElement()
}

# Orders a parameter set's parameters as Get-Command's syntax does: positional by position,
# then mandatory named, then optional named, with -WhatIf and -Confirm last.
function Get-SyntaxOrder($Command, [string] $SetName) {
    $entries = foreach ($parameter in $Command.Parameters) {
        $set = $parameter.Sets | Where-Object Name -eq $SetName
        if (-not $set) { continue }
        $rank = if (Test-IsShouldProcessParameter $parameter.Name) { 3 } elseif ($set.Position -ge 0) { 0 } elseif ($set.IsMandatory) { 1 } else { 2 }
        [pscustomobject]@{ Parameter = $parameter; Set = $set; Rank = $rank; Position = $set.Position }
    }
    return @($entries | Sort-Object -Stable Rank, Position)
}

function Write-MamlCommand([System.Xml.XmlWriter] $Writer, $Help, $Command) {
    $Writer.WriteStartElement('command', 'command', $CommandNamespace)

    $Writer.WriteStartElement('command', 'details', $CommandNamespace)
    $Writer.WriteElementString('command', 'name', $CommandNamespace, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $CommandNamespace, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $CommandNamespace, $Command.Noun)
    Write-Paragraph $Writer $Help.Synopsis
    $Writer.WriteEndElement()

    Write-Paragraph $Writer $Help.Description

    $Writer.WriteStartElement('command', 'syntax', $CommandNamespace)
    foreach ($set in $Command.Sets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $CommandNamespace)
        $Writer.WriteElementString('maml', 'name', $MamlNamespace, $Command.Name)
        foreach ($entry in (Get-SyntaxOrder $Command $set.Name)) {
            Write-MamlParameter -Writer $Writer -Command $Command -Metadata $entry.Parameter -Help $Help -ForSyntax -Set $entry.Set
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $CommandNamespace)
    foreach ($documented in $Help.Parameters) {
        $metadata = $Command.Parameters | Where-Object Name -eq $documented.Name
        if (-not $metadata) { continue }
        Write-MamlParameter -Writer $Writer -Command $Command -Metadata $metadata -Help $Help
    }
    $Writer.WriteEndElement()

    foreach ($kind in 'input', 'return') {
        $Writer.WriteStartElement('command', $(if ($kind -eq 'input') { 'inputTypes' } else { 'returnValues' }), $CommandNamespace)
        foreach ($type in $(if ($kind -eq 'input') { $Help.Inputs } else { $Help.Outputs })) {
            $Writer.WriteStartElement('command', $(if ($kind -eq 'input') { 'inputType' } else { 'returnValue' }), $CommandNamespace)
            $Writer.WriteStartElement('dev', 'type', $DevNamespace)
            $Writer.WriteElementString('maml', 'name', $MamlNamespace, $type.Type)
            $Writer.WriteEndElement()
            Write-Paragraph $Writer $type.Description
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    if ($Help.Notes) {
        $Writer.WriteStartElement('maml', 'alertSet', $MamlNamespace)
        $Writer.WriteStartElement('maml', 'alert', $MamlNamespace)
        foreach ($paragraph in $Help.Notes) { $Writer.WriteElementString('maml', 'para', $MamlNamespace, $paragraph) }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('command', 'examples', $CommandNamespace)
    foreach ($example in $Help.Examples) {
        $Writer.WriteStartElement('command', 'example', $CommandNamespace)
        $Writer.WriteElementString('maml', 'title', $MamlNamespace, "---------- $($example.Title) ----------")
        $Writer.WriteElementString('dev', 'code', $DevNamespace, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $DevNamespace)
        foreach ($paragraph in $example.Remarks) { $Writer.WriteElementString('maml', 'para', $MamlNamespace, $paragraph) }
        # An empty paragraph puts a blank line between examples in Get-Help's output.
        $Writer.WriteElementString('maml', 'para', $MamlNamespace, '')
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $CommandNamespace)
    foreach ($link in $Help.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $MamlNamespace)
        $Writer.WriteElementString('maml', 'linkText', $MamlNamespace, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $MamlNamespace, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

function Write-MamlFile([string] $Path, $Entries) {
    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        $writer.WriteAttributeString('xmlns', 'maml', $null, $MamlNamespace)
        $writer.WriteAttributeString('xmlns', 'command', $null, $CommandNamespace)
        $writer.WriteAttributeString('xmlns', 'dev', $null, $DevNamespace)
        foreach ($entry in $Entries) { Write-MamlCommand $writer $entry.Help $entry.Command }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
}

#endregion

#region About topic

# Wraps text at 80 columns with the given indent.
function Format-Wrapped([string] $Text, [int] $Indent, [string] $FirstPrefix = '') {
    $width = 80
    $pad = ' ' * $Indent
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = $pad + $FirstPrefix
    $hanging = $pad + (' ' * $FirstPrefix.Length)
    $empty = $true
    foreach ($word in ($Text -split '\s+' | Where-Object { $_ })) {
        if (-not $empty -and ($line.Length + 1 + $word.Length) -gt $width) {
            $lines.Add($line)
            $line = $hanging + $word
        }
        else {
            $line = if ($empty) { $line + $word } else { "$line $word" }
        }
        $empty = $false
    }
    if (-not $empty) { $lines.Add($line) }
    return $lines
}

# Lays a Markdown table out as plain text in padded columns, without its separator row.
function Format-TextTable([string[]] $Rows) {
    $table = @(foreach ($row in $Rows) {
            if ($row -match '^\|[\s:|-]+\|$') { continue }
            , @($row.Trim().Trim('|').Split('|') | ForEach-Object { ConvertTo-PlainText $_.Trim() })
        })
    $columnCount = ($table | ForEach-Object Count | Measure-Object -Maximum).Maximum
    $widths = foreach ($column in 0..($columnCount - 1)) {
        ($table | ForEach-Object { if ($column -lt $_.Count) { $_[$column].Length } else { 0 } } | Measure-Object -Maximum).Maximum
    }
    foreach ($cells in $table) {
        $padded = for ($column = 0; $column -lt $cells.Count; $column++) { $cells[$column].PadRight($widths[$column]) }
        ('    ' + ($padded -join '  ')).TrimEnd()
    }
}

function ConvertTo-AboutText([string] $Path) {
    $lines = [string[]](Get-Content -Path $Path)
    $output = [System.Collections.Generic.List[string]]::new()
    $top = @(Split-MarkdownSection -Lines $lines -Level 1 | Where-Object Title)
    if ($top.Count -ne 1 -or $top[0].Title -ne $AboutTopicName) {
        throw "$(Split-Path -Leaf $Path): expected one '# $AboutTopicName' heading."
    }
    $output.Add('TOPIC')
    $output.Add("    $AboutTopicName")

    foreach ($section in (Split-MarkdownSection -Lines $top[0].Lines -Level 2)) {
        if (-not $section.Title) { continue }
        $output.Add('')
        $output.Add($section.Title.ToUpperInvariant())
        $afterHeading = $true
        foreach ($part in (Split-MarkdownSection -Lines $section.Lines -Level 3)) {
            if ($part.Title) {
                $output.Add('')
                $output.Add("  $(ConvertTo-PlainText $part.Title)")
                $afterHeading = $true
            }
            $previousKind = $null
            foreach ($block in (Get-MarkdownBlock $part.Lines)) {
                # Text starts right under its heading, and consecutive list items stay together.
                if (-not $afterHeading -and -not ($block.Kind -eq 'ListItem' -and $previousKind -eq 'ListItem')) {
                    $output.Add('')
                }
                $afterHeading = $false
                $previousKind = $block.Kind
                switch ($block.Kind) {
                    'Code' { foreach ($codeLine in $block.Lines) { $output.Add(("        $codeLine").TrimEnd()) } }
                    'Table' { $output.AddRange([string[]](Format-TextTable $block.Lines)) }
                    'ListItem' {
                        $prefix = if ($block.Marker -match '^\d') { "$($block.Marker) " } else { '- ' }
                        $output.AddRange([string[]](Format-Wrapped (ConvertTo-PlainText ($block.Lines -join ' ')) (4 + $block.Indent) $prefix))
                    }
                    default { $output.AddRange([string[]](Format-Wrapped (ConvertTo-PlainText ($block.Lines -join ' ')) 4)) }
                }
            }
        }
    }
    return ($output -join [Environment]::NewLine) + [Environment]::NewLine
}

#endregion

$SourcePath = (Resolve-Path $SourcePath).Path
if (-not $ModulePath) { $ModulePath = Join-Path (Split-Path $OutputPath -Parent) "$ModuleName.psd1" }
if (-not (Test-Path $ModulePath)) {
    throw "The built module was not found at '$ModulePath'. Run 'dotnet pwsh ./build.ps1 Build' first, or pass -ModulePath."
}

$commands = Get-CmdletMetadata -ManifestPath (Resolve-Path $ModulePath).Path
$helpFiles = @(Get-ChildItem -Path $SourcePath -Filter '*.md' -File | Where-Object { $_.Name -ne 'README.md' -and $_.BaseName -ne $AboutTopicName })

if ($Update) {
    foreach ($file in $helpFiles) {
        $command = $commands | Where-Object Name -eq $file.BaseName
        if (-not $command) { continue }
        if (Update-CommandHelp (Read-CommandHelp $file.FullName) $command) { Write-Host "Updated $($file.Name)" }
    }
}

$problems = [System.Collections.Generic.List[string]]::new()
$staleParts = [System.Collections.Generic.List[string]]::new()
$entries = [System.Collections.Generic.List[object]]::new()
foreach ($command in $commands) {
    $file = $helpFiles | Where-Object BaseName -eq $command.Name
    if (-not $file) {
        $problems.Add("$($command.Name) has no help: write docs/help/$($command.Name).md (docs/help/README.md shows the layout).")
        continue
    }
    $help = Read-CommandHelp $file.FullName
    if ($help.Name -ne $command.Name) { $problems.Add("$($file.Name): its heading is '# $($help.Name)', not '# $($command.Name)'.") }
    $found = Get-HelpProblem $help $command
    foreach ($problem in $found.Missing) { $problems.Add($problem) }
    foreach ($problem in $found.Stale) { $staleParts.Add($problem) }
    $entries.Add([pscustomobject]@{ Help = $help; Command = $command })
}
foreach ($file in $helpFiles) {
    if (-not ($commands | Where-Object Name -eq $file.BaseName)) {
        Write-Warning "docs/help/$($file.Name) documents $($file.BaseName), which the built module does not export, so it is left out of the help."
    }
}
$aboutSource = Join-Path $SourcePath "$AboutTopicName.md"
if (-not (Test-Path $aboutSource)) { $problems.Add("The about topic docs/help/$AboutTopicName.md is missing.") }

$updateHint = "'dotnet pwsh tools/Build-Help.ps1 -Update' rewrites the SYNTAX sections and parameter fields from the built module."
if ($Strict) {
    $problems.AddRange($staleParts)
}
elseif ($staleParts.Count -gt 0) {
    # The MAML takes these parts from the metadata, so Get-Help stays right; only the Markdown is behind.
    Write-Warning ("Parts of docs/help no longer match the module:`n  - " + ($staleParts -join "`n  - ") + "`n$updateHint")
}
if ($problems.Count -gt 0) {
    # The list goes to the host first, because an error view would wrap and recolour it.
    Write-Host ("The module's help is incomplete or out of date:`n  - " + ($problems -join "`n  - "))
    throw "The module's help has $($problems.Count) problems, listed above. Fix the Markdown in docs/help. $updateHint"
}

New-Item -ItemType Directory -Path $OutputPath -Force | Out-Null
Write-MamlFile -Path (Join-Path $OutputPath $MamlFileName) -Entries $entries
[System.IO.File]::WriteAllText((Join-Path $OutputPath "$AboutTopicName.help.txt"), (ConvertTo-AboutText $aboutSource), [System.Text.UTF8Encoding]::new($false))
Write-Host "Help: $($entries.Count) cmdlets and $AboutTopicName in $OutputPath"
