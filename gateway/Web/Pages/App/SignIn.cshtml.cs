using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PlanServices.Gateway.Web.Pages.App;

/// <summary>Sign-in: the OpenID Connect code flow with the suite's authority (the embedded provider, or the organisation's).</summary>
public sealed class SignInModel : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public IActionResult OnPost() =>
        Challenge(new AuthenticationProperties { RedirectUri = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/app" }, OpenIdConnectDefaults.AuthenticationScheme);
}
