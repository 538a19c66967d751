using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using PlanServices.ServiceDefaults;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>Sign-in: OpenID Connect in production; a choice of the demo users in the one-command run.</summary>
public sealed class SignInModel(IOptions<AuthOptions> auth, IConfiguration configuration, SuiteShape shape) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public bool Oidc => !string.IsNullOrWhiteSpace(auth.Value.Authority);

    public IReadOnlyList<(string Id, string Name, string Role)> DemoUsers => configuration.GetValue<bool>("Auth:LocalIssuer")
        ? LocalIssuer.DemoUsers(shape).Select(u => (u.Key, u.Value.Name, Describe(u.Value.Roles))).ToList()
        : [];

    public async Task<IActionResult> OnPostAsync(string user)
    {
        if (!configuration.GetValue<bool>("Auth:LocalIssuer") || !LocalIssuer.DemoUsers(shape).ContainsKey(user)) return BadRequest();
        await WebApp.SignInDemoAsync(HttpContext, user, auth.Value);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/app");
    }

    public IActionResult OnPostOidc() =>
        Challenge(new AuthenticationProperties { RedirectUri = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/app" }, OpenIdConnectDefaults.AuthenticationScheme);

    private static string Describe(string[] roles) => string.Join(", ", roles.Select(r => r switch
    {
        Roles.CommandArea => "command area",
        Roles.Originator => "Deputy Chief Constable (approves papers)",
        Roles.Opccn => "OPCCN (meetings, publishing)",
        _ => r,
    }));
}
