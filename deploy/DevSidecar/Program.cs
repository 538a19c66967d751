using PlanServices.DevSidecar;
using PlanServices.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDevSidecar();

var app = builder.Build();
app.MapServiceDefaults();
app.MapDevSidecar();
app.Run();

namespace PlanServices.DevSidecar
{
    /// <summary>Names this host's assembly, e.g. for WebApplicationFactory.</summary>
    public sealed class Host;
}
