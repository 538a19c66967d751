using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using PlanServices.Pillars.Records;
using PlanServices.ServiceDefaults;

namespace PlanServices.Pillars.Import;

/// <summary>
/// The <c>import</c> command line: imports each file in turn, figures (*.csv, showing progress on stderr) or a paper's
/// narrative (*.md), signed: <c>--client ID --secret-file FILE</c> (a client of the authority, such as a Constabulary
/// system, asking for its own token by client credentials), <c>--token TOKEN</c> (a command area's token for this
/// pillar, as the gRPC API takes) or <c>--as "NAME"</c> (an operator on the server); who imported is recorded with each import. Nothing anonymous changes
/// figures. Options and files in any order; <c>--Key=value</c> arguments are the service's settings.
/// </summary>
public static class ImportCommand
{
    public const string Usage = "(--client ID --secret-file FILE | --token TOKEN | --as \"NAME\") FILE [FILE...]   (figures *.csv: docs/import.md; records *.csv, *.xlsx: docs/records.md; papers *.md: docs/narrative.md)";

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args)
    {
        var (who, files, problem) = await SignedAsync(services, args);
        if (problem is not null || files.Count == 0)
        {
            await Console.Error.WriteLineAsync(problem ?? "no file to import");
            await Console.Error.WriteLineAsync($"usage: import {Usage}");
            return 2;
        }
        foreach (var file in files)
        {
            try
            {
                Console.WriteLine(await ImportAsync(services, file, who, new ConsoleProgress(file)));
            }
            catch (RefusedException e)
            {
                await Console.Error.WriteLineAsync(e.Listing());
                return 1;
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"{file}: {e.Message}");
                return 1;
            }
        }
        return 0;
    }

    /// <summary>Who signs the import, from <c>--client</c>, <c>--token</c> or <c>--as</c>, and the files; or why it cannot run.</summary>
    private static async Task<(string Who, IReadOnlyList<string> Files, string? Problem)> SignedAsync(IServiceProvider services, IReadOnlyList<string> args)
    {
        string? operatorName = null, token = null, client = null, secretFile = null;
        var files = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var (option, value) = args[i].Split('=', 2) is [var o, var v] && o.StartsWith("--", StringComparison.Ordinal) ? (o, v) : (args[i], null);
            switch (option)
            {
                case "--as": operatorName = value ?? (i + 1 < args.Count ? args[++i] : ""); break;
                case "--token": token = value ?? (i + 1 < args.Count ? args[++i] : ""); break;
                case "--client": client = value ?? (i + 1 < args.Count ? args[++i] : ""); break;
                case "--secret-file": secretFile = value ?? (i + 1 < args.Count ? args[++i] : ""); break;
                case var setting when setting.StartsWith("--", StringComparison.Ordinal): break;
                default: files.Add(args[i]); break;
            }
        }
        var jwt = services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        if (client is { Length: > 0 })
        {
            if (secretFile is not { Length: > 0 } || !File.Exists(secretFile))
                return ("", files, $"--client {client}: give --secret-file FILE, a file holding the client's secret");
            try
            {
                token = (await ServiceTokens.RequestAsync(jwt, client, (await File.ReadAllTextAsync(secretFile)).Trim(), null, CancellationToken.None)).Token;
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
            {
                return ("", files, $"--client {client}: {e.Message}");
            }
        }
        if (token is { Length: > 0 })
        {
            // As the bearer handler validates a request's token: the issuer and keys of the authority's discovery document.
            var metadata = await jwt.ConfigurationManager!.GetConfigurationAsync(CancellationToken.None);
            var parameters = jwt.TokenValidationParameters.Clone();
            parameters.ValidIssuer = metadata.Issuer;
            parameters.IssuerSigningKeys = metadata.SigningKeys;
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
            var pillar = services.GetRequiredService<ServiceIdentity>().Pillar;
            if (!result.IsValid) return ("", files, $"--token: not a valid token ({result.Exception?.Message})");
            var user = new System.Security.Claims.ClaimsPrincipal(result.ClaimsIdentity);
            if (!user.HasClaim("role", Roles.CommandArea) || !user.HasClaim(Roles.PillarClaim, pillar))
                return ("", files, $"--token: {user.Who()} is not the {pillar} command area, which alone imports its figures");
            return (user.Who(), files, null);
        }
        return string.IsNullOrWhiteSpace(operatorName)
            ? ("", files, "an import is signed: give --client ID --secret-file FILE (a client of the authority), --token TOKEN (a command area's) or --as \"YOUR NAME\" (an operator on this server)")
            : ($"{operatorName.Trim()} (operator)", files, null);
    }

    /// <summary>Imports one file by its kind, signed by <paramref name="who"/>; returns what it did.</summary>
    public static async Task<string> ImportAsync(IServiceProvider services, string file, string who, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        var name = Path.GetFileName(file);
        if (file.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            var papers = services.GetRequiredService<Papers.PaperWorkflow>();
            var (paper, changed) = await Papers.PaperFile.ImportAsync(papers, await File.ReadAllTextAsync(file, ct), name, who, ct);
            return $"{name}: the {paper.PeriodEnd} paper is at version {paper.Version} ({paper.Status})" + (changed ? "" : "; nothing changed");
        }
        var head = new byte[4096];
        await using (var peek = File.OpenRead(file)) head = head[..await peek.ReadAsync(head, ct)];
        if (RecordFile.IsRecordFile(name, name.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? await File.ReadAllBytesAsync(file, ct) : head))
        {
            await using var records = File.OpenRead(file);
            var receipt = await services.GetRequiredService<RecordImporter>().ImportFileAsync(name, records, $"{who}: {name}", ct: ct);
            return receipt.Changed is null ? $"{receipt} (already imported: nothing changed)" : receipt.ToString();
        }
        await using var stream = File.OpenRead(file);
        var result = await services.GetRequiredService<ObservationImporter>().ImportAsync(stream, $"{who}: {name}", progress, ct);
        return result.ChangedSomething ? result.ToString() : $"{result} (already imported: nothing changed)";
    }

    /// <summary>One line per stage and every tenth of the way, so large files show they are moving.</summary>
    private sealed class ConsoleProgress(string path) : IProgress<ImportProgress>
    {
        private readonly string file = Path.GetFileName(path);
        private (ImportStage Stage, int Tenth) _last = (ImportStage.Done, -1);

        public void Report(ImportProgress value)
        {
            var tenth = value.Stage == ImportStage.Reading && value.Total > 0 ? (int)Math.Min(10, 10L * value.Done / value.Total) : 0;
            if ((value.Stage, tenth) == _last || value.Stage == ImportStage.Done) return;
            _last = (value.Stage, tenth);
            var stage = value.Stage.ToString().ToLowerInvariant();
            Console.Error.WriteLine(value.Stage == ImportStage.Reading ? $"{file}: {stage} {tenth * 10}%" : $"{file}: {stage} {value.Total:N0} rows");
        }
    }
}
