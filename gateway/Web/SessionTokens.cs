using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace PlanServices.Gateway.Web;

/// <summary>
/// A session keeps the person's access token fresh: when it is within a minute of its end, the refresh token buys a new
/// pair from the authority's token endpoint. When the authority refuses (the refresh token expired or was revoked, the
/// account removed), the session ends and the person signs in again.
/// </summary>
public static class SessionTokens
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    public static async Task RefreshAsync(CookieValidatePrincipalContext context)
    {
        var properties = context.Properties;
        if (!DateTimeOffset.TryParse(properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires)) return;
        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        if (expires - clock.GetUtcNow() > Margin) return;

        var oidc = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);
        var refreshToken = properties.GetTokenValue("refresh_token");
        if (refreshToken is not null && oidc.ConfigurationManager is { } metadata)
        {
            var endpoint = (await metadata.GetConfigurationAsync(context.HttpContext.RequestAborted)).TokenEndpoint;
            using var response = await oidc.Backchannel.PostAsync(endpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = oidc.ClientId!, ["client_secret"] = oidc.ClientSecret!,
            }), context.HttpContext.RequestAborted);
            if (response.IsSuccessStatusCode)
            {
                using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(context.HttpContext.RequestAborted));
                var answer = json.RootElement;
                properties.UpdateTokenValue("access_token", answer.GetProperty("access_token").GetString()!);
                if (answer.TryGetProperty("refresh_token", out var next)) properties.UpdateTokenValue("refresh_token", next.GetString()!);
                var lifetime = TimeSpan.FromSeconds(answer.TryGetProperty("expires_in", out var seconds) ? seconds.GetInt32() : 300);
                properties.UpdateTokenValue("expires_at", (clock.GetUtcNow() + lifetime).ToString("o", CultureInfo.InvariantCulture));
                context.ShouldRenew = true;
                return;
            }
        }
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
