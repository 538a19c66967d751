using System.Globalization;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace PlanServices.Identity;

/// <summary>
/// The provider's keys, kept as files so that tokens outlive a restart: RSA signing keys (<c>signing-TIME.pem</c>, newest
/// signs, the others are still published) and the key that encrypts authorization codes and refresh tokens. Read when
/// the provider starts, which is when keys rotate: a signing key older than <see cref="IdentityOptions.KeyLifetime"/>
/// gets a successor, and a key whose successor has signed for <see cref="IdentityOptions.KeyRetiresAfter"/> is retired
/// (deleted, so no longer published, so tokens it signed are refused).
/// </summary>
public sealed class KeyRing
{
    private const string Format = "yyyyMMdd'T'HHmmssfff'Z'";

    /// <summary>Newest first: the first signs.</summary>
    public required IReadOnlyList<RsaSecurityKey> Signing { get; init; }

    public required SymmetricSecurityKey Encryption { get; init; }

    public static KeyRing Load(string directory, IdentityOptions options, DateTimeOffset now)
    {
        Directory.CreateDirectory(directory);
        var keys = Directory.GetFiles(directory, "signing-*.pem")
            .Select(file => (File: file, Created: Created(file)))
            .Where(k => k.Created is not null)
            .Select(k => (k.File, Created: k.Created!.Value))
            .OrderByDescending(k => k.Created).ToList();
        if (keys.Count == 0 || now - keys[0].Created >= options.KeyLifetime)
        {
            using var rsa = RSA.Create(2048);
            var file = Path.Combine(directory, $"signing-{now.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture)}.pem");
            Write(file, rsa.ExportPkcs8PrivateKeyPem());
            keys.Insert(0, (file, now));
        }
        for (var i = keys.Count - 1; i >= 1; i--)
            if (now - keys[i - 1].Created >= options.KeyRetiresAfter)
            {
                File.Delete(keys[i].File);
                keys.RemoveAt(i);
            }

        var encryption = Path.Combine(directory, "encryption.key");
        if (!File.Exists(encryption)) Write(encryption, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        return new KeyRing
        {
            Signing = [.. keys.Select(k => Read(k.File))],
            Encryption = new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(encryption).Trim())),
        };
    }

    /// <summary>A signing key as the file holds it, its id the file's name (what a token's <c>kid</c> names).</summary>
    public static RsaSecurityKey Read(string file)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(file));
        return new RsaSecurityKey(rsa) { KeyId = Path.GetFileNameWithoutExtension(file) };
    }

    private static DateTimeOffset? Created(string file) =>
        DateTimeOffset.TryParseExact(Path.GetFileNameWithoutExtension(file)["signing-".Length..], Format, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var created) ? created : null;

    /// <summary>Written beside, then moved in place, readable by this user only.</summary>
    private static void Write(string file, string text)
    {
        var temporary = file + ".new";
        File.WriteAllText(temporary, text);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, file, overwrite: true);
    }
}
