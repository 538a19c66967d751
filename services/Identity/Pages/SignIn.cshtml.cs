using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using PlanServices.ServiceDefaults;

namespace PlanServices.Identity.Pages;

/// <summary>
/// The provider's own sign-in page: a user name and a password, then back to the authorization request that sent the
/// person here. Attempts are rate-limited per address (<see cref="IdentityExtensions"/>), and a user name is locked after
/// repeated failures.
/// </summary>
public sealed class SignInModel(SignIns signIns, IOptions<IdentityOptions> options, SuiteShape shape) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty(SupportsGet = true)] public bool SignedOut { get; set; }

    [BindProperty, Required(ErrorMessage = "Enter your user name."), StringLength(200, ErrorMessage = "A user name is at most 200 characters."), Display(Name = "User name")]
    public string UserName { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Enter your password."), StringLength(1000, ErrorMessage = "A password is at most 1,000 characters."), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    public string? Problem { get; private set; }

    /// <summary>The demo people's user names, shown in the one-command run only.</summary>
    public IReadOnlyList<(string Id, string Name)> DemoUsers => options.Value.DemoUsers
        ? [.. DemoPeople.Of(shape).Select(p => (p.Key, p.Value.Name))]
        : [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var (person, outcome) = await signIns.CheckAsync(UserName, Password, IdentityExtensions.Address(HttpContext), ct);
        if (person is null)
        {
            Problem = outcome == SignIns.Locked
                ? $"This user name is locked after {options.Value.MaxFailedSignIns} failed sign-ins in a row. Try again later."
                : "The user name or password is not right.";
            // A locked name and a wrong password must not tell a guesser which names exist; only "locked" is said, for any name.
            return Page();
        }
        var subject = UserName.Trim().ToLowerInvariant();
        var identity = new ClaimsIdentity([new Claim("sub", subject), new Claim("name", person.Name)], IdentityExtensions.SessionScheme, "name", "role");
        await HttpContext.SignInAsync(IdentityExtensions.SessionScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/signin");
    }
}
