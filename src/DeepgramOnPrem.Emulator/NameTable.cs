namespace DeepgramOnPrem.Emulator;

/// <summary>Two-way map between enum values and the lower-case names the control API uses.</summary>
internal sealed class NameTable<T>
    where T : struct, Enum
{
    private readonly (string Name, T Value)[] entries;

    public NameTable(params (string Name, T Value)[] entries)
    {
        this.entries = entries;
    }

    /// <summary>Valid names, quoted and comma-separated, for error messages.</summary>
    public string ValidNames => string.Join(", ", entries.Select(entry => $"\"{entry.Name}\""));

    public string NameOf(T value)
    {
        foreach (var entry in entries)
        {
            if (EqualityComparer<T>.Default.Equals(entry.Value, value))
            {
                return entry.Name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, "The value has no name in this table.");
    }

    public bool TryParse(string? name, out T value)
    {
        foreach (var entry in entries)
        {
            if (string.Equals(entry.Name, name, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
