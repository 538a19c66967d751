using PlanServices.Storage;
using PlanServices.Pillars.Extensions;
using PlanServices.ServiceDefaults;

var builder = WebApplication.CreateBuilder(ImportCommandLine.Settings(args));
builder.AddServiceDefaults();
builder.AddPillar("preventing-crime");

var app = builder.Build();
app.MapServiceDefaults();
app.MapPillar();
return await app.RunPillarAsync(args);

namespace PlanServices.PreventingCrime
{
    /// <summary>Names this host's assembly, e.g. for WebApplicationFactory.</summary>
    public sealed class Host;
}
