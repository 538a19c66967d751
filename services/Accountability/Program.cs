using PlanServices.Storage;
using PlanServices.Accountability.Extensions;
using PlanServices.ServiceDefaults;

var builder = WebApplication.CreateBuilder(ImportCommandLine.Settings(args));
builder.AddServiceDefaults();
builder.AddAccountability();

var app = builder.Build();
app.MapServiceDefaults();
app.MapAccountability();
return await app.RunAccountabilityAsync(args);

namespace PlanServices.Accountability
{
    /// <summary>Names this host's assembly, e.g. for WebApplicationFactory.</summary>
    public sealed class Host;
}
