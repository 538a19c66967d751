using PlanServices.Identity;
using PlanServices.ServiceDefaults;

// "hash-password": the hash of the password on standard input, for a person's Identity:Users:NAME:PasswordHash.
if (args is ["hash-password", ..])
{
    Console.WriteLine(Accounts.Hash(Console.In.ReadLine() ?? ""));
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIdentityProvider();

var app = builder.Build();
app.UseIdentityProtection();
app.MapServiceDefaults();
app.MapIdentityProvider();
app.Run();

namespace PlanServices.Identity
{
    /// <summary>Names this host's assembly, e.g. for WebApplicationFactory.</summary>
    public sealed class Host;
}
