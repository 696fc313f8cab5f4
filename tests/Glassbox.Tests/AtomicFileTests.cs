namespace Glassbox.Tests;

public class AtomicFileTests
{
    [Fact]
    public void FailedWriteLeavesTheOldFileAndNoTemporaryFile()
    {
        var dir = Directory.CreateTempSubdirectory("atomic");
        try
        {
            var target = Path.Combine(dir.FullName, "model.gbx.json");
            AtomicFile.WriteAllText(target, "first");
            Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(target, temp =>
            {
                File.WriteAllText(temp, "half-writ");
                throw new InvalidOperationException("disk full");
            }));
            Assert.Equal("first", File.ReadAllText(target));
            Assert.Equal(["model.gbx.json"], dir.GetFiles().Select(f => f.Name));

            AtomicFile.WriteAllText(target, "second");
            Assert.Equal("second", File.ReadAllText(target));
            Assert.Single(dir.GetFiles());
        }
        finally { dir.Delete(recursive: true); }
    }
}
