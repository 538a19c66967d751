using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web;

/// <summary>
/// A session keeps the person's access token fresh: when it is within a minute of its end, the refresh token buys a new
/// pair from the authority's token endpoint. When the authority refuses (the refresh token expired or was revoked, the
/// account removed), the session ends and the person signs in again; when it cannot be reached, the session stays and
/// the next request tries again. Two requests at the same moment may both refresh; the authority accepts a refresh
/// token used twice within a few seconds, and the later answer is kept.
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
            HttpResponseMessage response;
            try
            {
                var endpoint = (await metadata.GetConfigurationAsync(context.HttpContext.RequestAborted)).TokenEndpoint;
                response = await oidc.Backchannel.PostAsync(endpoint, new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = oidc.ClientId!, ["client_secret"] = oidc.ClientSecret!,
                }), context.HttpContext.RequestAborted);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException && !context.HttpContext.RequestAborted.IsCancellationRequested)
            {
                // The authority cannot be reached: the session stays as it is, and the next request tries again.
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SessionTokens)).LogWarning(e, "the session's tokens could not be refreshed");
                return;
            }
            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    var answer = TokenAnswer.Read(await response.Content.ReadAsStringAsync(context.HttpContext.RequestAborted));
                    properties.UpdateTokenValue("access_token", answer.AccessToken);
                    if (answer.RefreshToken is { } next) properties.UpdateTokenValue("refresh_token", next);
                    properties.UpdateTokenValue("expires_at", (clock.GetUtcNow() + answer.Lifetime).ToString("o", CultureInfo.InvariantCulture));
                    // Renewing the cookie keeps its end: the session is 8 hours from signing in, not from the last refresh.
                    properties.IssuedUtc = clock.GetUtcNow();
                    context.ShouldRenew = true;
                    return;
                }
                // Only the authority's refusal of the grant ends the session; another failure leaves it for the next request.
                if ((int)response.StatusCode is not (400 or 401)) return;
            }
        }
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
