using System.Security.Cryptography;

namespace Glassbox.Web;

/// <summary>
/// The files of the last few compiled models, in memory, under unguessable ids: downloads are served from here,
/// so nothing is written to disk. The oldest model is dropped when there are more than <see cref="Capacity"/>
/// or their files pass <see cref="MaxBytes"/>.
/// </summary>
public sealed class ModelStore
{
    /// <summary>Models kept.</summary>
    public const int Capacity = 16;

    /// <summary>Bytes kept over all models.</summary>
    public const long MaxBytes = 256L << 20;

    private readonly object _gate = new();
    private readonly LinkedList<(string Id, IReadOnlyList<Artifact> Files)> _models = new();

    /// <summary>Keeps <paramref name="files"/> and returns their id.</summary>
    public string Add(IReadOnlyList<Artifact> files)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        lock (_gate)
        {
            _models.AddLast((id, files));
            while (_models.Count > Capacity || (_models.Count > 1 && _models.Sum(m => m.Files.Sum(f => (long)f.Bytes.Length)) > MaxBytes))
                _models.RemoveFirst();
        }
        return id;
    }

    /// <summary>The file <paramref name="name"/> of model <paramref name="id"/>, or null when it is unknown or dropped.</summary>
    public Artifact? Find(string id, string name)
    {
        lock (_gate)
        {
            foreach (var (modelId, files) in _models)
                if (modelId == id) return files.FirstOrDefault(f => f.Name == name);
        }
        return null;
    }
}
