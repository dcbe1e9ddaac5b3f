using System.Globalization;

namespace Realtime.Server.Hosting;

/// <summary>
/// The log position every saved actor state includes, kept in a small file written atomically (temp + rename).
/// Losing it is safe: the next start replays the whole log, and actors skip what they already include.
/// </summary>
public sealed class CheckpointFile(string path)
{
    public long Read() =>
        File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var position) ? position : 0;

    public void Write(long position)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, position.ToString(CultureInfo.InvariantCulture));
        File.Move(temporary, path, overwrite: true);
    }
}
